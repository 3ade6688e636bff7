import { common, postalEvents } from '@onestop/contracts';
import type { Decision } from './decision';
import { acceptedShipment, afterReports, applicant, at, components, doc, PICKUP_ID, report, T0 } from './fixtures.spec';
import {
  decideCancelPickup,
  decideRecordCollection,
  decideRecordHandover,
  decideRequestPickup,
  pickupOrderNumber,
  tallyDocuments,
  type CollectionRecord,
  type HandoverRecord,
  type PickupRequest,
  type ProcedureInfo,
} from './pickup';
import { ProviderCode as C } from './provider-status';
import { evolve, fold, type Shipment } from './shipment';

const ShipmentState = postalEvents.ShipmentState;

const procedure: ProcedureInfo = { code: 'TP-01', name: 'Chứng thực', components, feesDueAtReceiptVnd: 50_000, acceptsPostal: true };
const request: PickupRequest = {
  shipmentId: PICKUP_ID,
  unitCode: '000.00.11.H40',
  procedureCode: 'TP-01',
  applicant,
  pickupFrom: undefined,
  resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
  note: '',
};
const collection: CollectionRecord = {
  shipmentId: PICKUP_ID,
  documents: [doc('TK01'), doc('CCCD')],
  sealed: true,
  feesCollectedVnd: 50_000,
  feeReceiptNumber: 'BL-0001',
  collectedBy: 'postman-7',
  collectedAt: at(30),
};
const handover: HandoverRecord = {
  shipmentId: PICKUP_ID,
  handedBy: 'postman-7',
  receivedBy: 'officer-1',
  documents: [doc('TK01'), doc('CCCD')],
  feesHandedOverVnd: 50_000,
  feeReceiptNumber: 'BL-0001',
  handedOverAt: at(120),
};

function apply(s: Shipment | null, d: Decision): Shipment {
  if (!d.ok) throw new Error(JSON.stringify(d.rejection));
  return d.events.reduce<Shipment | null>(evolve, s)!;
}
const fieldsOf = (d: Decision) =>
  d.ok ? [] : d.rejection.kind === 'invalid' ? d.rejection.violations.map((v) => v.field) : [d.rejection.kind];
const messageOf = (d: Decision) => (!d.ok && d.rejection.kind !== 'invalid' ? d.rejection.message : '');
const accepted = () => fold(acceptedShipment('dossier'))!;

describe('requesting a pickup', () => {
  it("records the request with the procedure's list and fees, collecting at the applicant's address by default", () => {
    const s = apply(null, decideRequestPickup(null, request, procedure, T0));
    expect(s.state).toBe(ShipmentState.SHIPMENT_STATE_REQUESTED);
    expect(s.orderNumber).toBe(pickupOrderNumber(PICKUP_ID));
    expect(s.citizen).toEqual({ name: applicant.fullName, address: applicant.address, phone: applicant.phone });
    expect(s.requiredDocuments).toHaveLength(3);
    expect(s.feesDueVnd).toBe(50_000);
  });

  it('names every missing field', () => {
    const d = decideRequestPickup(
      null,
      { ...request, unitCode: '', applicant: { ...applicant, fullName: '', address: '', phone: '' }, resultDelivery: 0 },
      procedure,
      T0,
    );
    expect(fieldsOf(d)).toEqual(['unit_code', 'applicant.full_name', 'pickup_from.address', 'pickup_from.phone', 'result_delivery']);
  });

  it('refuses a procedure not offered by post', () => {
    expect(messageOf(decideRequestPickup(null, request, { ...procedure, acceptsPostal: false }, T0))).toContain('not offered');
  });
});

