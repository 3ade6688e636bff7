// Intake's events (proto/onestop/intake/v1/events.proto) as dossier facts. ProcessingStatusNoted
// is intake's mirror of processing's facts and is ignored: processing's own events count.
import { intakeEvents as ev } from '@onestop/contracts';
import { applicantIdHash } from '../../domain/applicant-id';
import { FORWARD_NOTE } from '../../domain/dossier-register';
import { about, channelOf, optionalTime, resultDeliveryOf, type Translator } from './incoming-event';

function placementOf(p: { unitCode: string; procedureCode: string; fieldCode: string; agencyCode: string; level: string }) {
  return { unitCode: p.unitCode, procedureCode: p.procedureCode, fieldCode: p.fieldCode, agencyCode: p.agencyCode, level: p.level };
}

function applicantFacts(dossierId: string, applicant: { fullName: string; idNumber: string } | undefined) {
  return { applicantName: applicant?.fullName ?? '', applicantIdHash: applicantIdHash(dossierId, applicant?.idNumber ?? '') };
}

const submittedOnline: Translator<ev.DossierSubmittedOnline> = (p, read) => {
  const id = read.dossierOfStream(p.dossierId);
  return about(id, {
    kind: 'submitted_online',
    at: read.time(p.submittedAt),
    resultDelivery: resultDeliveryOf(p.resultDelivery),
    ...placementOf(p),
    ...applicantFacts(id, p.applicant),
  });
};

const received: Translator<ev.DossierReceived> = (p, read) => {
  const id = read.dossierOfStream(p.dossierId);
  const handover = p.postalHandover;
  const fact = about(id, {
    kind: 'received',
    at: read.requiredTime(p.receivedAt, 'received_at'),
    dossierCode: p.dossierCode,
    procedureName: p.procedureName,
    channel: channelOf(p.channel),
    dueAt: optionalTime(p.dueAt),
    clockStartedAt: optionalTime(p.clockStartedAt),
    statutoryWorkingHours: p.statutoryWorkingHours,
    registerBook: p.registerBook,
    registerRow: p.registerRow,
    resultDelivery: resultDeliveryOf(p.resultDelivery),
    postalHandoverAt: optionalTime(handover?.handedOverAt),
    waybillNumber: handover?.waybillNumber ?? '',
    components: new Set(p.documents.map((d) => d.componentCode)).size,
    ...placementOf(p),
    ...applicantFacts(id, p.applicant),
  });
  if (handover?.pickupId) fact.links.push({ pickupId: handover.pickupId, dossierId: id });
  return fact;
};

const guidance: Translator<ev.ReceptionGuidanceIssued> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), { kind: 'guidance_issued', at: read.time(p.issuedAt), problems: p.problems.length });

const refused: Translator<ev.DossierRefused> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'refused',
    at: read.requiredTime(p.refusedAt, 'refused_at'),
    reason: p.reason,
    channel: channelOf(p.channel),
    ...placementOf(p),
  });

const supplementReceived: Translator<ev.SupplementReceived> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'supplement_received',
    at: read.time(p.receivedAt),
    newDueAt: optionalTime(p.newDueAt),
    waitedWorkingHours: p.waitedWorkingHours,
  });

const withdrawalRequested: Translator<ev.WithdrawalRequested> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), { kind: 'withdrawal_requested', at: read.time(p.requestedAt), reason: p.reason });

const withdrawn: Translator<ev.DossierWithdrawn> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), { kind: 'withdrawn', at: read.requiredTime(p.withdrawnAt, 'withdrawn_at') });

const returned: Translator<ev.ResultReturned> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'result_returned',
    at: read.requiredTime(p.returnedAt, 'returned_at'),
    method: resultDeliveryOf(p.method),
    waybillNumber: p.waybillNumber,
  });

const deliveryFailed: Translator<ev.ResultDeliveryFailed> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), { kind: 'result_delivery_failed', at: read.time(p.at), reason: p.reason });

const evaluated: Translator<ev.SatisfactionEvaluated> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'satisfaction_evaluated',
    at: read.time(p.evaluatedAt),
    scores: p.scores.map((s) => ({ criterion: s.criterion, score: s.score })),
  });

const mirrored: Translator<ev.ProcessingStatusNoted> = () => null;

const digitised: Translator<ev.ComponentsDigitised> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'components_digitised',
    at: read.time(p.recordedAt),
    scanned: p.components.filter((c) => c.scanned).map((c) => c.componentCode),
    reused: p.components.filter((c) => !c.scanned && c.reused).map((c) => c.componentCode),
  });

const resultDigitised: Translator<ev.ResultDigitised> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), { kind: 'result_digitised', at: read.time(p.copy?.digitisedAt) });

/**
 * A boundary-free receipt forwarded to the competent unit (Decree 118/2025/NĐ-CP): a hand-off from
 * the receiving desk to the competent unit, in the history and the control slip; the dossier stays
 * in the receiving unit's register.
 */
const forwarded: Translator<ev.DossierForwarded> = (p, read) =>
  about(read.dossierOfStream(p.dossierId), {
    kind: 'processing_progress',
    at: read.requiredTime(p.forwardedAt, 'forwarded_at'),
    status: null,
    summary: `Forwarded to ${p.toUnitCode} (${p.agencyCode}), the competent unit; the result returns to ${p.returnUnitCode} — ${p.legalBasis}`,
    assignee: '',
    agencyCode: p.agencyCode,
    handoff: {
      from: p.fromUnitCode,
      to: p.toUnitCode,
      givenBy: read.event.actorId,
      receivedBy: '',
      result: '',
      note: `${FORWARD_NOTE} (${p.legalBasis}); result returns to ${p.returnUnitCode}`,
    },
  });

/** Intake's translators by message name. */
export const INTAKE_TRANSLATORS: Record<string, Translator<never>> = {
  DossierSubmittedOnline: submittedOnline,
  DossierReceived: received,
  ReceptionGuidanceIssued: guidance,
  DossierRefused: refused,
  SupplementReceived: supplementReceived,
  WithdrawalRequested: withdrawalRequested,
  DossierWithdrawn: withdrawn,
  ProcessingStatusNoted: mirrored,
  ResultReturned: returned,
  ResultDeliveryFailed: deliveryFailed,
  SatisfactionEvaluated: evaluated,
  ComponentsDigitised: digitised,
  ResultDigitised: resultDigitised,
  DossierForwarded: forwarded,
};
