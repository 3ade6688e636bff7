// The dossier leg (nộp hồ sơ qua dịch vụ bưu chính công ích): the citizen asks for a pickup, the
// postal worker tallies the documents against the procedure's list, seals the package and
// collects the fees against a receipt, then hands the dossier over to the desk with a signed
// hand-over record (biên bản giao nhận). Cancellation is possible until the dossier is collected.
import { common, postalEvents } from '@onestop/contracts';
import { accept, invalid, notFound, precondition, type Decision, type FieldViolation } from './decision';
import { postalEvent } from './events';
import type { Shipment } from './shipment';
import { isTerminal, Stage, stageOf } from './state-machine';

const LEG = postalEvents.Leg.LEG_DOSSIER;

/** Order number at the provider for a pickup: unique per dossier and leg ("HS" = hồ sơ). */
export const pickupOrderNumber = (shipmentId: string): string => `${shipmentId}-HS`;

/** What the platform knows of the procedure when the pickup is requested (intake's catalogue). */
export interface ProcedureInfo {
  code: string;
  name: string;
  components: postalEvents.RequiredDocument[];
  /** Fees due at receipt, which the postal worker collects. */
  feesDueAtReceiptVnd: number;
  acceptsPostal: boolean;
}

export interface PickupRequest {
  shipmentId: string;
  unitCode: string;
  procedureCode: string;
  applicant: common.Applicant | undefined;
  pickupFrom: postalEvents.Party | undefined;
  resultDelivery: common.ResultDelivery;
  note: string;
}

const blank = (s: string | undefined): boolean => !s || s.trim() === '';

/** Field checks that need nothing but the request. */
export function validatePickupRequest(r: PickupRequest): FieldViolation[] {
  const v: FieldViolation[] = [];
  if (blank(r.unitCode)) v.push({ field: 'unit_code', description: 'is required' });
  if (blank(r.procedureCode)) v.push({ field: 'procedure_code', description: 'is required' });
  if (!r.applicant) v.push({ field: 'applicant', description: 'is required' });
  else if (blank(r.applicant.fullName)) v.push({ field: 'applicant.full_name', description: 'is required' });
  const from = pickupParty(r);
  if (blank(from.address)) v.push({ field: 'pickup_from.address', description: 'is required (or applicant.address)' });
  if (blank(from.phone))
    v.push({ field: 'pickup_from.phone', description: 'is required (or applicant.phone): the postal worker calls ahead' });
  if (r.resultDelivery === common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED) {
    v.push({ field: 'result_delivery', description: 'must be COUNTER, POST or ELECTRONIC' });
  }
  return v;
}

/** Where the postal worker collects: the given party, completed from the applicant. */
export function pickupParty(r: Pick<PickupRequest, 'applicant' | 'pickupFrom'>): postalEvents.Party {
  const p = r.pickupFrom;
  return {
    name: p?.name || r.applicant?.fullName || '',
    address: p?.address || r.applicant?.address || '',
    phone: p?.phone || r.applicant?.phone || '',
  };
}

export function decideRequestPickup(existing: Shipment | null, r: PickupRequest, procedure: ProcedureInfo, now: Date): Decision {
  const v = validatePickupRequest(r);
  if (v.length) return invalid(v);
  if (existing) return precondition(`pickup ${r.shipmentId} already exists`);
  if (!procedure.acceptsPostal) return precondition(`procedure ${procedure.code} is not offered through the postal public service`);
  return accept(
    postalEvent('PickupRequested', {
      shipmentId: r.shipmentId,
      orderNumber: pickupOrderNumber(r.shipmentId),
      unitCode: r.unitCode,
      procedureCode: procedure.code,
      procedureName: procedure.name,
      applicant: r.applicant,
      pickupFrom: pickupParty(r),
      resultDelivery: r.resultDelivery,
      requiredDocuments: procedure.components,
      feesDueVnd: procedure.feesDueAtReceiptVnd,
      note: r.note,
      requestedAt: now,
    }),
  );
}

export interface Tally {
  missing: postalEvents.RequiredDocument[];
  unexpectedComponentCodes: string[];
}

/** The postal worker's tally against the procedure's list: what is missing, what is not asked for. */
export function tallyDocuments(required: readonly postalEvents.RequiredDocument[], documents: readonly common.SubmittedDocument[]): Tally {
  const counts = new Map<string, number>();
  for (const d of documents) counts.set(d.componentCode, (counts.get(d.componentCode) ?? 0) + d.count);
  const listed = new Set(required.map((c) => c.componentCode));
  return {
    missing: required.filter((c) => c.required && (counts.get(c.componentCode) ?? 0) < Math.max(1, c.count)),
    unexpectedComponentCodes: [...counts.keys()].filter((code) => !listed.has(code)),
  };
}

function documentViolations(documents: readonly common.SubmittedDocument[]): FieldViolation[] {
  if (documents.length === 0) return [{ field: 'documents', description: 'must list at least one document' }];
  return documents.flatMap((d, i) => {
    const v: FieldViolation[] = [];
    if (blank(d.componentCode)) v.push({ field: `documents[${i}].component_code`, description: 'is required' });
    if (!Number.isInteger(d.count) || d.count < 1) v.push({ field: `documents[${i}].count`, description: 'must be at least 1' });
    if (d.form === common.DocumentForm.DOCUMENT_FORM_UNSPECIFIED) {
      v.push({ field: `documents[${i}].form`, description: 'must be ORIGINAL, COPY or CERTIFIED_COPY' });
    }
    return v;
  });
}

