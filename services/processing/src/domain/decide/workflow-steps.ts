// Moving a case through its workflow: assignment (phân công), ending a step, sending a step back,
// and transfer to another agency. Each move writes a Form 05 row.
import { processingEvents as ev } from '@onestop/contracts';
import { type Actor, checkAssignee, checkRole, firstFailure } from '../actor';
import { type CaseState, stepDefinition } from '../case-state';
import { accept, type Decision, type DecisionContext, invalid, optionalText, precondition, requiredCode, requiredText } from '../decision';
import type { OfficerCommand } from '../commands';
import { handOff, receiverOf, startStep, stepIndex } from '../steps';
import { timelinessOf } from '../working-time';
import { admit, allowedTo, inPhase, noOpenConsultation, stepInProgress, stillOpen } from './guards';

const K = ev.StepKind;

type Cmd<T extends OfficerCommand['type']> = Extract<OfficerCommand, { type: T }>;

function current(s: CaseState): { step: ev.WorkflowStep; index: number; dueAt?: Date } {
  const index = stepIndex(s, s.currentStep?.code ?? '');
  return { step: s.steps[index], index, dueAt: s.currentStep?.dueAt };
}

export function assignOfficer(s: CaseState, c: Cmd<'AssignOfficer'>, ctx: DecisionContext): Decision {
  const failure = firstFailure(
    () => admit(s, c.actor, [...requiredCode(c.officerId, 'officer_id'), ...optionalText(c.note, 'note')]),
    () => allowedTo(s, c.actor, 'assign'),
    () => stillOpen(s),
    () => (c.officerId === s.assigneeId ? precondition(`dossier ${s.dossierCode} is already assigned to ${c.officerId}`) : undefined),
  );
  if (failure) return failure;
  const { step, index, dueAt } = current(s);
  const endsAssignStep = step?.kind === K.STEP_KIND_ASSIGN && s.phase === 'in_progress';
  const next = endsAssignStep ? s.steps[index + 1] : undefined;
  return accept({
    type: 'OfficerAssigned',
    data: {
      dossierId: s.dossierId,
      status: s.status,
      officerId: c.officerId,
      previousOfficerId: s.assigneeId,
      assignedBy: c.actor.officerId,
      assignedAt: ctx.now,
      stepCode: step?.code ?? '',
      nextStep: next ? startStep(s, next, ctx.now, ctx.time) : undefined,
      handOff: handOff({
        from: s.agencyCode,
        to: s.agencyCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        receivedBy: c.officerId,
        dueAt,
        note: c.note || (s.assigneeId ? `re-assigned from ${s.assigneeId}` : 'assigned'),
        fromStep: step?.code,
        toStep: next?.code ?? step?.code,
      }),
      note: c.note,
    },
  });
}

/** The caller may end `step`: a role of the step, and the assignee when the step is theirs. */
function mayEnd(s: CaseState, actor: Actor, step: ev.WorkflowStep): Decision | undefined {
  return checkRole(step.roles, actor, `end step "${step.code}"`) ?? checkAssignee(s, actor, step.assigneeOnly);
}

export function completeStep(s: CaseState, c: Cmd<'CompleteStep'>, ctx: DecisionContext): Decision {
  const failure = firstFailure(
    () => admit(s, c.actor, [...requiredText(c.stepCode, 'step_code'), ...optionalText(c.note, 'note')]),
    () => inPhase(s, 'in_progress'),
    () => stepInProgress(s, c.stepCode),
  );
  if (failure) return failure;
  const { step, index, dueAt } = current(s);
  if (step.kind === K.STEP_KIND_ASSIGN) return precondition(`step "${step.code}" ends when a leader assigns the case (AssignOfficer)`);
  if (step.kind === K.STEP_KIND_ISSUE) return precondition(`step "${step.code}" ends when the result is issued (IssueResult)`);
  const more = firstFailure(
    () => mayEnd(s, c.actor, step),
    () => noOpenConsultation(s, `complete step "${step.code}"`),
  );
  if (more) return more;
  const next = s.steps[index + 1];
  return accept({
    type: 'StepCompleted',
    data: {
      dossierId: s.dossierId,
      status: s.status,
      stepCode: step.code,
      completedBy: c.actor.officerId,
      completedAt: ctx.now,
      timeliness: dueAt ? timelinessOf(ctx.now, dueAt) : ev.Timeliness.TIMELINESS_UNSPECIFIED,
      nextStep: startStep(s, next, ctx.now, ctx.time),
      handOff: handOff({
        from: s.agencyCode,
        to: s.agencyCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        receivedBy: receiverOf(s, next),
        dueAt,
        note: c.note,
        fromStep: step.code,
        toStep: next.code,
      }),
      note: c.note,
    },
  });
}

