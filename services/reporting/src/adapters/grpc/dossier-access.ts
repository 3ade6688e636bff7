// Who may read one dossier (GetDossier, GetDossierAsOf): the same rule as intake's GetDossier, so
// the read model never shows more than the service that owns the dossier —
// - a desk officer: dossiers of their own unit (token unitCode = the dossier's unit);
// - agencies' staff (specialist, leader): dossiers of any unit of the district;
// - oversight (auditor, it_admin) and the platform's services: any.
// The online portal reads nothing here; citizens use LookupDossier (code + ID number, throttled).
import type { Caller } from '../../domain/work-queue-access';

const ANY_UNIT = new Set(['auditor', 'it_admin', 'service', 'specialist', 'leader']);

/**
 * Why `caller` may not read a dossier of `unitCode`, or null when they may. `carriesOn(own, unit)`
 * says whether the caller's unit carries the dossier's unit on since the map changed (a successor
 * commune's desk reads its predecessors' dossiers).
 */
export function dossierReadDenial(caller: Caller, unitCode: string, carriesOn?: (own: string, unit: string) => boolean): string | null {
  if (ANY_UNIT.has(caller.role)) return null;
  if (caller.role === 'desk_officer' && caller.unitCode !== '' && caller.unitCode === unitCode) return null;
  if (caller.role === 'desk_officer' && caller.unitCode !== '' && carriesOn?.(caller.unitCode, unitCode)) return null;
  return `officer ${caller.officerId} (${caller.role}) of unit ${caller.unitCode} may not read a dossier of unit ${unitCode}`;
}