describe("the postal worker's tally", () => {
  it("lists required components missing or short, and components not in the procedure's list", () => {
    const tally = tallyDocuments(components, [doc('TK01'), doc('XX9')]);
    expect(tally.missing.map((m) => m.componentCode)).toEqual(['CCCD']);
    expect(tally.unexpectedComponentCodes).toEqual(['XX9']);
  });

  it('records the collection with what is missing; the pickup is collected', () => {
    const s = apply(accepted(), decideRecordCollection(accepted(), { ...collection, documents: [doc('TK01')] }, at(31)));
    expect(s.state).toBe(ShipmentState.SHIPMENT_STATE_COLLECTED);
    expect(s.collection?.missingComponentCodes).toEqual(['CCCD']);
  });

  it('requires the seal, a receipt when fees were collected, and well-formed documents', () => {
    const d = decideRecordCollection(
      accepted(),
      { ...collection, sealed: false, feeReceiptNumber: '', documents: [{ ...doc(''), count: 0 }] },
      at(31),
    );
    expect(fieldsOf(d)).toEqual(['documents[0].component_code', 'documents[0].count', 'fee_receipt_number', 'sealed']);
  });

  it("needs the provider's order first and happens once", () => {
    const requested = fold(acceptedShipment('dossier').slice(0, 1))!;
    expect(messageOf(decideRecordCollection(requested, collection, at(31)))).toContain('not yet confirmed');
    const collected = apply(accepted(), decideRecordCollection(accepted(), collection, at(31)));
    expect(messageOf(decideRecordCollection(collected, collection, at(32)))).toContain('already collected');
  });

  it('is refused on a failed pickup', () => {
    const { shipment } = afterReports(acceptedShipment('dossier'), [report(C.PICKUP_FAILED, 10)]);
    expect(messageOf(decideRecordCollection(shipment, collection, at(31)))).toContain('closed');
  });
});

describe('the hand-over record', () => {
  const collected = () => apply(accepted(), decideRecordCollection(accepted(), collection, at(31)));

  it('hands the dossier over; the pickup ends handed over', () => {
    const s = apply(collected(), decideRecordHandover(collected(), handover, at(121)));
    expect(s.state).toBe(ShipmentState.SHIPMENT_STATE_HANDED_OVER);
    expect(s.handover?.receivedBy).toBe('officer-1');
  });

  it('is possible once the post reports the dossier at the desk', () => {
    const { shipment } = afterReports(acceptedShipment('dossier'), [report(C.DELIVERED, 100)]);
    const s = apply(shipment, decideRecordCollection(shipment, collection, at(31)));
    expect(s.state).toBe(ShipmentState.SHIPMENT_STATE_DELIVERED);
    expect(apply(s, decideRecordHandover(s, handover, at(121))).state).toBe(ShipmentState.SHIPMENT_STATE_HANDED_OVER);
  });

  it('needs the collection record, and a time after it', () => {
    expect(messageOf(decideRecordHandover(accepted(), handover, at(121)))).toContain('no collection record');
    expect(fieldsOf(decideRecordHandover(collected(), { ...handover, handedOverAt: at(10) }, at(121)))).toEqual(['handed_over_at']);
  });

  it('names who handed and who received', () => {
    expect(fieldsOf(decideRecordHandover(collected(), { ...handover, handedBy: '', receivedBy: '' }, at(121)))).toEqual([
      'handed_by',
      'received_by',
    ]);
  });
});

describe('cancelling a pickup', () => {
  it('is requested (the provider confirms later) until the dossier is collected', () => {
    const s = apply(accepted(), decideCancelPickup(accepted(), PICKUP_ID, 'citizen went to the counter', 'portal', at(5)));
    expect(s.cancellation).toBe('pending');
    expect(messageOf(decideCancelPickup(s, PICKUP_ID, 'again', 'portal', at(6)))).toContain('already being cancelled');
    const collected = apply(accepted(), decideRecordCollection(accepted(), collection, at(31)));
    expect(messageOf(decideCancelPickup(collected, PICKUP_ID, 'late', 'portal', at(40)))).toContain('already collected');
  });

  it('an unknown pickup is not found', () => {
    expect(decideCancelPickup(null, PICKUP_ID, 'x', 'portal', at(5))).toMatchObject({ ok: false, rejection: { kind: 'not_found' } });
  });
});
