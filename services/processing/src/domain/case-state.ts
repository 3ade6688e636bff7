// A case (hồ sơ đang giải quyết tại cơ quan chuyên môn) as the handling agency knows it: a pure
// fold of its stream.
import { common, processingEvents as ev } from '@onestop/contracts';
import type { CaseEvent } from './events';
import type { ActionRoles, CaseAction } from './workflow';

const S = common.NationalStatus;

/** Where the case stands; richer than the national status. */
export type Phase = 'none' | 'in_progress' | 'awaiting_supplement' | 'awaiting_payment' | 'stopped' | 'result_issued' | 'withdrawn';

/** The step in progress. */
export interface ActiveStep {
  code: string;
  startedAt: Date;
  dueAt: Date;
}

export interface PendingSupplement {
  requestedAt: Date;
  stepCode: string;
  stepRemainingWorkingHours: number;
}

export interface Consultation {
  consultationId: string;
  consultedAgencyCode: string;
  question: string;
  requestedBy: string;
  requestedAt: Date;
  answerDueAt?: Date;
  answer?: string;
  answeredBy?: string;
  answeredAt?: Date;
}

export interface FinancialObligation {
  fees: common.Fee[];
  totalVnd: number;
  notifiedAt: Date;
  fulfilled: boolean;
  receiptNumber: string;
  paidAt?: Date;
}

export interface CaseState {
  dossierId: string;
  /** Version of the last event applied (0 = no case). */
  version: number;
  phase: Phase;
  status: common.NationalStatus;
  dossierCode: string;
  unitCode: string;
  procedureCode: string;
  procedureName: string;
  fieldCode: string;
  agencyCode: string;
  applicantName: string;
  receivedAt?: Date;
  clockStartedAt?: Date;
  dueAt?: Date;
  originalDueAt?: Date;
  statutoryWorkingHours: number;
  supplementPolicy: ev.SupplementPolicy;
  calendarVersion: string;
  workflowId: string;
  workflowVersion: string;
  steps: ev.WorkflowStep[];
  actionRoles: Partial<ActionRoles>;
  currentStep?: ActiveStep;
  assigneeId: string;
  supplementRequestCount: number;
  pendingSupplement?: PendingSupplement;
  lastSupplementRequestedAt?: Date;
  waitedWorkingHours: number;
  clockRestartedAt?: Date;
  apology?: ev.ApologyIssued;
  consultations: Consultation[];
  financialObligation?: FinancialObligation;
  stopReason: string;
  result?: ev.ResultIssued;
  /** Processing control slip (Form 05), oldest first. */
  handOffs: ev.HandOff[];
  /** Keys (alertKey) of the DueSoon / Overdue alerts already emitted. */
  alertsEmitted: string[];
}

export function initialCaseState(dossierId: string): CaseState {
  return {
    dossierId,
    version: 0,
    phase: 'none',
    status: S.NATIONAL_STATUS_UNSPECIFIED,
    dossierCode: '',
    unitCode: '',
    procedureCode: '',
    procedureName: '',
    fieldCode: '',
    agencyCode: '',
    applicantName: '',
    statutoryWorkingHours: 0,
    supplementPolicy: ev.SupplementPolicy.SUPPLEMENT_POLICY_UNSPECIFIED,
    calendarVersion: '',
    workflowId: '',
    workflowVersion: '',
    steps: [],
    actionRoles: {},
    assigneeId: '',
    supplementRequestCount: 0,
    waitedWorkingHours: 0,
    consultations: [],
    stopReason: '',
    handOffs: [],
    alertsEmitted: [],
  };
}

/** Open = the agency still has work to do (processing not ended, not withdrawn). */
export function isOpen(s: CaseState): boolean {
  return s.phase === 'in_progress' || s.phase === 'awaiting_supplement' || s.phase === 'awaiting_payment';
}

/** The dossier clock runs (it stops while the citizen prepares a supplement). */
export function clockRuns(s: CaseState): boolean {
  return s.phase === 'in_progress' || s.phase === 'awaiting_payment';
}

export function stepDefinition(s: CaseState, code: string | undefined): ev.WorkflowStep | undefined {
  return code === undefined ? undefined : s.steps.find((x) => x.code === code);
}

export function rolesFor(s: CaseState, action: CaseAction): readonly string[] {
  return s.actionRoles[action] ?? [];
}

