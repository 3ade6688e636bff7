// What reporting knows happened to a dossier, in its own words: each consumed event (from intake,
// processing or postal-delivery) is translated once into one DossierFact. The fold and the
// report only ever see these, never protobuf messages.

/** Kênh thực hiện — how the dossier reached the desk. */
export type Channel = 'counter' | 'online' | 'postal';

/** How the result leaves the desk. */
export type ResultDelivery = 'counter' | 'post' | 'electronic';

/**
 * National dossier status codes (1–10) by name, as synchronised with the national portal; 0 = not
 * known yet. The same numbers as onestop.common.v1.NationalStatus (a test holds them equal), named
 * here so that the domain speaks without protobuf.
 */
export const NATIONAL_STATUS = {
  UNKNOWN: 0,
  SUBMITTED_ONLINE: 1,
  RECEIVED: 2,
  REFUSED: 3,
  PROCESSING: 4,
  SUPPLEMENT_REQUESTED: 5,
  AWAITING_PAYMENT: 6,
  WITHDRAWN: 7,
  STOPPED: 8,
  RESULT_READY: 9,
  RESULT_RETURNED: 10,
} as const;

export type NationalStatus = (typeof NATIONAL_STATUS)[keyof typeof NATIONAL_STATUS];

/** Where a fact sits in its producer's history. */
export interface FactMeta {
  eventId: string;
  /** ce_source, e.g. 'onestop.intake'. */
  source: string;
  /** Fully-qualified event type, e.g. 'onestop.intake.v1.DossierReceived'. */
  type: string;
  /** The producer's stream: the dossier id, or a postal pickup id for the dossier leg. */
  streamId: string;
  /** 1-based position in that stream. */
  streamVersion: number;
  /** When the producer recorded the event (ce_time); as-of reports cut on this. */
  recordedAt: Date;
  actorId: string;
}

/** Who the dossier concerns and where it is handled (from submission, reception or refusal). */
export interface DossierPlacement {
  unitCode: string;
  procedureCode: string;
  fieldCode: string;
  agencyCode: string;
  level: string;
}

export interface ApplicantFacts {
  applicantName: string;
  /** Số định danh cá nhân, only as applicantIdHash(dossierId, idNumber). */
  applicantIdHash: string;
}

export interface CriterionScore {
  criterion: string;
  score: number;
}

/** One row of the processing control slip (Form 05): a hand-off between people or bodies. */
export interface Handoff {
  from: string;
  to: string;
  givenBy: string;
  receivedBy: string;
  /** Early / on time / late as judged by the handing body for its step; '' when not judged. */
  result: string;
  note: string;
}

export type FactBody =
  | ({ kind: 'submitted_online'; at: Date; resultDelivery: ResultDelivery | null } & DossierPlacement & ApplicantFacts)
  | ({
      kind: 'received';
      at: Date;
      dossierCode: string;
      procedureName: string;
      channel: Channel | null;
      dueAt: Date | null;
      clockStartedAt: Date | null;
      statutoryWorkingHours: number;
      registerBook: string;
      registerRow: number;
      resultDelivery: ResultDelivery | null;
      postalHandoverAt: Date | null;
      waybillNumber: string;
      /** Distinct components received (for the digitisation rate); absent in facts made before it. */
      components?: number;
    } & DossierPlacement &
      ApplicantFacts)
  | { kind: 'guidance_issued'; at: Date; problems: number }
  | ({ kind: 'refused'; at: Date; reason: string; channel: Channel | null } & DossierPlacement)
  | { kind: 'supplement_requested'; at: Date; note: string }
  | { kind: 'supplement_received'; at: Date; newDueAt: Date | null; waitedWorkingHours: number }
  | { kind: 'withdrawal_requested'; at: Date; reason: string }
  | { kind: 'withdrawn'; at: Date }
  /** A processing fact that moves the dossier on (case opened, assigned, step done, …). */
  | {
      kind: 'processing_progress';
      at: Date;
      status: typeof NATIONAL_STATUS.PROCESSING | typeof NATIONAL_STATUS.AWAITING_PAYMENT | null;
      summary: string;
      /** The officer now holding the case; '' = unchanged. */
      assignee: string;
      /** The handling agency from now on; '' = unchanged. */
      agencyCode: string;
      handoff: Handoff | null;
    }
  | { kind: 'stopped'; at: Date; reason: string }
  | { kind: 'apology_issued'; at: Date; newDueAt: Date | null; reason: string }
  /**
   * verdict: processing's own timeliness, judged against the appointed time in force (after an
   * apology). Kept as told; the figures use outcomeOf() against dueAt instead.
   */
  | { kind: 'result_ready'; at: Date; verdict: string }
  /** A processing deadline close or passed: the dossier's appointed time, or a step's budget. */
  | { kind: 'deadline_alert'; at: Date; alert: 'due_soon' | 'overdue'; dueAt: Date | null; stepCode: string }
  | { kind: 'result_returned'; at: Date; method: ResultDelivery | null; waybillNumber: string }
  | { kind: 'result_delivery_failed'; at: Date; reason: string }
  | { kind: 'satisfaction_evaluated'; at: Date; scores: CriterionScore[] }
  /** Số hóa at the desk (Circular 01/2023/TT-VPCP): components scanned, or reused from an earlier copy. */
  | { kind: 'components_digitised'; at: Date; scanned: string[]; reused: string[] }
  /** The result digitised once ready. */
  | { kind: 'result_digitised'; at: Date }
  /** A shipment event of the postal public service (BCCI), either leg. */
  | {
      kind: 'postal_shipment';
      at: Date;
      leg: 'dossier' | 'result';
      shipmentId: string;
      waybillNumber: string;
      status: string;
      summary: string;
    };

export type FactKind = FactBody['kind'];

/** A fact about one dossier with its place in history. */
export type DossierFact = FactBody & { dossierId: string; meta: FactMeta };
