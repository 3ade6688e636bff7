// The dossier leg through the running application: real FerretDB and Kafka, the provider simulator
// over HTTP, intake over gRPC. Pickup -> order -> collection -> hand-over -> SubmitDossier.
import { common, postal, postalEvents } from '@onestop/contracts';
import { status as Status } from '@grpc/grpc-js';
import { admin } from '../adapters/provider/simulator.spec';
import { advance, docs, orderedPickup as ordered, pickupRequest, startHarness, waitFor, type Harness } from '../testing/harness.spec';
import { UNIT } from '../testing/fake-intake.spec';
import { deskSubmissionRequestId } from './ids';

jest.setTimeout(60_000);

const ShipmentState = postalEvents.ShipmentState;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function orderedPickup(): Promise<{ id: string; waybill: string }> {
  const s = await ordered(h);
  return { id: s.shipmentId, waybill: s.waybillNumber };
}

describe('dossier leg', () => {
  it('runs from the pickup request to the dossier submitted to the desk, every step an event', async () => {
    const request = pickupRequest();
    const requested = await h.rpc<postal.RequestPickupRequest, postal.RequestPickupResponse>('requestPickup', request, 'citizen_portal');
    const shipment = requested.shipment!;
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_REQUESTED);
    expect(shipment.orderNumber).toBe(`${shipment.shipmentId}-HS`);
    expect(shipment.money?.feesDueVnd).toBe(50_000);

    const again = await h.rpc<postal.RequestPickupRequest, postal.RequestPickupResponse>('requestPickup', request, 'citizen_portal');
    expect(again.shipment?.shipmentId).toBe(shipment.shipmentId);

    const id = shipment.shipmentId;
    const ordered = await waitFor('the provider order', async () =>
      (await h.shipment({ $case: 'shipmentId', shipmentId: id })).find((s) => s.state === ShipmentState.SHIPMENT_STATE_ORDER_CREATED),
    );
    const waybill = ordered.waybillNumber;
    const orders = (await admin(h.sim, 'GET', `/orders?order_number=${ordered.orderNumber}`)).orders;
    expect(orders).toHaveLength(1);
    expect(orders[0].service).toBe('pickup');

    await advance(h, waybill, 2, 4);
    const collected = await h.rpc<postal.RecordCollectionRequest, postal.RecordCollectionResponse>(
      'recordCollection',
      {
        requestId: `${id}-collect`,
        shipmentId: id,
        documents: docs(['TK01']),
        sealed: true,
        feesCollectedVnd: 50_000,
        feeReceiptNumber: 'BL-000123',
        collectedBy: '',
        collectedAt: undefined,
      },
      'postal_provider',
    );
    expect(collected.missing.map((m) => m.componentCode)).toEqual(['CCCD']);
    expect(collected.shipment?.state).toBe(ShipmentState.SHIPMENT_STATE_COLLECTED);

    await advance(h, waybill, 6, 7, 10, 12, 14);
    await waitFor(
      'arrival at the desk',
      async () =>
        (await h.shipment({ $case: 'waybillNumber', waybillNumber: waybill }))[0].state === ShipmentState.SHIPMENT_STATE_DELIVERED,
    );

    const handedOver = await h.rpc<postal.RecordHandoverRequest, postal.RecordHandoverResponse>('recordHandover', {
      requestId: `${id}-handover`,
      shipmentId: id,
      handedBy: 'postman-7',
      documents: docs(['TK01', 'CCCD']),
      feesHandedOverVnd: 50_000,
      feeReceiptNumber: 'BL-000123',
      handedOverAt: undefined,
    });
    expect(handedOver.shipment?.state).toBe(ShipmentState.SHIPMENT_STATE_HANDED_OVER);

    const submitted = await waitFor('the dossier at the desk', async () => {
      const [s] = await h.shipment({ $case: 'shipmentId', shipmentId: id });
      return s.deskAcknowledged ? s : undefined;
    });
    expect(submitted.dossierCode).toMatch(new RegExp(`^${UNIT.replace(/\./g, '\\.')}-`));
    expect(h.intake.submissions).toHaveLength(1);
    const sub = h.intake.submissions[0];
    expect(sub.requestId).toBe(deskSubmissionRequestId(id));
    expect(sub.channel).toBe(common.Channel.CHANNEL_POSTAL);
    expect(sub.documents.map((d) => d.componentCode)).toEqual(['TK01', 'CCCD']);
    expect(sub.postalHandover).toMatchObject({
      pickupId: id,
      waybillNumber: waybill,
      handedBy: 'postman-7',
      receivedBy: 'desk_officer-1',
      feesHandedOverVnd: 50_000,
      feeReceiptNumber: 'BL-000123',
    });
    expect(h.intake.callers.every((r) => r === 'service')).toBe(true);

    const byCode = await waitFor('the shipment by dossier code', () =>
      h.shipment({ $case: 'dossierCode', dossierCode: submitted.dossierCode }),
    );
    expect(byCode.map((s) => s.shipmentId)).toEqual([id]);
    const tracking = submitted.tracking.map((t) => t.event);
    expect(tracking).toEqual(
      expect.arrayContaining([
        'PickupRequested',
        'ProviderOrderAccepted',
        'ProviderStatusReported',
        'DossierCollected',
        'DossierHandedOver',
        'DossierSubmittedToDesk',
      ]),
    );

    const types = await waitFor('the events on Kafka', async () => {
      const events = (await h.postalEvents()).filter((e) => e.streamId === id).map((e) => e.type.replace('onestop.postal.v1.', ''));
      return events.includes('DossierSubmittedToDesk') ? events : undefined;
    });
    expect(types).toEqual(submitted.tracking.map((t) => t.event));
  });

  it('cancels a pickup at the provider before collection', async () => {
    const { id, waybill } = await orderedPickup();
    const r = await h.rpc<postal.CancelPickupRequest, postal.CancelPickupResponse>(
      'cancelPickup',
      { requestId: `${id}-cancel`, shipmentId: id, reason: 'citizen came to the counter' },
      'citizen_portal',
    );
    expect(r.shipment?.cancellationPending).toBe(true);
    const [s] = await waitFor('the cancellation', async () => {
      const found = await h.shipment({ $case: 'shipmentId', shipmentId: id });
      return found[0].state === ShipmentState.SHIPMENT_STATE_CANCELLED ? found : undefined;
    });
    expect(s.cancellationPending).toBe(false);
    expect((await admin(h.sim, 'GET', `/orders/${waybill}`)).status_code).toBe(9);
  });

  it('a failed pickup is an outcome someone must act on', async () => {
    const { id, waybill } = await orderedPickup();
    await advance(h, waybill, 4, { status_code: 5, note: 'không có người ở nhà' });
    await waitFor(
      'the failure',
      async () => (await h.shipment({ $case: 'shipmentId', shipmentId: id }))[0].state === ShipmentState.SHIPMENT_STATE_PICKUP_FAILED,
    );
    const listed = await waitFor('the list of failures', async () => {
      const r = await h.rpc<postal.ListFailedDeliveriesRequest, postal.ListFailedDeliveriesResponse>('listFailedDeliveries', {
        unitCode: '',
        page: undefined,
      });
      return r.shipments.find((s) => s.shipmentId === id);
    });
    expect(listed.problem).toContain('không có người ở nhà');
  });

  it("lists pending pickups of the caller's unit only", async () => {
    const { id } = await orderedPickup();
    const mine = await waitFor('the pending list', async () => {
      const r = await h.rpc<postal.ListPendingPickupsRequest, postal.ListPendingPickupsResponse>('listPendingPickups', {
        unitCode: '',
        page: { pageSize: 200, pageToken: '' },
      });
      return r.shipments.some((s) => s.shipmentId === id) ? r : undefined;
    });
    expect(mine.shipments.every((s) => s.unitCode === UNIT)).toBe(true);
    await expect(h.rpc('listPendingPickups', { unitCode: 'OTHER-UNIT', page: undefined })).rejects.toMatchObject({
      code: Status.PERMISSION_DENIED,
    });
  });

  it('names bad fields and refuses a procedure intake does not know', async () => {
    await expect(h.rpc('requestPickup', pickupRequest({ applicant: undefined }), 'citizen_portal')).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: expect.stringContaining('applicant'),
    });
    await expect(h.rpc('requestPickup', pickupRequest({ procedureCode: 'NOPE' }), 'citizen_portal')).rejects.toMatchObject({
      code: Status.INVALID_ARGUMENT,
      details: expect.stringContaining('procedure_code'),
    });
    await expect(
      h.rpc('recordCollection', postal.RecordCollectionRequest.fromPartial({ requestId: 'x', shipmentId: 'nope' }), 'desk_officer'),
    ).rejects.toMatchObject({ code: Status.PERMISSION_DENIED });
  });
});
