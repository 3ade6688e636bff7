// PostalService through the running application's gRPC server: what the outside probe broke at
// the edge (issue 15 §6, §7, §14). A refused request records nothing.
import { status as Status, type ServiceError } from '@grpc/grpc-js';
import { fieldViolationsOf } from '@onestop/grpc-kit';
import type { common } from '@onestop/contracts';
import { docs, orderedPickup, pickupRequest, startHarness, type Harness } from '../../testing/harness.spec';

jest.setTimeout(90_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: ServiceError) => e,
  );
const fields = (e: ServiceError) => fieldViolationsOf(e).map((v) => v.field);

it('refuses a hand-over dated 1900 or in the future, naming handed_over_at, and records nothing', async () => {
  // Once the provider's order and its first status are in: they come by themselves, after the request.
  const { shipmentId: id, version } = await orderedPickup(h);
  for (const handedOverAt of [new Date('1900-01-01T00:00:00Z'), new Date(Date.now() + 24 * 3600_000)]) {
    const err = await refusal(
      h.rpc('recordHandover', {
        requestId: `${id}-h-${handedOverAt.getTime()}`,
        shipmentId: id,
        handedBy: 'postman-2',
        documents: docs(['TK01']),
        feesHandedOverVnd: 0,
        feeReceiptNumber: '',
        handedOverAt,
      }),
    );
    expect(err.code).toBe(Status.INVALID_ARGUMENT);
    expect(fields(err)).toEqual(['handed_over_at']);
  }
  expect((await h.shipment({ $case: 'shipmentId', shipmentId: id }))[0].version).toBe(version);
});

it('refuses unknown enum values and negative money naming the field', async () => {
  // 99 is no ResultDelivery on purpose (what an out-of-date or hand-written client can send); the cast only gets it past the compiler.
  const err = await refusal(h.rpc('requestPickup', pickupRequest({ resultDelivery: 99 as common.ResultDelivery }), 'citizen_portal'));
  expect(err.code).toBe(Status.INVALID_ARGUMENT);
  expect(fields(err)).toEqual(['result_delivery']);
  const money = await refusal(
    h.rpc('recordCodRemittance', { requestId: 'cod-neg', shipmentId: 'nope', amountVnd: -1, receiptNumber: 'PT-1' }),
  );
  expect(fields(money)).toEqual(['amount_vnd']);
});

it('refuses a garbage page_token instead of starting from the first page', async () => {
  const err = await refusal(h.rpc('listPendingPickups', { unitCode: '', page: { pageSize: 10, pageToken: 'garbage!!' } }));
  expect(err.code).toBe(Status.INVALID_ARGUMENT);
  expect(fields(err)).toEqual(['page.page_token']);
  const notAnOffset = await refusal(
    h.rpc('listFailedDeliveries', { unitCode: '', page: { pageSize: 10, pageToken: Buffer.from('abc').toString('base64url') } }),
  );
  expect(fields(notAnOffset)).toEqual(['page.page_token']);
});
