// Who carries what on, judged on the administrative map as of the service's clock: the same
// helpers intake and processing use (libs/admin-map carriesOn, agencyCarriedScope), for the
// reading rules (dossier-access.ts) and the worklists' default scope (work-queue-access.ts).
import { agencyCarriedScope, carriesOn, type LoadedMap } from '@onestop/admin-map';
import type { Succession } from '../../domain/work-queue-access';

export interface MapSuccession extends Succession {
  /** Whether unit `own` carries `unit` on now (itself included). */
  carriesOn: (own: string, unit: string) => boolean;
}

export function successionOn(map: LoadedMap, clock: () => Date): MapSuccession {
  const codes = [...map.units.keys()].sort();
  return {
    carriesOn: (own, unit) => carriesOn(map, own, unit, clock()),
    carriedUnits: (own) => {
      if (!map.units.has(own)) return [];
      const now = clock();
      return codes.filter((code) => code !== own && carriesOn(map, own, code, now));
    },
    carriedCases: (own) => agencyCarriedScope(map, map.agencies, own, clock()),
  };
}
