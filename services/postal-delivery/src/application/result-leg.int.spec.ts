// The result leg through the running application: intake's DossierReceived and processing's
// ResultIssued on Kafka -> shipment at the provider -> tracking -> RecordResultDelivery at intake;
// failed attempts up to the policy -> back at the desk; cash on delivery reconciled.
import { randomUUID } from 'node:crypto';
import { common, postal, postalEvents } from '@onestop/contracts';
import { admin } from '../adapters/provider/simulator.spec';
import { advance, dossierReceived, startHarness, waitFor, type Harness } from '../testing/harness.spec';
import { deskDeliveryRequestId } from './ids';

jest.setTimeout(60_000);

const ShipmentState = postalEvents.ShipmentState;
let h: Harness;
let seq = 0;

beforeAll(async () => {
  h = await startHarness({ RESULT_DELIVERY_MAX_ATTEMPTS: '2' });
});
afterAll(async () => {
  await h?.stop();
});

function newDossier() {
  seq += 1;
  return { id: randomUUID(), code: `000.00.11.H40-240304-${String(100 + seq).padStart(4, '0')}` };
}

async function issuedByPost(d: { id: string; code: string }): Promise<postal.Shipment> {
  await h.publishIntake(d.id, dossierReceived(d.id, d.code));
  await h.publishResultIssued(d.id);
  return waitFor('the result shipment at the provider', async () => {
    const [s] = await h.shipment({ $case: 'shipmentId', shipmentId: d.id });
    return s.waybillNumber ? s : undefined;
  });
}

const shipmentOf = async (id: string) => (await h.shipment({ $case: 'shipmentId', shipmentId: id }))[0];

