// Ending or rescheduling processing: stop (Dừng xử lý, status 8), apology with a new date
// (Phiếu xin lỗi và hẹn lại ngày trả kết quả, Form 04), and issuing the result (status 9).
import { common, processingEvents as ev } from '@onestop/contracts';
import { checkAssignee, checkRole, firstFailure } from '../actor';
import { type CaseState, stepDefinition } from '../case-state';
import { accept, type Decision, type DecisionContext, optionalText, precondition, requiredText, type Violation } from '../decision';
import type { OfficerCommand } from '../commands';
import { handOff } from '../steps';
import { timelinessOf, workingHoursLeft } from '../working-time';
import { admit, allowedTo, inPhase, noOpenConsultation, stillOpen } from './guards';

const S = common.NationalStatus;
const K = ev.StepKind;

type Cmd<T extends OfficerCommand['type']> = Extract<OfficerCommand, { type: T }>;

export function stopProcessing(s: CaseState, c: Cmd<'StopProcessing'>, ctx: DecisionContext): Decision {
  const failure = firstFailure(
    () => admit(s, c.actor, requiredText(c.reason, 'reason')),
    () => allowedTo(s, c.actor, 'stop'),
    () => stillOpen(s),
  );
  if (failure) return failure;
  return accept({
    type: 'ProcessingStopped',
    data: {
      dossierId: s.dossierId,
      status: S.NATIONAL_STATUS_STOPPED,
      reason: c.reason,
      stoppedBy: c.actor.officerId,
      stoppedAt: ctx.now,
      processingStartedAt: s.clockStartedAt,
      dueAt: s.dueAt,
      handOff: handOff({
        from: s.agencyCode,
        to: s.unitCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        dueAt: s.dueAt,
        note: c.reason,
        fromStep: s.currentStep?.code,
      }),
    },
  });
}

/**
 * Form 04 rules: the agency apologises at least one working day before the due time, at most once
 * per dossier, with a new date after the current one; not while the clock waits for the citizen.
 */
export function issueApology(s: CaseState, c: Cmd<'IssueApology'>, ctx: DecisionContext): Decision {
  const v: Violation[] = requiredText(c.reason, 'reason');
  if (!c.newDueAt) v.push({ field: 'new_due_at', description: 'is required' });
  else if (s.dueAt && c.newDueAt.getTime() <= s.dueAt.getTime()) {
    v.push({ field: 'new_due_at', description: `must be after the current due time ${s.dueAt.toISOString()}` });
  }
  const failure = firstFailure(
    () => admit(s, c.actor, v),
    () => allowedTo(s, c.actor, 'apologize'),
    () => inPhase(s, 'in_progress', 'awaiting_payment'),
    () =>
      s.apology
        ? precondition(
            `an apology was already issued for dossier ${s.dossierCode} on ${s.apology.issuedAt?.toISOString()}; the date can be moved only once`,
          )
        : undefined,
  );
  if (failure) return failure;
  const dueAt = s.dueAt as Date;
  const left = workingHoursLeft(ctx.time, ctx.now, dueAt);
  if (!ctx.time.isAtLeastWorkingDaysBefore(ctx.now, dueAt, 1)) {
    return precondition(
      `an apology must be sent at least 1 working day before the due time ${dueAt.toISOString()}; only ${formatHours(left)} working hours are left`,
    );
  }
  return accept({
    type: 'ApologyIssued',
    data: {
      dossierId: s.dossierId,
      status: s.status,
      reason: c.reason,
      previousDueAt: dueAt,
      newDueAt: c.newDueAt,
      issuedBy: c.actor.officerId,
      issuedAt: ctx.now,
      workingHoursBeforeDue: left,
      applicantName: s.applicantName,
      dossierCode: s.dossierCode,
    },
  });
}

function formatHours(h: number): string {
  return (Math.round(h * 100) / 100).toString();
}

export function issueResult(s: CaseState, c: Cmd<'IssueResult'>, ctx: DecisionContext): Decision {
  const failure = firstFailure(
    () => admit(s, c.actor, [...requiredText(c.resultSummary, 'result_summary'), ...optionalText(c.documentNumber, 'document_number')]),
    () => inPhase(s, 'in_progress'),
  );
  if (failure) return failure;
  const step = stepDefinition(s, s.currentStep?.code);
  if (!step || step.kind !== K.STEP_KIND_ISSUE) {
    const issueStep = s.steps.find((x) => x.kind === K.STEP_KIND_ISSUE)?.code ?? 'issue';
    return precondition(`the result is issued at step "${issueStep}"; the step in progress is "${s.currentStep?.code ?? ''}"`);
  }
  const more = firstFailure(
    () => checkRole(step.roles, c.actor, 'issue the result'),
    () => checkAssignee(s, c.actor, step.assigneeOnly),
    () => noOpenConsultation(s, 'issue the result'),
  );
  if (more) return more;
  const dueAt = s.dueAt as Date;
  return accept({
    type: 'ResultIssued',
    data: {
      dossierId: s.dossierId,
      status: S.NATIONAL_STATUS_RESULT_READY,
      resultSummary: c.resultSummary,
      documentNumber: c.documentNumber,
      issuedBy: c.actor.officerId,
      issuedAt: ctx.now,
      processingStartedAt: s.clockStartedAt,
      processingEndedAt: ctx.now,
      dueAt,
      originalDueAt: s.originalDueAt,
      timeliness: timelinessOf(ctx.now, dueAt),
      supplementRequestCount: s.supplementRequestCount,
      waitedWorkingHours: s.waitedWorkingHours,
      apologyIssued: s.apology !== undefined,
      clockRestartedAt: s.clockRestartedAt,
      handOff: handOff({
        from: s.agencyCode,
        to: s.unitCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        dueAt,
        note: c.resultSummary,
        fromStep: step.code,
      }),
    },
  });
}
