// The dossier and Form 01 as the desk shows them, derived from the dossier's state.
import { common, intake } from '@onestop/contracts';
import type { DossierState } from '../domain/dossier';
import type { Procedure } from '../domain/catalogue';
import { statutoryWorkingHours } from '../domain/calendar-port';

export function dossierView(s: DossierState): intake.Dossier {
  return intake.Dossier.fromPartial({
    dossierId: s.dossierId,
    dossierCode: s.code ?? '',
    status: s.status,
    channel: s.channel,
    unitCode: s.unitCode,
    procedureCode: s.procedureCode,
    procedureName: s.procedureName,
    fieldCode: s.fieldCode,
    agencyCode: s.agencyCode,
    applicant: s.applicant,
    documents: s.documents,
    resultDelivery: s.resultDelivery,
    submittedAt: s.submittedAt,
    receivedAt: s.receivedAt,
    dueAt: s.dueAt,
    returnedAt: s.returnedAt,
    supplementCount: s.supplementCount,
    withdrawalRequested: s.withdrawalRequested,
    satisfaction: s.satisfaction,
    version: s.version,
    guidance: s.guidance,
    refusalReason: s.refusalReason ?? '',
    level: s.level,
    supplementPolicy: s.supplementPolicy,
  });
}

const FORM: Record<string, common.DocumentForm> = {
  original: common.DocumentForm.DOCUMENT_FORM_ORIGINAL,
  copy: common.DocumentForm.DOCUMENT_FORM_COPY,
  certified_copy: common.DocumentForm.DOCUMENT_FORM_CERTIFIED_COPY,
};

/**
 * Form 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả, as issued at receipt: the documents received
 * then and the appointment made then (later supplements and new dates are not on it).
 */
export function receiptSlip(
  s: DossierState,
  received: {
    documents: common.SubmittedDocument[];
    registerBook: string;
    registerRow: number;
    receivedBy: string;
    feesCollected: common.Fee[];
  },
  deskName: string,
  procedure: Procedure | undefined,
): intake.ReceiptSlip {
  const names = new Map(procedure?.components.map((c) => [c.code, c.name]) ?? []);
  return intake.ReceiptSlip.fromPartial({
    dossierCode: s.code ?? '',
    deskName,
    applicant: s.applicant,
    procedureCode: s.procedureCode,
    procedureName: s.procedureName,
    documents: received.documents.map((d) => ({
      componentCode: d.componentCode,
      name: names.get(d.componentCode) ?? d.componentCode,
      form: d.form,
      count: d.count,
    })),
    statutoryTime: procedure?.statutoryTime.text ?? `${s.statutoryWorkingHours} giờ làm việc`,
    receivedAt: s.receivedAt,
    dueAt: s.originalDueAt,
    resultDelivery: s.resultDelivery,
    registerBook: received.registerBook,
    registerRow: received.registerRow,
    receivedBy: received.receivedBy,
    feesCollected: received.feesCollected,
  });
}

export function procedureView(p: Procedure, catalogueVersion: string): intake.Procedure {
  const channel = { counter: common.Channel.CHANNEL_COUNTER, online: common.Channel.CHANNEL_ONLINE, postal: common.Channel.CHANNEL_POSTAL };
  return intake.Procedure.fromPartial({
    code: p.code,
    name: p.name,
    fieldCode: p.fieldCode,
    level: p.level,
    agencyCode: p.agencyCode,
    statutoryWorkingHours: statutoryWorkingHours(p.statutoryTime),
    statutoryTimeText: p.statutoryTime.text,
    components: p.components.map((c) => ({ code: c.code, name: c.name, form: FORM[c.form], count: c.count, required: c.required })),
    fees: p.fees.map((f) => ({
      code: f.code,
      name: f.name,
      amountVnd: f.amountVnd,
      collectedAt:
        f.collectedAt === 'receipt' ? common.FeeCollection.FEE_COLLECTION_AT_RECEIPT : common.FeeCollection.FEE_COLLECTION_AT_RETURN,
    })),
    channels: p.channels.map((c) => channel[c]),
    supplementPolicy: p.supplementPolicy,
    catalogueVersion,
  });
}
