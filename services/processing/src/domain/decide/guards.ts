// Checks shared by the officers' actions, in the order the answers are given: the request
// (INVALID_ARGUMENT), the case exists (NOT_FOUND), the caller may act (PERMISSION_DENIED), the
// case's state allows it (FAILED_PRECONDITION).
import { type Actor, checkAtAgency, checkRole } from '../actor';
import { type CaseState, describeCase, isOpen, openConsultations, type Phase, rolesFor } from '../case-state';
import { type Decision, invalid, notFound, precondition, type Violation } from '../decision';
import type { CaseAction } from '../workflow';

const ACTION_TEXT: Record<CaseAction, string> = {
  assign: 'assign a case',
  transfer: 'transfer a case to another agency',
  request_supplement: 'request a supplement',
  notify_financial_obligation: 'notify a financial obligation',
  record_payment: 'record a payment',
  request_consultation: 'request a consultation',
  record_consultation_answer: "record another agency's answer",
  stop: 'stop processing',
  apologize: 'issue an apology',
};

/** Input violations, then that the case exists, then that the caller works at its agency. */
export function admit(s: CaseState, actor: Actor, violations: Violation[]): Decision | undefined {
  if (violations.length) return invalid(violations);
  if (s.version === 0) return notFound(`dossier ${s.dossierId} has no processing case`);
  return checkAtAgency(s, actor);
}

/** The workflow's roles for `action` include the caller's. */
export function allowedTo(s: CaseState, actor: Actor, action: CaseAction): Decision | undefined {
  return checkRole(rolesFor(s, action), actor, ACTION_TEXT[action]);
}

/** The case is in one of `phases`. */
export function inPhase(s: CaseState, ...phases: Phase[]): Decision | undefined {
  return phases.includes(s.phase)
    ? undefined
    : precondition(`${describeCase(s)}; this needs it to be ${phases.map((p) => p.replace(/_/g, ' ')).join(' or ')}`);
}

export function stillOpen(s: CaseState): Decision | undefined {
  return isOpen(s) ? undefined : precondition(`${describeCase(s)}; processing has ended`);
}

/** No consultation of another agency is waiting for its answer. */
export function noOpenConsultation(s: CaseState, what: string): Decision | undefined {
  const open = openConsultations(s);
  if (open.length === 0) return undefined;
  return precondition(
    `cannot ${what} while waiting for the answer of ${open.map((c) => `${c.consultedAgencyCode} (consultation ${c.consultationId})`).join(', ')}`,
  );
}

/** The named step is the one in progress. */
export function stepInProgress(s: CaseState, stepCode: string): Decision | undefined {
  const current = s.currentStep?.code ?? '';
  return current === stepCode ? undefined : precondition(`step "${stepCode}" is not in progress; the step in progress is "${current}"`);
}
