// Whose open and overdue dossiers a caller may list (work queue, overdue list):
// - a desk officer: their own unit's (the desk of the district or of a commune — token unitCode);
//   with no unit_code named, their own unit's and those of the units it carries on since the map
//   changed (a successor commune's predecessors), agency_code may narrow the list within them;
// - an agency officer (specialist): their own agency's (token unitCode = the agency's code);
//   agency_code defaults to it — and then also lists the cases of dissolved agencies it carries on
//   (libs/admin-map agencyCarriedScope) — unit_code may narrow the list within it;
// - a leader of an agency or a commune: their own agency's or unit's (either field naming their
//   code; agency_code by default, with the carried cases as for a specialist — or, for a leader of
//   a commune that carries others on, their unit's and those units' as for a desk);
// - oversight, any unit or agency (one must be named): auditors, IT administrators, the
//   platform's own services, and the district's leaders (Lãnh đạo UBND huyện) — a leader whose
//   token unitCode is the district's unit code (setting DISTRICT_UNIT_CODE).

/** The caller as the token names them. */
export interface Caller {
  officerId: string;
  role: string;
  unitCode: string;
}

export interface QueueScope {
  unitCode?: string;
  agencyCode?: string;
  /** Instead of unitCode: any of these units (a desk's own and those it carries on), one query. */
  unitCodes?: string[];
  /** Besides agencyCode's own: the cases held by any of these agencies for any of these units. */
  carried?: CarriedCases;
}

/** Cases held by any of `agencyCodes` for a dossier of any of `unitCodes` (agencyCarriedScope). */
export interface CarriedCases {
  agencyCodes: string[];
  unitCodes: string[];
}

/** Who carries what on now (the administrative map as of the service's clock). */
export interface Succession {
  /** The units whose work unit `own` carries on, itself excluded. */
  carriedUnits: (own: string) => string[];
  /** The dissolved agencies' cases agency `own` carries on. */
  carriedCases: (own: string) => CarriedCases;
}

const NO_SUCCESSION: Succession = { carriedUnits: () => [], carriedCases: () => ({ agencyCodes: [], unitCodes: [] }) };

/** A desk's own unit, widened by the units it carries on when there are any. */
function deskScope(own: string, agencyCode: string | undefined, succession: Succession): QueueScope {
  const carried = succession.carriedUnits(own).filter((u) => u !== own);
  return carried.length ? { unitCodes: [own, ...carried], agencyCode } : { unitCode: own, agencyCode };
}

/** An agency's own cases, widened by the cases it carries on when there are any. */
function agencyScope(own: string, unitCode: string | undefined, succession: Succession): QueueScope {
  const carried = succession.carriedCases(own);
  const scope: QueueScope = unitCode === undefined ? { agencyCode: own } : { unitCode, agencyCode: own };
  return carried.agencyCodes.length && carried.unitCodes.length ? { ...scope, carried } : scope;
}

export type ScopeDecision =
  | { scope: QueueScope }
  /** Neither unit nor agency named, and the caller has no own one to default to. */
  | { missing: true }
  | { denied: string };

const OVERSIGHT_ROLES = new Set(['auditor', 'it_admin', 'service']);

export function mayListAnyUnit(caller: Caller, districtUnitCode: string): boolean {
  return OVERSIGHT_ROLES.has(caller.role) || (caller.role === 'leader' && caller.unitCode !== '' && caller.unitCode === districtUnitCode);
}

/**
 * The scope a caller's request lists, or why it may not. `carriesOn(own, unit)`: the caller's unit
 * carries that unit on since the map changed — a successor commune's desk lists its predecessors'
 * open dossiers by naming them, or with its own when it names no unit (`succession`). A unit named
 * explicitly is listed alone, as checked.
 */
export function workQueueScope(
  caller: Caller,
  requested: QueueScope,
  districtUnitCode: string,
  carriesOn: (own: string, unit: string) => boolean = () => false,
  succession: Succession = NO_SUCCESSION,
): ScopeDecision {
  const unitCode = requested.unitCode || undefined;
  const agencyCode = requested.agencyCode || undefined;
  if (mayListAnyUnit(caller, districtUnitCode)) return unitCode || agencyCode ? { scope: { unitCode, agencyCode } } : { missing: true };
  const own = caller.unitCode;
  if (!own) return { denied: `officer ${caller.officerId} has no unit in their token` };
  switch (caller.role) {
    case 'desk_officer':
      if (unitCode && unitCode !== own && !carriesOn(own, unitCode))
        return {
          denied: `a desk officer of ${own} lists the dossiers of unit ${own} only, not of ${unitCode}`,
        };
      return { scope: unitCode ? { unitCode, agencyCode } : deskScope(own, agencyCode, succession) };
    case 'specialist':
      if (agencyCode && agencyCode !== own)
        return { denied: `an officer of agency ${own} lists the dossiers of ${own} only, not of ${agencyCode}` };
      return { scope: agencyCode ? { unitCode, agencyCode: own } : agencyScope(own, unitCode, succession) };
    case 'leader':
      if (unitCode === own || agencyCode === own || (unitCode && !agencyCode && carriesOn(own, unitCode)))
        return { scope: { unitCode, agencyCode } };
      // nothing named: a successor commune's leader their unit's and its predecessors'; an agency's leader their agency's
      if (!unitCode && !agencyCode)
        return {
          scope: succession.carriedUnits(own).length ? deskScope(own, undefined, succession) : agencyScope(own, undefined, succession),
        };
      return {
        denied: `a leader of ${own} lists the dossiers of ${own} only, not of ${agencyCode ?? unitCode}; the district's leaders (${districtUnitCode}) see every unit`,
      };
    default:
      return { denied: `role ${caller.role} has no work queue` };
  }
}
