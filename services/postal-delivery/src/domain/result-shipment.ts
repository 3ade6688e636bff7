// The result leg (trả kết quả qua dịch vụ bưu chính công ích): when processing issues the result of
// a dossier whose citizen chose delivery by post, the desk hands it to the post. The post may
// collect fees due at return as cash on delivery, which it hands over to the desk later.
import { postalEvents } from '@onestop/contracts';
import { accept, invalid, notFound, precondition, type Decision, type FieldViolation } from './decision';
import { postalEvent } from './events';
import type { Shipment } from './shipment';

const ShipmentState = postalEvents.ShipmentState;

/** Order number at the provider for a result: unique per dossier and leg ("KQ" = kết quả). */
export const resultOrderNumber = (dossierCode: string): string => `${dossierCode}-KQ`;

/** The dossier as intake received it, and the result processing issued. */
export interface ResultToDeliver {
  dossierId: string;
  dossierCode: string;
  unitCode: string;
  recipient: postalEvents.Party;
  codAmountVnd: number;
  resultEventId: string;
}

export function decideRequestResultShipment(existing: Shipment | null, r: ResultToDeliver, now: Date): Decision {
  const v: FieldViolation[] = [];
  if (!r.dossierId) v.push({ field: 'dossier_id', description: 'is required' });
  if (!r.dossierCode) v.push({ field: 'dossier_code', description: 'is required' });
  if (!r.recipient.address) v.push({ field: 'recipient.address', description: 'is required to deliver by post' });
  if (!Number.isSafeInteger(r.codAmountVnd) || r.codAmountVnd < 0) v.push({ field: 'cod_amount_vnd', description: 'must not be negative' });
  if (v.length) return invalid(v);
  if (existing) return precondition(`the result of dossier ${r.dossierCode} already has a shipment`);
  return accept(
    postalEvent('ResultShipmentRequested', {
      shipmentId: r.dossierId,
      dossierId: r.dossierId,
      dossierCode: r.dossierCode,
      orderNumber: resultOrderNumber(r.dossierCode),
      unitCode: r.unitCode,
      recipient: r.recipient,
      codAmountVnd: r.codAmountVnd,
      resultEventId: r.resultEventId,
      requestedAt: now,
    }),
  );
}

export interface CodRemittance {
  shipmentId: string;
  amountVnd: number;
  receiptNumber: string;
  receivedBy: string;
}

export function decideCodRemittance(s: Shipment | null, r: CodRemittance, now: Date): Decision {
  if (!s) return notFound(`shipment ${r.shipmentId} does not exist`);
  const v: FieldViolation[] = [];
  if (!Number.isSafeInteger(r.amountVnd) || r.amountVnd < 0)
    v.push({ field: 'amount_vnd', description: 'must be a whole number of đồng, not negative' });
  if (!r.receiptNumber.trim()) v.push({ field: 'receipt_number', description: 'is required' });
  if (v.length) return invalid(v);
  if (s.leg !== postalEvents.Leg.LEG_RESULT)
    return precondition(`shipment ${s.shipmentId} is a pickup; its fees are handed over with the dossier`);
  if (s.state !== ShipmentState.SHIPMENT_STATE_DELIVERED) return precondition(`the result of shipment ${s.shipmentId} is not delivered`);
  if (s.remittance) return precondition(`the cash on delivery of shipment ${s.shipmentId} was already handed over`);
  return accept(
    postalEvent('CodRemitted', {
      shipmentId: s.shipmentId,
      dossierId: s.dossierId,
      amountVnd: r.amountVnd,
      receiptNumber: r.receiptNumber,
      receivedBy: r.receivedBy,
      remittedAt: now,
    }),
  );
}
