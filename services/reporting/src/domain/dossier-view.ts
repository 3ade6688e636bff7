// The dossier read model: one document per dossier, folded from every service's events.
import { type Channel, type CriterionScore, type Handoff, NATIONAL_STATUS, type NationalStatus, type ResultDelivery } from './facts';

/** Kết quả xử lý so với hạn — early / on time / late, by calendar day in Vietnam. */
export type Outcome = 'early' | 'on_time' | 'late';

/** How processing ended: a result (status 9/10), or closed otherwise. */
export type EndKind = 'result' | 'refused' | 'withdrawn' | 'stopped';

/** One line of the electronic processing control slip (Phiếu kiểm soát quá trình, Form 05). */
export interface TimelineEntry {
  at: Date;
  recordedAt: Date;
  eventType: string;
  source: string;
  summary: string;
  actorId: string;
  /** National status after this entry (0 when it does not change the status). */
  status: NationalStatus;
  handoff: Handoff | null;
}

/** A leg of the postal public service (BCCI): the dossier to the desk, or the result to the citizen. */
export interface PostalLeg {
  leg: 'dossier' | 'result';
  shipmentId: string;
  waybillNumber: string;
  status: string;
  updatedAt: Date;
  history: { at: Date; status: string; summary: string }[];
}

export interface StreamPosition {
  source: string;
  streamId: string;
  version: number;
}

export interface Apology {
  at: Date;
  newDueAt: Date | null;
  reason: string;
}

export interface SatisfactionEvaluation {
  at: Date;
  scores: CriterionScore[];
}

export interface DossierView {
  dossierId: string;
  /** Mã hồ sơ, <unit>-YYMMDD-NNNN; '' until received. */
  dossierCode: string;
  status: NationalStatus;
  channel: Channel | null;
  unitCode: string;
  procedureCode: string;
  procedureName: string;
  fieldCode: string;
  agencyCode: string;
  level: string;
  applicantName: string;
  /** sha-256 of dossier id + ID number: enough to check a citizen's lookup, useless otherwise. */
  applicantIdHash: string;
  resultDelivery: ResultDelivery | null;
  submittedAt: Date | null;
  receivedAt: Date | null;
  clockStartedAt: Date | null;
  /**
   * The appointed time that counts (thời hạn trả kết quả): set at receipt, moved only by a
   * supplement's restart/pause — never by an apology. Early / on time / late and overdue are judged
   * against it: an apology (Form 04) does not erase lateness in the official figures.
   */
  dueAt: Date | null;
  /**
   * The appointed time told to the citizen: the apology's new date when there is one (the latest
   * apology's), else dueAt. Shown to the citizen and on Form 06; never used to judge lateness.
   */
  appointedAt: Date | null;
  statutoryWorkingHours: number;
  registerBook: string;
  registerRow: number;
  /** End of processing: the first of result ready, result returned, stopped, refused, withdrawn. */
  endedAt: Date | null;
  endKind: EndKind | null;
  outcome: Outcome | null;
  resultReadyAt: Date | null;
  returnedAt: Date | null;
  refusedAt: Date | null;
  withdrawalRequestedAt: Date | null;
  assignee: string;
  supplementRequests: Date[];
  supplementsReceived: number;
  waitedWorkingHours: number;
  apologies: Apology[];
  satisfaction: SatisfactionEvaluation[];
  /** Deadline alerts about the dossier's appointed time (step alerts are on the timeline only). */
  deadlineAlerts: { at: Date; alert: 'due_soon' | 'overdue' }[];
  timeline: TimelineEntry[];
  postalLegs: PostalLeg[];
  /** Last applied version of each producer stream that fed this view. */
  positions: StreamPosition[];
  /** recordedAt of the newest applied event. */
  lastRecordedAt: Date | null;
  /** Distinct components received at the desk (0 when not known). */
  componentsReceived?: number;
  /** Components digitised at the desk: scanned, or reused from an earlier digitised copy. */
  componentsScanned?: string[];
  componentsReused?: string[];
  resultDigitised?: boolean;
}

export function emptyView(dossierId: string): DossierView {
  return {
    dossierId,
    dossierCode: '',
    status: NATIONAL_STATUS.UNKNOWN,
    channel: null,
    unitCode: '',
    procedureCode: '',
    procedureName: '',
    fieldCode: '',
    agencyCode: '',
    level: '',
    applicantName: '',
    applicantIdHash: '',
    resultDelivery: null,
    submittedAt: null,
    receivedAt: null,
    clockStartedAt: null,
    dueAt: null,
    appointedAt: null,
    statutoryWorkingHours: 0,
    registerBook: '',
    registerRow: 0,
    endedAt: null,
    endKind: null,
    outcome: null,
    resultReadyAt: null,
    returnedAt: null,
    refusedAt: null,
    withdrawalRequestedAt: null,
    assignee: '',
    supplementRequests: [],
    supplementsReceived: 0,
    waitedWorkingHours: 0,
    apologies: [],
    satisfaction: [],
    deadlineAlerts: [],
    timeline: [],
    postalLegs: [],
    positions: [],
    lastRecordedAt: null,
  };
}
