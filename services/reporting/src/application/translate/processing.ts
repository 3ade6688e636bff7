// Processing's events (proto/onestop/processing/v1/events.proto) as dossier facts. Processing is
// the source for everything between the hand-over to the agency and the result: statuses 4, 5, 6,
// 8, 9, the Form 05 hand-offs, apologies and deadline alerts.
import { processingEvents as ev } from '@onestop/contracts';
import { type FactBody, type Handoff, NATIONAL_STATUS } from '../../domain/facts';
import { about, optionalTime, type PayloadReader, type Translation, type Translator } from './incoming-event';

const TIMELINESS_WORDS: Record<number, string> = {
  [ev.Timeliness.TIMELINESS_EARLY]: 'early',
  [ev.Timeliness.TIMELINESS_ON_TIME]: 'on_time',
  [ev.Timeliness.TIMELINESS_LATE]: 'late',
};

function timelinessWord(t: ev.Timeliness): string {
  return TIMELINESS_WORDS[t] ?? '';
}

function handoffOf(h: ev.HandOff | undefined): Handoff | null {
  if (!h) return null;
  return {
    from: h.fromUnitCode,
    to: h.toUnitCode,
    givenBy: h.givenBy,
    receivedBy: h.receivedBy,
    result: timelinessWord(h.result),
    note: h.note,
  };
}

interface Progress {
  at: Date;
  summary: string;
  status?: 4 | 6;
  assignee?: string;
  agencyCode?: string;
  handoff?: ev.HandOff;
}

function progress(read: PayloadReader, dossierId: string, p: Progress): Translation {
  const fact: FactBody = {
    kind: 'processing_progress',
    at: p.at,
    status: p.status ?? null,
    summary: p.summary,
    assignee: p.assignee ?? '',
    agencyCode: p.agencyCode ?? '',
    handoff: handoffOf(p.handoff),
  };
  return about(read.dossierOfStream(dossierId), fact);
}

const note = (text: string) => (text ? `: ${text}` : '');

const caseOpened: Translator<ev.CaseOpened> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.handOff?.handedAt ?? p.clockStartedAt),
    summary: `Case opened at ${p.agencyCode} (thụ lý)`,
    status: NATIONAL_STATUS.PROCESSING,
    agencyCode: p.agencyCode,
    handoff: p.handOff,
  });

const assigned: Translator<ev.OfficerAssigned> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.assignedAt),
    summary: `Assigned to ${p.officerId} by ${p.assignedBy} (phân công)${note(p.note)}`,
    assignee: p.officerId,
    handoff: p.handOff,
  });

const stepCompleted: Translator<ev.StepCompleted> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.completedAt),
    summary: `Step ${p.stepCode} completed${p.timeliness ? ` ${timelinessWord(p.timeliness).replace('_', ' ')}` : ''}${note(p.note)}`,
    handoff: p.handOff,
  });

const sentBack: Translator<ev.StepSentBack> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.sentBackAt),
    summary: `Step ${p.stepCode} sent back to ${p.toStep?.stepCode ?? 'an earlier step'}${note(p.reason)}`,
    handoff: p.handOff,
  });

const transferred: Translator<ev.TransferredToAgency> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.transferredAt),
    summary: `Transferred from ${p.fromAgencyCode} to ${p.toAgencyCode}${note(p.reason)}`,
    agencyCode: p.toAgencyCode,
    handoff: p.handOff,
  });

const supplementRequested: Translator<ev.SupplementRequested> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'supplement_requested',
    at: read.requiredTime(p.requestedAt, 'requested_at'),
    note: [p.reason, ...p.items.map((i) => `${i.componentName || i.componentCode} ${i.problem}`.trim())].filter(Boolean).join('; '),
  });

const resumed: Translator<ev.CaseResumedAfterSupplement> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.supplementReceivedAt),
    summary: 'Processing resumed after the supplement',
    status: NATIONAL_STATUS.PROCESSING,
    handoff: p.handOff,
  });

const obligationNotified: Translator<ev.FinancialObligationNotified> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.notifiedAt),
    summary: `Financial obligation notified: ${p.totalVnd} VND${note(p.note)}`,
    status: NATIONAL_STATUS.AWAITING_PAYMENT,
  });

const obligationFulfilled: Translator<ev.FinancialObligationFulfilled> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.paidAt),
    summary: `Financial obligation paid (receipt ${p.receiptNumber})`,
    status: NATIONAL_STATUS.PROCESSING,
  });

const consultationRequested: Translator<ev.ConsultationRequested> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.requestedAt),
    summary: `Consultation requested from ${p.consultedAgencyCode} (liên thông)`,
    handoff: p.handOff,
  });

const consultationAnswered: Translator<ev.ConsultationAnswered> = (p, read) =>
  progress(read, p.dossierId, {
    at: read.time(p.answeredAt),
    summary: `Consultation answered by ${p.consultedAgencyCode}`,
    handoff: p.handOff,
  });

const stopped: Translator<ev.ProcessingStopped> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), { kind: 'stopped', at: read.requiredTime(p.stoppedAt, 'stopped_at'), reason: p.reason });

const apology: Translator<ev.ApologyIssued> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'apology_issued',
    at: read.time(p.issuedAt),
    newDueAt: optionalTime(p.newDueAt),
    reason: p.reason,
  });

const resultIssued: Translator<ev.ResultIssued> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'result_ready',
    at: read.requiredTime(p.processingEndedAt ?? p.issuedAt, 'processing_ended_at'),
    verdict: timelinessWord(p.timeliness),
  });

function deadline(alert: 'due_soon' | 'overdue'): Translator<ev.DueSoon | ev.Overdue> {
  return (p, read) =>
    about(read.dossierOfStream(p.dossierId), {
      kind: 'deadline_alert',
      at: read.time(p.detectedAt),
      alert,
      dueAt: optionalTime(p.dueAt),
      stepCode: p.deadline === ev.DeadlineKind.DEADLINE_KIND_STEP ? p.stepCode || '?' : '',
    });
}

const withdrawn: Translator<ev.CaseWithdrawn> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), { kind: 'withdrawn', at: read.requiredTime(p.withdrawnAt, 'withdrawn_at') });

/** Processing's translators by message name. */
export const PROCESSING_TRANSLATORS: Record<string, Translator<never>> = {
  CaseOpened: caseOpened,
  OfficerAssigned: assigned,
  StepCompleted: stepCompleted,
  StepSentBack: sentBack,
  TransferredToAgency: transferred,
  SupplementRequested: supplementRequested,
  CaseResumedAfterSupplement: resumed,
  FinancialObligationNotified: obligationNotified,
  FinancialObligationFulfilled: obligationFulfilled,
  ConsultationRequested: consultationRequested,
  ConsultationAnswered: consultationAnswered,
  ProcessingStopped: stopped,
  ApologyIssued: apology,
  ResultIssued: resultIssued,
  DueSoon: deadline('due_soon'),
  Overdue: deadline('overdue'),
  CaseWithdrawn: withdrawn,
};