export function openConsultations(s: CaseState): Consultation[] {
  return s.consultations.filter((c) => c.answeredAt === undefined);
}

/** Key of one alert of one deadline, e.g. "dossier_due_soon:2020-10-01T10:00:00.000Z". */
export type AlertKind = 'dossier_due_soon' | 'dossier_overdue' | 'step_due_soon' | 'step_overdue';

export function alertKey(kind: AlertKind, dueAt: Date): string {
  return `${kind}:${dueAt.toISOString()}`;
}

function activate(a: ev.StepActivation | undefined): ActiveStep | undefined {
  if (!a || !a.startedAt || !a.dueAt) return undefined;
  return { code: a.stepCode, startedAt: a.startedAt, dueAt: a.dueAt };
}

function withHandOff(s: CaseState, h: ev.HandOff | undefined): ev.HandOff[] {
  return h ? [...s.handOffs, h] : s.handOffs;
}

const PHASE_BY_STATUS: Partial<Record<common.NationalStatus, Phase>> = {
  [S.NATIONAL_STATUS_PROCESSING]: 'in_progress',
  [S.NATIONAL_STATUS_SUPPLEMENT_REQUESTED]: 'awaiting_supplement',
  [S.NATIONAL_STATUS_AWAITING_PAYMENT]: 'awaiting_payment',
  [S.NATIONAL_STATUS_STOPPED]: 'stopped',
  [S.NATIONAL_STATUS_RESULT_READY]: 'result_issued',
  [S.NATIONAL_STATUS_WITHDRAWN]: 'withdrawn',
};

