// A dossier as the desk knows it: a pure fold of its intake stream.
import { common } from '@onestop/contracts';
import type { IntakeEvent } from './events';

const Status = common.NationalStatus;

export interface DossierState {
  dossierId: string;
  /** Version of the last event applied (0 = no dossier). */
  version: number;
  status: common.NationalStatus;
  code?: string;
  channel: common.Channel;
  unitCode: string;
  procedureCode: string;
  procedureName: string;
  fieldCode: string;
  agencyCode: string;
  level: string;
  applicant?: common.Applicant;
  documents: common.SubmittedDocument[];
  resultDelivery: common.ResultDelivery;
  submittedAt?: Date;
  receivedAt?: Date;
  clockStartedAt?: Date;
  dueAt?: Date;
  statutoryWorkingHours: number;
  /** The statutory time as published, when the receipt recorded it. */
  statutoryTime?: StatutoryTime;
  supplementPolicy: string;
  catalogueVersion: string;
  calendarVersion: string;
  supplementRequestedAt?: Date;
  supplementCount: number;
  withdrawalRequested: boolean;
  resultReadyAt?: Date;
  returnedAt?: Date;
  satisfaction: { criterion: string; score: number }[];
  guidance: { componentCode: string; componentName: string; problem: string }[];
  refusalReason?: string;
  /** Appointed time as received (before any supplement or apology moved it). */
  originalDueAt?: Date;
  /** Components with a digitised copy (scanned at the desk or reused), by component code. */
  digitisedComponents: string[];
  /** Whether the result was digitised at issue. */
  resultDigitised: boolean;
  /** The competent unit a boundary-free receipt was forwarded to (DossierForwarded). */
  forwardedTo?: string;
}

type StatutoryTime = { unit: 'working_days' | 'working_hours' | 'same_day'; value: number };

function statutoryTimeOf(unit: string, value: number): StatutoryTime | undefined {
  return unit === 'working_days' || unit === 'working_hours' || unit === 'same_day' ? { unit, value } : undefined;
}

export function initialState(dossierId: string): DossierState {
  return {
    dossierId,
    version: 0,
    status: Status.NATIONAL_STATUS_UNSPECIFIED,
    channel: common.Channel.CHANNEL_UNSPECIFIED,
    unitCode: '',
    procedureCode: '',
    procedureName: '',
    fieldCode: '',
    agencyCode: '',
    level: '',
    documents: [],
    resultDelivery: common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED,
    statutoryWorkingHours: 0,
    supplementPolicy: '',
    catalogueVersion: '',
    calendarVersion: '',
    supplementCount: 0,
    withdrawalRequested: false,
    satisfaction: [],
    guidance: [],
    digitisedComponents: [],
    resultDigitised: false,
  };
}

/** Statuses after which the desk takes no further dossier action except evaluation. */
export const CLOSED_STATUSES: ReadonlySet<common.NationalStatus> = new Set([
  Status.NATIONAL_STATUS_REFUSED,
  Status.NATIONAL_STATUS_WITHDRAWN,
  Status.NATIONAL_STATUS_STOPPED,
  Status.NATIONAL_STATUS_RESULT_RETURNED,
]);

export function isClosed(state: DossierState): boolean {
  return CLOSED_STATUSES.has(state.status) || (state.guidance.length > 0 && !state.code);
}

function noteProcessing(state: DossierState, e: Extract<IntakeEvent, { type: 'ProcessingStatusNoted' }>['data']): DossierState {
  const next = { ...state };
  if (e.newDueAt) next.dueAt = e.newDueAt;
  if (e.status === Status.NATIONAL_STATUS_UNSPECIFIED) return next;
  next.status = e.status;
  if (e.status === Status.NATIONAL_STATUS_SUPPLEMENT_REQUESTED) {
    next.supplementRequestedAt = e.at;
    next.supplementCount = state.supplementCount + 1;
  }
  if (e.status === Status.NATIONAL_STATUS_RESULT_READY) next.resultReadyAt = e.at;
  return next;
}

