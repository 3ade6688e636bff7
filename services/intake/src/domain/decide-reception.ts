// Reception decisions (kiểm tra, tiếp nhận): receive with a receipt draft awaiting its code, guide
// once (Form 02), refuse (Form 03), or queue an online submission. Pure.
import { common, type intakeEvents as ev } from '@onestop/contracts';
import type { Procedure, Unit } from './catalogue';
import { type CalendarPort, statutoryWorkingHours } from './calendar-port';
import type { Rejection } from '@onestop/commands';
import { type DossierState, isClosed } from './dossier';
import type { IntakeEvent } from './events';
import { checkCompleteness, type Routing, scopeRefusal } from './reception-check';

const Status = common.NationalStatus;
const Channel = common.Channel;

export interface Submission {
  dossierId: string;
  channel: common.Channel;
  unit: Unit;
  procedure: Procedure;
  applicant: common.Applicant;
  documents: common.SubmittedDocument[];
  resultDelivery: common.ResultDelivery;
  postalHandover?: ev.PostalHandover;
  /** Level, agency and competent unit in force at receipt; absent: the catalogue entry's own. */
  routing?: Routing;
  /** An online submission filed at another unit (dissolved since, carried on by this one). */
  filedAtUnitCode?: string;
}

/** The level and agency recorded with the dossier: the routing's when given, else the entry's. */
function placement(sub: Submission): { level: string; agencyCode: string } {
  return { level: sub.routing?.level ?? sub.procedure.level, agencyCode: sub.routing?.agencyCode ?? sub.procedure.agencyCode };
}

/** The competent unit when it is not the receiving one (a boundary-free receipt); unset otherwise. */
function forwardedTo(sub: Submission): string | undefined {
  const code = sub.routing?.competentUnit.code;
  return code && code !== sub.unit.code ? code : undefined;
}

export interface ReferenceVersions {
  catalogueVersion: string;
  calendar: CalendarPort;
}

/** The receipt's fields that come from its place in the unit's daily register, not from the dossier. */
type RegisterFields = 'dossierCode' | 'registerBook' | 'registerRow';

/** A dossier that passed the reception check and only waits for its code: plain data. */
export interface ReceiptDraft {
  kind: 'receive';
  /** The receiving unit, whose daily sequence the code comes from. */
  unitCode: string;
  received: Omit<ev.DossierReceived, RegisterFields>;
}

/** The receipt with its code: row `sequence` of the register book the code names. */
export function receiptWithCode(draft: ReceiptDraft, code: string, sequence: number): ev.DossierReceived {
  return { ...draft.received, dossierCode: code, registerBook: code.slice(0, code.lastIndexOf('-')), registerRow: sequence };
}

export type SubmissionOutcome = ReceiptDraft | { kind: 'event'; event: IntakeEvent };

function feesAtReceipt(p: Procedure): common.Fee[] {
  return p.fees
    .filter((f) => f.collectedAt === 'receipt')
    .map((f) => ({ code: f.code, name: f.name, amountVnd: f.amountVnd, collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RECEIPT }));
}

function receiptDraft(sub: Submission, now: Date, refs: ReferenceVersions): ReceiptDraft {
  const clockFrom = sub.channel === Channel.CHANNEL_POSTAL && sub.postalHandover?.handedOverAt ? sub.postalHandover.handedOverAt : now;
  const clockStartedAt = refs.calendar.nextWorkingMoment(clockFrom);
  const dueAt = refs.calendar.dueAt(clockStartedAt, sub.procedure.statutoryTime);
  return {
    kind: 'receive',
    unitCode: sub.unit.code,
    received: {
      dossierId: sub.dossierId,
      unitCode: sub.unit.code,
      procedureCode: sub.procedure.code,
      procedureName: sub.procedure.name,
      fieldCode: sub.procedure.fieldCode,
      ...placement(sub),
      channel: sub.channel,
      applicant: sub.applicant,
      documents: sub.documents,
      resultDelivery: sub.resultDelivery,
      receivedAt: now,
      clockStartedAt,
      dueAt,
      statutoryWorkingHours: statutoryWorkingHours(sub.procedure.statutoryTime),
      statutoryTimeUnit: sub.procedure.statutoryTime.unit,
      statutoryTimeValue: sub.procedure.statutoryTime.value,
      catalogueVersion: refs.catalogueVersion,
      calendarVersion: refs.calendar.version,
      feesCollected: feesAtReceipt(sub.procedure),
      postalHandover: sub.postalHandover,
      supplementPolicy: sub.procedure.supplementPolicy,
      competentUnitCode: forwardedTo(sub),
      ...(sub.filedAtUnitCode && sub.filedAtUnitCode !== sub.unit.code ? { filedAtUnitCode: sub.filedAtUnitCode } : {}),
    },
  };
}