/** Applies one event. Every event carries the national status after it, which sets the phase. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  const base = applyEvent(state, event);
  const status = event.data.status === S.NATIONAL_STATUS_UNSPECIFIED ? base.status : event.data.status;
  return { ...base, version: state.version + 1, status, phase: PHASE_BY_STATUS[status] ?? base.phase };
}

export function foldCase(dossierId: string, events: readonly CaseEvent[]): CaseState {
  return events.reduce(evolve, initialCaseState(dossierId));
}

function applyEvent(s: CaseState, e: CaseEvent): CaseState {
  switch (e.type) {
    case 'CaseOpened':
      return opened(s, e.data);
    case 'OfficerAssigned': {
      const d = e.data;
      return { ...s, assigneeId: d.officerId, currentStep: activate(d.nextStep) ?? s.currentStep, handOffs: withHandOff(s, d.handOff) };
    }
    case 'StepCompleted':
      return { ...s, currentStep: activate(e.data.nextStep), handOffs: withHandOff(s, e.data.handOff) };
    case 'StepSentBack':
      return { ...s, currentStep: activate(e.data.toStep), handOffs: withHandOff(s, e.data.handOff) };
    case 'TransferredToAgency': {
      const d = e.data;
      return { ...s, agencyCode: d.toAgencyCode, assigneeId: '', currentStep: activate(d.firstStep), handOffs: withHandOff(s, d.handOff) };
    }
    case 'SupplementRequested':
      return supplementRequested(s, e.data);
    case 'CaseResumedAfterSupplement':
      return resumed(s, e.data);
    case 'FinancialObligationNotified': {
      const d = e.data;
      return {
        ...s,
        financialObligation: {
          fees: d.fees,
          totalVnd: d.totalVnd,
          notifiedAt: d.notifiedAt ?? new Date(0),
          fulfilled: false,
          receiptNumber: '',
        },
      };
    }
    case 'FinancialObligationFulfilled': {
      const fo = s.financialObligation;
      if (!fo) return s;
      return { ...s, financialObligation: { ...fo, fulfilled: true, receiptNumber: e.data.receiptNumber, paidAt: e.data.paidAt } };
    }
    case 'ConsultationRequested':
      return consultationRequested(s, e.data);
    case 'ConsultationAnswered':
      return consultationAnswered(s, e.data);
    case 'ProcessingStopped':
      return { ...s, stopReason: e.data.reason, currentStep: undefined, handOffs: withHandOff(s, e.data.handOff) };
    case 'ApologyIssued':
      return { ...s, apology: e.data, dueAt: e.data.newDueAt ?? s.dueAt };
    case 'ResultIssued':
      return { ...s, result: e.data, currentStep: undefined, handOffs: withHandOff(s, e.data.handOff) };
    case 'DueSoon':
    case 'Overdue':
      return alerted(s, e);
    case 'CaseWithdrawn':
      return { ...s, currentStep: undefined, pendingSupplement: undefined };
  }
}

function opened(s: CaseState, d: ev.CaseOpened): CaseState {
  return {
    ...s,
    dossierCode: d.dossierCode,
    unitCode: d.unitCode,
    procedureCode: d.procedureCode,
    procedureName: d.procedureName,
    fieldCode: d.fieldCode,
    agencyCode: d.agencyCode,
    applicantName: d.applicantName,
    receivedAt: d.receivedAt,
    clockStartedAt: d.clockStartedAt,
    dueAt: d.dueAt,
    originalDueAt: d.dueAt,
    statutoryWorkingHours: d.statutoryWorkingHours,
    supplementPolicy: d.supplementPolicy,
    calendarVersion: d.calendarVersion,
    workflowId: d.workflowId,
    workflowVersion: d.workflowVersion,
    steps: d.steps,
    actionRoles: Object.fromEntries(d.actionRoles.map((a) => [a.action, a.roles])),
    currentStep: activate(d.firstStep),
    handOffs: withHandOff(s, d.handOff),
  };
}

function supplementRequested(s: CaseState, d: ev.SupplementRequested): CaseState {
  const requestedAt = d.requestedAt ?? new Date(0);
  return {
    ...s,
    supplementRequestCount: d.requestNumber,
    lastSupplementRequestedAt: requestedAt,
    pendingSupplement: { requestedAt, stepCode: d.stepCode, stepRemainingWorkingHours: d.stepRemainingWorkingHours },
    handOffs: withHandOff(s, d.handOff),
  };
}

function resumed(s: CaseState, d: ev.CaseResumedAfterSupplement): CaseState {
  const restarted = d.policy === ev.SupplementPolicy.SUPPLEMENT_POLICY_RESTART;
  return {
    ...s,
    pendingSupplement: undefined,
    dueAt: d.newDueAt ?? s.dueAt,
    waitedWorkingHours: s.waitedWorkingHours + d.waitedWorkingHours,
    clockRestartedAt: restarted ? d.supplementReceivedAt : s.clockRestartedAt,
    currentStep: activate(d.resumedStep) ?? s.currentStep,
    handOffs: withHandOff(s, d.handOff),
  };
}

function consultationRequested(s: CaseState, d: ev.ConsultationRequested): CaseState {
  const c: Consultation = {
    consultationId: d.consultationId,
    consultedAgencyCode: d.consultedAgencyCode,
    question: d.question,
    requestedBy: d.requestedBy,
    requestedAt: d.requestedAt ?? new Date(0),
    answerDueAt: d.answerDueAt,
  };
  return { ...s, consultations: [...s.consultations, c], handOffs: withHandOff(s, d.handOff) };
}

function consultationAnswered(s: CaseState, d: ev.ConsultationAnswered): CaseState {
  const consultations = s.consultations.map((c) =>
    c.consultationId === d.consultationId ? { ...c, answer: d.answer, answeredBy: d.answeredBy, answeredAt: d.answeredAt } : c,
  );
  return { ...s, consultations, handOffs: withHandOff(s, d.handOff) };
}

function alerted(s: CaseState, e: Extract<CaseEvent, { type: 'DueSoon' | 'Overdue' }>): CaseState {
  if (!e.data.dueAt) return s;
  const scope = e.data.deadline === ev.DeadlineKind.DEADLINE_KIND_STEP ? 'step' : 'dossier';
  const kind: AlertKind = e.type === 'DueSoon' ? `${scope}_due_soon` : `${scope}_overdue`;
  return { ...s, alertsEmitted: [...s.alertsEmitted, alertKey(kind, e.data.dueAt)] };
}

const PHASE_TEXT: Record<Phase, string> = {
  none: 'has no case',
  in_progress: 'is in progress',
  awaiting_supplement: "is waiting for the citizen's supplement",
  awaiting_payment: "is waiting for the citizen's payment",
  stopped: 'was stopped',
  result_issued: 'has its result issued',
  withdrawn: 'was withdrawn',
};

/** "dossier TRUCNINH-201001-0001 is waiting for the citizen's supplement" */
export function describeCase(s: CaseState): string {
  return `dossier ${s.dossierCode || s.dossierId} ${PHASE_TEXT[s.phase]}`;
}
