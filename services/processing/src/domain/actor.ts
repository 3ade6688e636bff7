// Who acts on a case, and the checks every officer action shares: the caller works at the case's
// current agency, holds a role the workflow allows, and — as a specialist (chuyên viên) — is the
// officer the case is assigned to.
import type { Actor } from '@onestop/commands';
import type { CaseState } from './case-state';
import { type Decision, denied } from './decision';

/** The acting officer, from the caller's token (the platform's one Actor). */
export type { Actor };

/** The timers act as this system actor. */
export const TIMER_ACTOR_ID = 'system:deadline-timer';

export function checkAtAgency(s: CaseState, actor: Actor, agencyCode = s.agencyCode): Decision | undefined {
  if (actor.unitCode === agencyCode) return undefined;
  return denied(`an officer of ${actor.unitCode || '(no unit)'} may not act on dossier ${s.dossierCode}: it is handled by ${agencyCode}`);
}

export function checkRole(allowed: readonly string[], actor: Actor, what: string): Decision | undefined {
  if (allowed.includes(actor.role)) return undefined;
  return denied(`role ${actor.role} may not ${what}; allowed: ${allowed.length ? allowed.join(', ') : 'nobody'}`);
}

/**
 * A specialist acts only on a case assigned to them; leaders act on any case of their agency,
 * except on a step the workflow reserves for the assignee (`assigneeOnly`).
 */
export function checkAssignee(s: CaseState, actor: Actor, assigneeOnly = false): Decision | undefined {
  if ((actor.role !== 'specialist' && !assigneeOnly) || s.assigneeId === actor.officerId) return undefined;
  return denied(
    s.assigneeId
      ? `dossier ${s.dossierCode} is assigned to ${s.assigneeId}, not to ${actor.officerId}`
      : `dossier ${s.dossierCode} is not assigned yet; a leader assigns it first`,
  );
}

/** The first failing check, if any. */
export function firstFailure(...checks: (() => Decision | undefined)[]): Decision | undefined {
  for (const check of checks) {
    const failure = check();
    if (failure) return failure;
  }
  return undefined;
}
