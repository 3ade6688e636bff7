// Case states and work items as the wire shows them (proto/onestop/processing/v1).
import { processing as pb } from '@onestop/contracts';
import { type CaseState, type Phase, stepDefinition } from '../../domain/case-state';
import type { WorkItemView, WorkQueueName } from '../../application/ports';

const STATE: Record<Phase, pb.CaseState> = {
  none: pb.CaseState.CASE_STATE_UNSPECIFIED,
  in_progress: pb.CaseState.CASE_STATE_IN_PROGRESS,
  awaiting_supplement: pb.CaseState.CASE_STATE_AWAITING_SUPPLEMENT,
  awaiting_payment: pb.CaseState.CASE_STATE_AWAITING_PAYMENT,
  stopped: pb.CaseState.CASE_STATE_STOPPED,
  result_issued: pb.CaseState.CASE_STATE_RESULT_ISSUED,
  withdrawn: pb.CaseState.CASE_STATE_WITHDRAWN,
};

export const QUEUE_BY_WIRE: Partial<Record<pb.WorkQueue, WorkQueueName>> = {
  [pb.WorkQueue.WORK_QUEUE_NEW]: 'new',
  [pb.WorkQueue.WORK_QUEUE_IN_PROGRESS]: 'in_progress',
  [pb.WorkQueue.WORK_QUEUE_DUE_SOON]: 'due_soon',
  [pb.WorkQueue.WORK_QUEUE_OVERDUE]: 'overdue',
  [pb.WorkQueue.WORK_QUEUE_AWAITING_CITIZEN]: 'awaiting_citizen',
  [pb.WorkQueue.WORK_QUEUE_AWAITING_PAYMENT]: 'awaiting_payment',
  [pb.WorkQueue.WORK_QUEUE_AWAITING_AGENCY]: 'awaiting_agency',
};

function currentStepOf(s: CaseState): pb.CurrentStep | undefined {
  const active = s.currentStep;
  const step = stepDefinition(s, active?.code);
  if (!active || !step) return undefined;
  return { code: step.code, name: step.name, kind: step.kind, roles: step.roles, startedAt: active.startedAt, dueAt: active.dueAt };
}

export function caseToWire(s: CaseState): pb.Case {
  const fo = s.financialObligation;
  return {
    dossierId: s.dossierId,
    dossierCode: s.dossierCode,
    status: s.status,
    state: STATE[s.phase],
    unitCode: s.unitCode,
    procedureCode: s.procedureCode,
    procedureName: s.procedureName,
    fieldCode: s.fieldCode,
    agencyCode: s.agencyCode,
    applicantName: s.applicantName,
    workflowId: s.workflowId,
    steps: s.steps,
    currentStep: currentStepOf(s),
    assigneeOfficerId: s.assigneeId,
    receivedAt: s.receivedAt,
    clockStartedAt: s.clockStartedAt,
    dueAt: s.dueAt,
    originalDueAt: s.originalDueAt,
    supplementPolicy: s.supplementPolicy,
    supplementRequestCount: s.supplementRequestCount,
    waitedWorkingHours: s.waitedWorkingHours,
    apology: s.apology && {
      reason: s.apology.reason,
      previousDueAt: s.apology.previousDueAt,
      newDueAt: s.apology.newDueAt,
      issuedBy: s.apology.issuedBy,
      issuedAt: s.apology.issuedAt,
    },
    consultations: s.consultations.map((c) => ({
      consultationId: c.consultationId,
      consultedAgencyCode: c.consultedAgencyCode,
      question: c.question,
      requestedBy: c.requestedBy,
      requestedAt: c.requestedAt,
      answerDueAt: c.answerDueAt,
      answer: c.answer ?? '',
      answeredBy: c.answeredBy ?? '',
      answeredAt: c.answeredAt,
    })),
    financialObligation: fo && {
      fees: fo.fees,
      totalVnd: fo.totalVnd,
      notifiedAt: fo.notifiedAt,
      fulfilled: fo.fulfilled,
      receiptNumber: fo.receiptNumber,
      paidAt: fo.paidAt,
    },
    stopReason: s.stopReason,
    result: s.result && {
      resultSummary: s.result.resultSummary,
      documentNumber: s.result.documentNumber,
      issuedBy: s.result.issuedBy,
      issuedAt: s.result.issuedAt,
      timeliness: s.result.timeliness,
    },
    handOffs: s.handOffs,
    version: s.version,
    supplementRequestedAt: s.pendingSupplement?.requestedAt,
  };
}

export function workItemToWire(v: WorkItemView): pb.WorkItem {
  return {
    dossierId: v.dossierId,
    dossierCode: v.dossierCode,
    procedureCode: v.procedureCode,
    procedureName: v.procedureName,
    status: v.status,
    state: STATE[v.phase],
    agencyCode: v.agencyCode,
    assigneeOfficerId: v.assigneeId,
    stepCode: v.stepCode,
    stepDueAt: v.stepDueAt ?? undefined,
    receivedAt: v.receivedAt ?? undefined,
    dueAt: v.dueAt ?? undefined,
    applicantName: v.applicantName,
    version: v.version,
  };
}