/** Reception at the counter or at the postal hand-over: receive, guide once, or refuse. */
function receptionCheck(sub: Submission, now: Date, refs: ReferenceVersions): SubmissionOutcome {
  const refusal = scopeRefusal(sub.procedure, sub.unit, sub.channel, sub.routing);
  if (refusal) {
    return {
      kind: 'event',
      event: {
        type: 'DossierRefused',
        data: {
          dossierId: sub.dossierId,
          unitCode: sub.unit.code,
          procedureCode: sub.procedure.code,
          channel: sub.channel,
          reason: refusal,
          refusedAt: now,
          fieldCode: sub.procedure.fieldCode,
          ...placement(sub),
        },
      },
    };
  }
  const problems = checkCompleteness(sub.procedure, sub.documents);
  if (problems.length > 0) {
    return {
      kind: 'event',
      event: {
        type: 'ReceptionGuidanceIssued',
        data: {
          dossierId: sub.dossierId,
          unitCode: sub.unit.code,
          procedureCode: sub.procedure.code,
          channel: sub.channel,
          applicant: sub.applicant,
          problems,
          issuedAt: now,
          catalogueVersion: refs.catalogueVersion,
        },
      },
    };
  }
  return receiptDraft(sub, now, refs);
}

export function decideSubmission(sub: Submission, now: Date, refs: ReferenceVersions): SubmissionOutcome {
  if (sub.channel !== Channel.CHANNEL_ONLINE) return receptionCheck(sub, now, refs);
  return {
    kind: 'event',
    event: {
      type: 'DossierSubmittedOnline',
      data: {
        dossierId: sub.dossierId,
        unitCode: sub.unit.code,
        procedureCode: sub.procedure.code,
        applicant: sub.applicant,
        documents: sub.documents,
        resultDelivery: sub.resultDelivery,
        submittedAt: now,
        catalogueVersion: refs.catalogueVersion,
        fieldCode: sub.procedure.fieldCode,
        ...placement(sub),
      },
    },
  };
}

/**
 * The desk's decision on an online submission (status 1): refuse with a reason, or check it. `unit`
 * is the receiving unit: the one it was filed at, or — that unit having ceased to exist — the unit
 * carrying it on, which receives it under its own code and register, the filing unit kept in the receipt.
 */
export function decideOnlineReception(
  state: DossierState,
  input: { refusalReason: string; unit: Unit; procedure: Procedure; routing?: Routing },
  now: Date,
  refs: ReferenceVersions,
): SubmissionOutcome | { kind: 'rejected'; rejection: Rejection } {
  if (state.status !== Status.NATIONAL_STATUS_SUBMITTED_ONLINE || isClosed(state)) {
    return {
      kind: 'rejected',
      rejection: { kind: 'precondition', message: `dossier ${state.dossierId} is not an online submission waiting for reception` },
    };
  }
  const sub: Submission = {
    dossierId: state.dossierId,
    channel: Channel.CHANNEL_ONLINE,
    unit: input.unit,
    procedure: input.procedure,
    applicant: state.applicant ?? common.Applicant.fromPartial({}),
    documents: state.documents,
    resultDelivery: state.resultDelivery,
    routing: input.routing,
    filedAtUnitCode: state.unitCode,
  };
  if (input.refusalReason.trim()) {
    return {
      kind: 'event',
      event: {
        type: 'DossierRefused',
        data: {
          dossierId: state.dossierId,
          unitCode: state.unitCode,
          procedureCode: state.procedureCode,
          channel: Channel.CHANNEL_ONLINE,
          reason: input.refusalReason.trim(),
          refusedAt: now,
          fieldCode: input.procedure.fieldCode,
          agencyCode: input.procedure.agencyCode,
          level: input.procedure.level,
        },
      },
    };
  }
  return receptionCheck(sub, now, refs);
}