function moneyViolations(amountField: string, amount: number, receiptField: string, receipt: string): FieldViolation[] {
  if (!Number.isSafeInteger(amount) || amount < 0)
    return [{ field: amountField, description: 'must be a whole number of đồng, not negative' }];
  if (amount > 0 && blank(receipt)) return [{ field: receiptField, description: `is required when ${amountField} is above 0` }];
  return [];
}

function pickupOf(s: Shipment | null, id: string): Shipment | Decision {
  if (!s) return notFound(`pickup ${id} does not exist`);
  if (s.leg !== LEG) return precondition(`shipment ${id} is a result shipment, not a pickup`);
  return s;
}

const isDecision = (x: Shipment | Decision): x is Decision => 'ok' in x;

export interface CollectionRecord {
  shipmentId: string;
  documents: common.SubmittedDocument[];
  sealed: boolean;
  feesCollectedVnd: number;
  feeReceiptNumber: string;
  collectedBy: string;
  collectedAt: Date;
}

export function decideRecordCollection(current: Shipment | null, c: CollectionRecord, now: Date): Decision {
  const s = pickupOf(current, c.shipmentId);
  if (isDecision(s)) return s;
  const v = [
    ...documentViolations(c.documents),
    ...moneyViolations('fees_collected_vnd', c.feesCollectedVnd, 'fee_receipt_number', c.feeReceiptNumber),
  ];
  if (!c.sealed) v.push({ field: 'sealed', description: "the package must be sealed in the citizen's presence" });
  if (blank(c.collectedBy)) v.push({ field: 'collected_by', description: 'is required' });
  if (c.collectedAt.getTime() > now.getTime() + 60_000) v.push({ field: 'collected_at', description: 'is in the future' });
  if (v.length) return invalid(v);
  if (isTerminal(s.leg, s.state)) return precondition(`pickup ${s.shipmentId} is closed (${postalEvents.shipmentStateToJSON(s.state)})`);
  if (s.collection) return precondition(`pickup ${s.shipmentId} was already collected`);
  if (!s.waybillNumber) return precondition(`the provider has not yet confirmed the order of pickup ${s.shipmentId}`);
  if (s.cancellation === 'pending') return precondition(`pickup ${s.shipmentId} is being cancelled`);
  const tally = tallyDocuments(s.requiredDocuments, c.documents);
  return accept(
    postalEvent('DossierCollected', {
      shipmentId: s.shipmentId,
      documents: c.documents,
      missingComponentCodes: tally.missing.map((m) => m.componentCode),
      unexpectedComponentCodes: tally.unexpectedComponentCodes,
      sealed: c.sealed,
      feesCollectedVnd: c.feesCollectedVnd,
      feeReceiptNumber: c.feeReceiptNumber,
      collectedBy: c.collectedBy,
      collectedAt: c.collectedAt,
    }),
  );
}

export interface HandoverRecord {
  shipmentId: string;
  handedBy: string;
  receivedBy: string;
  documents: common.SubmittedDocument[];
  feesHandedOverVnd: number;
  feeReceiptNumber: string;
  handedOverAt: Date;
}

export function decideRecordHandover(current: Shipment | null, h: HandoverRecord, now: Date): Decision {
  const s = pickupOf(current, h.shipmentId);
  if (isDecision(s)) return s;
  const v = [
    ...documentViolations(h.documents),
    ...moneyViolations('fees_handed_over_vnd', h.feesHandedOverVnd, 'fee_receipt_number', h.feeReceiptNumber),
  ];
  if (blank(h.handedBy)) v.push({ field: 'handed_by', description: 'is required (the postal worker handing over)' });
  if (blank(h.receivedBy)) v.push({ field: 'received_by', description: 'is required (the desk officer receiving)' });
  if (h.handedOverAt.getTime() > now.getTime() + 60_000) v.push({ field: 'handed_over_at', description: 'is in the future' });
  const collectedAt = s.collection?.collectedAt;
  if (collectedAt && h.handedOverAt.getTime() < collectedAt.getTime()) {
    v.push({ field: 'handed_over_at', description: 'is before the collection' });
  }
  if (v.length) return invalid(v);
  if (isTerminal(s.leg, s.state)) return precondition(`pickup ${s.shipmentId} is closed (${postalEvents.shipmentStateToJSON(s.state)})`);
  if (!s.collection) return precondition(`pickup ${s.shipmentId} has no collection record (tally, seal, fee receipt) yet`);
  return accept(
    postalEvent('DossierHandedOver', {
      shipmentId: s.shipmentId,
      waybillNumber: s.waybillNumber,
      handedBy: h.handedBy,
      receivedBy: h.receivedBy,
      handedOverAt: h.handedOverAt,
      documents: h.documents,
      feesHandedOverVnd: h.feesHandedOverVnd,
      feeReceiptNumber: h.feeReceiptNumber,
    }),
  );
}

export function decideCancelPickup(current: Shipment | null, id: string, reason: string, requestedBy: string, now: Date): Decision {
  const s = pickupOf(current, id);
  if (isDecision(s)) return s;
  if (blank(reason)) return invalid([{ field: 'reason', description: 'is required' }]);
  if (isTerminal(s.leg, s.state)) return precondition(`pickup ${s.shipmentId} is closed (${postalEvents.shipmentStateToJSON(s.state)})`);
  if (s.cancellation === 'pending') return precondition(`pickup ${s.shipmentId} is already being cancelled`);
  if (s.collection || stageOf(s.state) >= Stage.COLLECTED) {
    return precondition(`pickup ${s.shipmentId} was already collected; it can no longer be cancelled`);
  }
  return accept(postalEvent('CancellationRequested', { shipmentId: s.shipmentId, leg: s.leg, reason, requestedBy, requestedAt: now }));
}
