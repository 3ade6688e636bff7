// Whose open and overdue dossiers a caller may list (work queue, overdue list):
// - a desk officer: their own unit's (the desk of the district or of a commune — token unitCode);
//   unit_code defaults to it, agency_code may narrow the list within it;
// - an agency officer (specialist): their own agency's (token unitCode = the agency's code);
//   agency_code defaults to it, unit_code may narrow the list within it;
// - a leader of an agency or a commune: their own agency's or unit's (either field naming their
//   code; agency_code by default);
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
 * open dossiers by naming them.
 */
export function workQueueScope(
  caller: Caller,
  requested: QueueScope,
  districtUnitCode: string,
  carriesOn: (own: string, unit: string) => boolean = () => false,
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
      return { scope: { unitCode: unitCode ?? own, agencyCode } };
    case 'specialist':
      if (agencyCode && agencyCode !== own)
        return { denied: `an officer of agency ${own} lists the dossiers of ${own} only, not of ${agencyCode}` };
      return { scope: { unitCode, agencyCode: own } };
    case 'leader':
      if (unitCode === own || agencyCode === own || (unitCode && !agencyCode && carriesOn(own, unitCode)))
        return { scope: { unitCode, agencyCode } };
      if (!unitCode && !agencyCode) return { scope: { agencyCode: own } };
      return {
        denied: `a leader of ${own} lists the dossiers of ${own} only, not of ${agencyCode ?? unitCode}; the district's leaders (${districtUnitCode}) see every unit`,
      };
    default:
      return { denied: `role ${caller.role} has no work queue` };
  }
}