describe('result leg', () => {
  it('delivers a result by post and records it at the desk with the delivery event id', async () => {
    const d = newDossier();
    const s = await issuedByPost(d);
    expect(s.orderNumber).toBe(`${d.code}-KQ`);
    expect(s.leg).toBe(postalEvents.Leg.LEG_RESULT);
    expect(s.money?.codAmountVnd).toBe(30_000);
    const [order] = (await admin(h.sim, 'GET', `/orders?order_number=${s.orderNumber}`)).orders;
    expect(order).toMatchObject({ service: 'delivery', cod_amount: 30_000, waybill_number: s.waybillNumber });

    await advance(h, s.waybillNumber, 2, 4, 6, 7, 10, 11, 12, 14, { status_code: 21, cod_amount: 30_000 });
    const done = await waitFor('the outcome at the desk', async () => {
      const now = await shipmentOf(d.id);
      return now.deskAcknowledged ? now : undefined;
    });
    expect(done.state).toBe(ShipmentState.SHIPMENT_STATE_DELIVERED);
    expect(done.money?.codCollectedVnd).toBe(30_000);
    const delivery = h.intake.deliveries.find((r) => r.dossierId === d.id)!;
    expect(delivery).toMatchObject({ delivered: true, waybillNumber: s.waybillNumber, shipmentId: d.id, recipientName: 'Nguyễn Văn An' });
    const events = await waitFor('the events on Kafka', async () => {
      const all = (await h.postalEvents()).filter((e) => e.streamId === d.id);
      return all.some((e) => e.type.endsWith('ResultOutcomeRecordedAtDesk')) ? all : undefined;
    });
    const deliveredEvent = events.find((e) => e.type === 'onestop.postal.v1.ResultDelivered')!;
    expect(delivery.requestId).toBe(deskDeliveryRequestId(deliveredEvent.id));
    expect(events.every((e) => e.source === 'onestop.postal-delivery' && e.subject === d.id)).toBe(true);
  });

  it('reconciles cash on delivery: a mismatch until it is handed over to the desk', async () => {
    const d = newDossier();
    const s = await issuedByPost(d);
    const from = new Date(Date.now() - 60_000);
    await advance(h, s.waybillNumber, 12, { status_code: 14, cod_amount: 30_000 });
    await waitFor('delivery', async () => (await shipmentOf(d.id)).state === ShipmentState.SHIPMENT_STATE_DELIVERED);
    const period = { unitCode: '', from, to: new Date(Date.now() + 60_000) };
    const before = await waitFor('the reconciliation line', async () => {
      const r = await h.rpc<postal.GetReconciliationRequest, postal.GetReconciliationResponse>('getReconciliation', period);
      return r.mismatches.find((l) => l.shipmentId === d.id);
    });
    expect(before.problems).toEqual(['the cash on delivery is not yet handed over to the desk']);

    await h.rpc<postal.RecordCodRemittanceRequest, postal.RecordCodRemittanceResponse>('recordCodRemittance', {
      requestId: `${d.id}-cod`,
      shipmentId: d.id,
      amountVnd: 30_000,
      receiptNumber: 'PT-2024-0042',
    });
    const after = await waitFor('the line reconciled', async () => {
      const r = await h.rpc<postal.GetReconciliationRequest, postal.GetReconciliationResponse>('getReconciliation', period);
      const line = r.lines.find((l) => l.shipmentId === d.id);
      return line && line.handedOverVnd === 30_000 ? r : undefined;
    });
    expect(after.mismatches.find((l) => l.shipmentId === d.id)).toBeUndefined();
  });

  it("after the policy's failed attempts the result goes back to the desk, the provider is told, intake records the failure", async () => {
    const d = newDossier();
    const s = await issuedByPost(d);
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    await advance(
      h,
      s.waybillNumber,
      { status_code: 12, status_at: at(1) },
      { status_code: 15, status_at: at(2), note: 'không liên lạc được' },
      { status_code: 12, status_at: at(3) },
      { status_code: 15, status_at: at(4), note: 'sai địa chỉ' },
    );
    const back = await waitFor('the result back at the desk', async () => {
      const now = await shipmentOf(d.id);
      return now.deskAcknowledged ? now : undefined;
    });
    expect(back.state).toBe(ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK);
    expect(back.failedAttempts).toBe(2);
    const delivery = h.intake.deliveries.find((r) => r.dossierId === d.id)!;
    expect(delivery.delivered).toBe(false);
    expect(delivery.failureReason).toContain('sai địa chỉ');
    await waitFor('the return at the provider', async () => (await admin(h.sim, 'GET', `/orders/${s.waybillNumber}`)).status_code === 22);
    const failed = await waitFor('the list of failures', async () => {
      const r = await h.rpc<postal.ListFailedDeliveriesRequest, postal.ListFailedDeliveriesResponse>('listFailedDeliveries', {
        unitCode: '',
        page: undefined,
      });
      return r.shipments.find((x) => x.shipmentId === d.id);
    });
    expect(failed.state).toBe(ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK);
  });

  it('retries the desk until it has caught up with the result', async () => {
    const d = newDossier();
    const s = await issuedByPost(d);
    h.intake.notReadyFor = 2;
    await advance(h, s.waybillNumber, 14);
    const done = await waitFor('the outcome at the desk', async () => {
      const now = await shipmentOf(d.id);
      return now.deskAcknowledged ? now : undefined;
    });
    expect(done.problem).toBe('');
    expect(h.intake.notReadyFor).toBe(0);
  });

  it('a citizen who collects at the counter gets no shipment', async () => {
    const d = newDossier();
    await h.publishIntake(d.id, dossierReceived(d.id, d.code, common.ResultDelivery.RESULT_DELIVERY_COUNTER));
    await h.publishResultIssued(d.id);
    const db = h.mongo.db(h.config.MONGO_DB);
    await waitFor(
      'both facts noted',
      async () =>
        (await db.collection('received_dossiers').countDocuments({ _id: d.id as never })) +
          (await db.collection('issued_results').countDocuments({ _id: d.id as never })) ===
        2,
    );
    expect(await db.collection('work').countDocuments({ shipmentId: d.id })).toBe(0);
    await expect(h.shipment({ $case: 'shipmentId', shipmentId: d.id })).rejects.toMatchObject({ code: 5 });
  });
});
