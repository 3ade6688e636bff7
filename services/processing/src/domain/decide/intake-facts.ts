// Facts from intake applied to the case: a received dossier opens it at its handling agency, a
// supplement resumes it, a withdrawal closes it. Facts already applied or no longer relevant are
// 'obsolete' (redeliveries are normal); malformed ones are 'invalid'.
import { common, processingEvents as ev, type intakeEvents } from '@onestop/contracts';
import { type CaseState, describeCase, stepDefinition } from '../case-state';
import { accept, type Decision, type DecisionContext, invalid, obsolete, type Violation } from '../decision';
import type { IntakeFactCommand } from '../commands';
import { handOff, receiverOf, startStep } from '../steps';
import type { ResolvedWorkflow } from '../workflow';

const S = common.NationalStatus;
const P = ev.SupplementPolicy;

export function supplementPolicyOf(text: string): ev.SupplementPolicy {
  if (text === 'pause') return P.SUPPLEMENT_POLICY_PAUSE;
  if (text === 'restart') return P.SUPPLEMENT_POLICY_RESTART;
  return P.SUPPLEMENT_POLICY_UNSPECIFIED;
}

function receivedViolations(d: intakeEvents.DossierReceived): Violation[] {
  const v: Violation[] = [];
  for (const [field, value] of [
    ['dossier_id', d.dossierId],
    ['dossier_code', d.dossierCode],
    ['unit_code', d.unitCode],
    ['procedure_code', d.procedureCode],
    ['agency_code', d.agencyCode],
  ] as const) {
    if (!value) v.push({ field, description: 'is required' });
  }
  for (const [field, value] of [
    ['received_at', d.receivedAt],
    ['clock_started_at', d.clockStartedAt],
    ['due_at', d.dueAt],
  ] as const) {
    if (!value) v.push({ field, description: 'is required' });
  }
  if (supplementPolicyOf(d.supplementPolicy) === P.SUPPLEMENT_POLICY_UNSPECIFIED) {
    v.push({ field: 'supplement_policy', description: `must be "pause" or "restart", not "${d.supplementPolicy}"` });
  }
  return v;
}

function openCase(
  s: CaseState,
  d: intakeEvents.DossierReceived,
  workflow: ResolvedWorkflow,
  sourceEventId: string,
  deskOfficerId: string,
  ctx: DecisionContext,
): Decision {
  if (s.version > 0) return obsolete(`the case of dossier ${s.dossierCode || s.dossierId} is already open`);
  const violations = receivedViolations(d);
  if (violations.length) return invalid(violations);
  const receivedAt = d.receivedAt as Date;
  const clockStartedAt = d.clockStartedAt as Date;
  const first = workflow.steps[0];
  const firstStep = startStep({ ...s, dueAt: d.dueAt }, first, clockStartedAt, ctx.time);
  return accept({
    type: 'CaseOpened',
    data: {
      dossierId: d.dossierId,
      status: S.NATIONAL_STATUS_PROCESSING,
      dossierCode: d.dossierCode,
      unitCode: d.unitCode,
      procedureCode: d.procedureCode,
      procedureName: d.procedureName,
      fieldCode: d.fieldCode,
      agencyCode: d.agencyCode,
      level: d.level,
      channel: d.channel,
      applicantName: d.applicant?.fullName ?? '',
      receivedAt,
      clockStartedAt,
      dueAt: d.dueAt,
      statutoryWorkingHours: d.statutoryWorkingHours,
      supplementPolicy: supplementPolicyOf(d.supplementPolicy),
      calendarVersion: d.calendarVersion,
      catalogueVersion: d.catalogueVersion,
      workflowId: workflow.id,
      workflowVersion: workflow.version,
      steps: workflow.steps,
      actionRoles: Object.entries(workflow.actionRoles).map(([action, roles]) => ({ action, roles })),
      firstStep,
      handOff: handOff({
        from: d.unitCode,
        to: d.agencyCode,
        at: receivedAt,
        givenBy: deskOfficerId,
        receivedBy: '',
        dueAt: receivedAt,
        note: 'received at the one-stop desk',
        toStep: first.code,
      }),
      sourceEventId,
      resultDelivery: d.resultDelivery,
    },
  });
}

function resume(
  s: CaseState,
  d: intakeEvents.SupplementReceived,
  sourceEventId: string,
  deskOfficerId: string,
  ctx: DecisionContext,
): Decision {
  if (s.version === 0) return obsolete(`dossier ${d.dossierId} has no case to resume`);
  if (s.phase !== 'awaiting_supplement' || !s.pendingSupplement) return obsolete(`${describeCase(s)}; nothing to resume`);
  if (!d.newDueAt) return invalid([{ field: 'new_due_at', description: 'is required' }]);
  const receivedAt = d.receivedAt ?? ctx.now;
  const policy = supplementPolicyOf(d.policy) || s.supplementPolicy;
  const pending = s.pendingSupplement;
  const step = stepDefinition(s, pending.stepCode) ?? s.steps[0];
  const hours = policy === P.SUPPLEMENT_POLICY_PAUSE ? pending.stepRemainingWorkingHours : step.budgetWorkingHours;
  const resumedStep = startStep({ ...s, dueAt: d.newDueAt }, step, receivedAt, ctx.time, hours);
  return accept({
    type: 'CaseResumedAfterSupplement',
    data: {
      dossierId: s.dossierId,
      status: S.NATIONAL_STATUS_PROCESSING,
      requestedAt: pending.requestedAt,
      supplementReceivedAt: receivedAt,
      policy,
      previousDueAt: d.previousDueAt ?? s.dueAt,
      newDueAt: d.newDueAt,
      waitedWorkingHours: d.waitedWorkingHours,
      resumedStep,
      handOff: handOff({
        from: s.unitCode,
        to: s.agencyCode,
        at: receivedAt,
        givenBy: deskOfficerId,
        receivedBy: receiverOf(s, step),
        note: 'supplement received from the citizen',
        toStep: step.code,
      }),
      sourceEventId,
    },
  });
}

function withdraw(s: CaseState, d: intakeEvents.DossierWithdrawn, sourceEventId: string, ctx: DecisionContext): Decision {
  if (s.version === 0) return obsolete(`dossier ${d.dossierId} has no case to close`);
  if (s.phase !== 'in_progress' && s.phase !== 'awaiting_supplement' && s.phase !== 'awaiting_payment') {
    return obsolete(`${describeCase(s)}; a withdrawal changes nothing`);
  }
  return accept({
    type: 'CaseWithdrawn',
    data: { dossierId: s.dossierId, status: S.NATIONAL_STATUS_WITHDRAWN, withdrawnAt: d.withdrawnAt ?? ctx.now, sourceEventId },
  });
}

export function decideIntakeFact(c: IntakeFactCommand, s: CaseState, ctx: DecisionContext): Decision {
  switch (c.type) {
    case 'OpenCase':
      return openCase(s, c.dossier, c.workflow, c.sourceEventId, c.deskOfficerId, ctx);
    case 'ResumeAfterSupplement':
      return resume(s, c.supplement, c.sourceEventId, c.deskOfficerId, ctx);
    case 'WithdrawCase':
      return withdraw(s, c.withdrawal, c.sourceEventId, ctx);
  }
}
