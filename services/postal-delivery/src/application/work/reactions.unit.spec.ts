import { postalEvent } from '../../domain/events';
import { pickupRequested, resultRequested } from '../../domain/fixtures.spec';
import type { WorkKind, WorkQueue } from '../ports';
import { Reactions, workCalledFor } from './reactions';

const returned = (providerReturnRequested: boolean) =>
  postalEvent('ResultReturnedToDesk', {
    shipmentId: 's',
    dossierId: 'd',
    waybillNumber: 'w',
    attempts: 3,
    reason: 'r',
    returnedAt: new Date(),
    providerReturnRequested,
  });

describe('work called for by events', () => {
  it('maps requests, cancellations, hand-overs and delivery outcomes to work', () => {
    expect(workCalledFor(pickupRequested())).toEqual(['create-order']);
    expect(workCalledFor(resultRequested())).toEqual(['create-order']);
    expect(workCalledFor(returned(true))).toEqual(['cancel-order', 'record-result-delivery']);
    expect(workCalledFor(returned(false))).toEqual(['record-result-delivery']);
    expect(
      workCalledFor(
        postalEvent('CodRemitted', {
          shipmentId: 's',
          dossierId: 'd',
          amountVnd: 1,
          receiptNumber: 'r',
          receivedBy: 'o',
          remittedAt: new Date(),
        }),
      ),
    ).toEqual([]);
  });

  it('enqueues each (kind, shipment) once: consuming the same history again calls for nothing', async () => {
    const claimed = new Set<string>();
    const queue = {
      enqueue: async (kind: WorkKind, shipmentId: string) => {
        const id = `${kind}:${shipmentId}`;
        if (claimed.has(id)) return false;
        claimed.add(id);
        return true;
      },
    } as unknown as WorkQueue;
    let nudges = 0;
    const reactions = new Reactions(
      queue,
      () => new Date(),
      () => nudges++,
    );
    expect(await reactions.onEvent('s', 'e1', returned(true))).toEqual(['cancel-order', 'record-result-delivery']);
    expect(await reactions.onEvent('s', 'e1', returned(true))).toEqual([]);
    expect(nudges).toBe(1);
  });
});