export function sendBackStep(s: CaseState, c: Cmd<'SendBackStep'>, ctx: DecisionContext): Decision {
  const violations = [
    ...requiredText(c.stepCode, 'step_code'),
    ...requiredText(c.toStepCode, 'to_step_code'),
    ...requiredText(c.reason, 'reason'),
  ];
  const target = stepDefinition(s, c.toStepCode);
  if (s.version > 0 && c.toStepCode && !target)
    violations.push({ field: 'to_step_code', description: `"${c.toStepCode}" is not a step of workflow ${s.workflowId}` });
  const failure = firstFailure(
    () => admit(s, c.actor, violations),
    () => inPhase(s, 'in_progress'),
    () => stepInProgress(s, c.stepCode),
  );
  if (failure) return failure;
  const { step, index, dueAt } = current(s);
  const to = target as ev.WorkflowStep;
  if (stepIndex(s, to.code) >= index) return invalid([{ field: 'to_step_code', description: `must be a step before "${step.code}"` }]);
  if (to.kind === K.STEP_KIND_ASSIGN)
    return invalid([{ field: 'to_step_code', description: 'cannot send back to the assign step; re-assign with AssignOfficer' }]);
  const denied = mayEnd(s, c.actor, step);
  if (denied) return denied;
  return accept({
    type: 'StepSentBack',
    data: {
      dossierId: s.dossierId,
      status: s.status,
      stepCode: step.code,
      sentBackBy: c.actor.officerId,
      sentBackAt: ctx.now,
      reason: c.reason,
      toStep: startStep(s, to, ctx.now, ctx.time),
      handOff: handOff({
        from: s.agencyCode,
        to: s.agencyCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        receivedBy: receiverOf(s, to),
        dueAt,
        note: c.reason,
        fromStep: step.code,
        toStep: to.code,
      }),
    },
  });
}

export function transferToAgency(s: CaseState, c: Cmd<'TransferToAgency'>, ctx: DecisionContext): Decision {
  const violations = [...requiredCode(c.toAgencyCode, 'to_agency_code'), ...requiredText(c.reason, 'reason')];
  if (s.version > 0 && c.toAgencyCode === s.agencyCode)
    violations.push({ field: 'to_agency_code', description: `${c.toAgencyCode} already handles this dossier` });
  const failure = firstFailure(
    () => admit(s, c.actor, violations),
    () => allowedTo(s, c.actor, 'transfer'),
    () => inPhase(s, 'in_progress'),
    () => noOpenConsultation(s, 'transfer the case'),
  );
  if (failure) return failure;
  const { step, dueAt } = current(s);
  const first = s.steps[0];
  return accept({
    type: 'TransferredToAgency',
    data: {
      dossierId: s.dossierId,
      status: s.status,
      fromAgencyCode: s.agencyCode,
      toAgencyCode: c.toAgencyCode,
      transferredBy: c.actor.officerId,
      transferredAt: ctx.now,
      reason: c.reason,
      firstStep: startStep(s, first, ctx.now, ctx.time),
      handOff: handOff({
        from: s.agencyCode,
        to: c.toAgencyCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        dueAt,
        note: c.reason,
        fromStep: step?.code,
        toStep: first.code,
      }),
    },
  });
}