export function evolve(state: DossierState, event: IntakeEvent): DossierState {
  const s = { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'DossierSubmittedOnline': {
      const e = event.data;
      return {
        ...s,
        status: Status.NATIONAL_STATUS_SUBMITTED_ONLINE,
        channel: common.Channel.CHANNEL_ONLINE,
        unitCode: e.unitCode,
        procedureCode: e.procedureCode,
        fieldCode: e.fieldCode,
        agencyCode: e.agencyCode,
        level: e.level,
        applicant: e.applicant,
        documents: e.documents,
        resultDelivery: e.resultDelivery,
        submittedAt: e.submittedAt,
        catalogueVersion: e.catalogueVersion,
      };
    }
    case 'DossierReceived': {
      const e = event.data;
      return {
        ...s,
        status: Status.NATIONAL_STATUS_RECEIVED,
        code: e.dossierCode,
        channel: e.channel,
        unitCode: e.unitCode,
        procedureCode: e.procedureCode,
        procedureName: e.procedureName,
        fieldCode: e.fieldCode,
        agencyCode: e.agencyCode,
        level: e.level,
        applicant: e.applicant,
        documents: e.documents,
        resultDelivery: e.resultDelivery,
        submittedAt: s.submittedAt ?? e.receivedAt,
        receivedAt: e.receivedAt,
        clockStartedAt: e.clockStartedAt,
        dueAt: e.dueAt,
        originalDueAt: e.dueAt,
        statutoryWorkingHours: e.statutoryWorkingHours,
        statutoryTime: statutoryTimeOf(e.statutoryTimeUnit, e.statutoryTimeValue),
        supplementPolicy: e.supplementPolicy,
        catalogueVersion: e.catalogueVersion,
        calendarVersion: e.calendarVersion,
        guidance: [],
      };
    }
    case 'ReceptionGuidanceIssued': {
      const e = event.data;
      return {
        ...s,
        channel: e.channel,
        unitCode: e.unitCode,
        procedureCode: e.procedureCode,
        applicant: e.applicant,
        submittedAt: s.submittedAt ?? e.issuedAt,
        guidance: e.problems,
      };
    }
    case 'DossierRefused': {
      const e = event.data;
      return {
        ...s,
        status: Status.NATIONAL_STATUS_REFUSED,
        channel: e.channel,
        unitCode: e.unitCode,
        procedureCode: e.procedureCode,
        refusalReason: e.reason,
      };
    }
    case 'SupplementReceived':
      return {
        ...s,
        status: Status.NATIONAL_STATUS_PROCESSING,
        documents: [...s.documents, ...event.data.documents],
        dueAt: event.data.newDueAt,
        supplementRequestedAt: undefined,
      };
    case 'WithdrawalRequested':
      return { ...s, withdrawalRequested: true };
    case 'DossierWithdrawn':
      return { ...s, status: Status.NATIONAL_STATUS_WITHDRAWN };
    case 'ProcessingStatusNoted':
      return noteProcessing(s, event.data);
    case 'ResultReturned':
      return { ...s, status: Status.NATIONAL_STATUS_RESULT_RETURNED, returnedAt: event.data.returnedAt };
    case 'ResultDeliveryFailed':
      return s;
    case 'DossierForwarded':
      return { ...s, forwardedTo: event.data.toUnitCode };
    case 'SatisfactionEvaluated':
      return { ...s, satisfaction: event.data.scores };
    case 'ComponentsDigitised':
      return { ...s, digitisedComponents: [...new Set([...s.digitisedComponents, ...event.data.components.map((c) => c.componentCode)])] };
    case 'ResultDigitised':
      return { ...s, resultDigitised: true };
  }
}

export function fold(dossierId: string, events: IntakeEvent[]): DossierState {
  return events.reduce(evolve, initialState(dossierId));
}
