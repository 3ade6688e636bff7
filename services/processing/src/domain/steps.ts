// Building blocks shared by the decisions: starting a workflow step with its due time, and writing
// a row of the processing control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ, Form 05).
import { processingEvents as ev } from '@onestop/contracts';
import type { CaseState } from './case-state';
import { earlier, timelinessOf, type WorkingTime } from './working-time';

/**
 * Starts `step` at `startedAt`: due after its budget in working hours (or `hours` when given),
 * never after the dossier's due time.
 */
export function startStep(
  s: CaseState,
  step: ev.WorkflowStep,
  startedAt: Date,
  time: WorkingTime,
  hours = step.budgetWorkingHours,
): ev.StepActivation {
  const byBudget = time.addWorkingHours(startedAt, Math.max(0, hours));
  return { stepCode: step.code, startedAt, dueAt: s.dueAt ? earlier(byBudget, s.dueAt) : byBudget };
}

export function stepIndex(s: CaseState, code: string): number {
  return s.steps.findIndex((x) => x.code === code);
}

export interface HandOffInput {
  from: string;
  to: string;
  at: Date;
  givenBy: string;
  receivedBy?: string;
  /** The due time of the giver's part; the result is left unspecified without one. */
  dueAt?: Date;
  note?: string;
  fromStep?: string;
  toStep?: string;
}

/** One Form 05 row; the result compares the hand-off with the giver's due time by calendar day. */
export function handOff(h: HandOffInput): ev.HandOff {
  return {
    fromUnitCode: h.from,
    toUnitCode: h.to,
    handedAt: h.at,
    givenBy: h.givenBy,
    receivedBy: h.receivedBy ?? '',
    result: h.dueAt ? timelinessOf(h.at, h.dueAt) : ev.Timeliness.TIMELINESS_UNSPECIFIED,
    dueAt: h.dueAt,
    note: h.note ?? '',
    fromStepCode: h.fromStep ?? '',
    toStepCode: h.toStep ?? '',
  };
}

/** Who receives the case when `step` starts: the assignee for a step a specialist may do, else the leaders. */
export function receiverOf(s: CaseState, step: ev.WorkflowStep): string {
  return step.roles.includes('specialist') ? s.assigneeId : '';
}
