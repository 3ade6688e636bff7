// Request ids through the running service (issue 9 §1, issue 15 §2/§10): a reused request id
// answers only the same command on the same pickup or shipment for a caller entitled to it now;
// any other reuse is ALREADY_EXISTS naming only the request id, with nothing executed or
// disclosed. Concurrent retries all get the first answer; the platform's own ids (the hand-over's
// submission to the desk) cannot be sent by clients.
import { randomUUID } from 'node:crypto';
import { status as Status, type ServiceError } from '@grpc/grpc-js';
import { fieldViolationsOf } from '@onestop/grpc-kit';
import { postal } from '@onestop/contracts';
import { applicant, pickupRequest, startHarness, type Harness } from '../testing/harness.spec';
import { UNIT } from '../testing/fake-intake.spec';
import { deskSubmissionRequestId } from './ids';

jest.setTimeout(60_000);

const OTHER_UNIT = 'OTHER-UNIT';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const requestPickup = (req: postal.RequestPickupRequest, role: 'citizen_portal' | 'desk_officer' = 'citizen_portal', unit = UNIT) =>
  h.rpc<postal.RequestPickupRequest, postal.RequestPickupResponse>('requestPickup', req, role, unit);
const cancel = (shipmentId: string, requestId: string, unit = UNIT) =>
  h.rpc<postal.CancelPickupRequest, postal.CancelPickupResponse>(
    'cancelPickup',
    { requestId, shipmentId, reason: 'the citizen will come to the desk' },
    'desk_officer',
    unit,
  );

async function failure(call: Promise<unknown>): Promise<ServiceError> {
  const err = await call.then(
    () => undefined,
    (e: ServiceError) => e,
  );
  if (!err) throw new Error('expected the call to be refused');
  return err;
}

async function stateOf(shipmentId: string): Promise<postal.Shipment> {
  const r = await h.rpc<postal.GetShipmentRequest, postal.GetShipmentResponse>(
    'getShipment',
    { key: { $case: 'shipmentId', shipmentId } },
    'service',
    'platform',
  );
  return r.shipments[0];
}

describe('the attack: a request id reused by another unit, on another pickup, for another command', () => {
  let pickupA: string;
  let pickupB: string;
  let pickupRequestId: string;
  let cancelRequestId: string;
  let firstCancel: postal.CancelPickupResponse;

  beforeAll(async () => {
    pickupRequestId = randomUUID();
    pickupA = (await requestPickup(pickupRequest({ requestId: pickupRequestId }))).shipment!.shipmentId;
    pickupB = (
      await requestPickup(
        pickupRequest({ unitCode: OTHER_UNIT, applicant: { ...applicant, fullName: 'Trần Thị Bình', idNumber: '036090009999' } }),
      )
    ).shipment!.shipmentId;
    cancelRequestId = randomUUID();
    firstCancel = await cancel(pickupA, cancelRequestId);
  });

  it('refuses another unit’s officer cancelling their own pickup B with it: ALREADY_EXISTS, nothing of A disclosed, B not cancelled', async () => {
    const before = await stateOf(pickupB);
    const err = await failure(cancel(pickupB, cancelRequestId, OTHER_UNIT));
    expect(err.code).toBe(Status.ALREADY_EXISTS);
    expect(err.details).toContain(cancelRequestId);
    for (const secret of [pickupA, applicant.fullName, applicant.idNumber, applicant.phone, applicant.address])
      expect(err.details).not.toContain(secret);
    // B goes on with its own life (the provider's answer may arrive meanwhile), but is not cancelled.
    const after = await stateOf(pickupB);
    expect([after.cancellationPending, after.tracking.some((t) => t.event === 'CancellationRequested')]).toEqual([
      before.cancellationPending,
      false,
    ]);
  });

  it.each([
    ['another unit’s officer, the same command on the same pickup', () => cancel(pickupA, cancelRequestId, OTHER_UNIT)],
    ['the same officer, the same command on another pickup', () => cancel(pickupB, cancelRequestId)],
    [
      'the same officer, another command on the same shipment',
      () => h.rpc('recordCodRemittance', { requestId: cancelRequestId, shipmentId: pickupA, amountVnd: 1, receiptNumber: 'R-1' }),
    ],
  ])('refuses %s with ALREADY_EXISTS', async (_what, call) => {
    expect((await failure(call())).code).toBe(Status.ALREADY_EXISTS);
  });

  it('refuses another unit’s desk officer replaying the citizen’s pickup request (its answer holds the citizen’s details)', async () => {
    const err = await failure(
      requestPickup(pickupRequest({ requestId: pickupRequestId, unitCode: OTHER_UNIT }), 'desk_officer', OTHER_UNIT),
    );
    expect(err.code).toBe(Status.ALREADY_EXISTS);
    expect(err.details).not.toContain(applicant.fullName);
  });

  it('answers the same officer’s retry of the same command on the same pickup with the first answer', async () => {
    expect(await cancel(pickupA, cancelRequestId)).toEqual(firstCancel);
  });
});

describe('concurrent retries of one request', () => {
  it('given 20 concurrent identical RequestPickup, when they race, then all get the first answer and one pickup exists', async () => {
    const req = pickupRequest();
    const answers = await Promise.all(Array.from({ length: 20 }, () => requestPickup(req)));
    expect(new Set(answers.map((a) => JSON.stringify(postal.RequestPickupResponse.toJSON(a)))).size).toBe(1);
    expect((await stateOf(answers[0].shipment!.shipmentId)).version).toBeGreaterThanOrEqual(1);
  });

  it('given 20 concurrent identical CancelPickup, when they race, then all get the first answer', async () => {
    const id = (await requestPickup(pickupRequest())).shipment!.shipmentId;
    const requestId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => cancel(id, requestId)));
    expect(new Set(answers.map((a) => JSON.stringify(postal.CancelPickupResponse.toJSON(a)))).size).toBe(1);
  });
});

describe('request ids the platform derives itself', () => {
  it('refuses a desk officer sending the hand-over’s submission id, naming request_id', async () => {
    const id = (await requestPickup(pickupRequest())).shipment!.shipmentId;
    const err = await failure(cancel(id, deskSubmissionRequestId(id)));
    expect(err.code).toBe(Status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(['request_id']);
  });

  it('bounds client request ids', async () => {
    const err = await failure(requestPickup(pickupRequest({ requestId: 'x'.repeat(129) })));
    expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(['request_id']);
  });
});
