import { common } from '@onestop/contracts';
import type { EventEnvelope } from '@onestop/messaging';
import type { IntakeEvent } from '../../domain/events';
import { toStored } from '../store/event-codec';
import { onlineQueueBatchHandler, onlineQueueHandler } from './online-queue-projector';

function envelope(event: IntakeEvent, version: number): EventEnvelope {
  const stored = toStored(event);
  return {
    id: `e${version}`,
    source: 'onestop.intake',
    type: stored.type,
    subject: 'd1',
    time: new Date('2026-03-04T02:00:00Z'),
    data: stored.data,
    streamId: 'd1',
    streamVersion: version,
    hash: '',
    prevHash: null,
    metadata: {},
    topic: 'onestop.intake.events.v1',
    partition: 0,
    offset: String(version),
  };
}

const received = (channel: common.Channel) =>
  ({ type: 'DossierReceived', data: { dossierId: 'd1', unitCode: 'TRUCNINH', channel } }) as unknown as IntakeEvent;

describe('online queue projection', () => {
  it('records an online submission as waiting and its receipt as having left the queue', async () => {
    const recorded: unknown[] = [];
    const handle = onlineQueueHandler({ record: async (...args) => void recorded.push(args) });
    const submittedAt = new Date('2026-03-04T01:00:00Z');
    await handle(
      envelope(
        { type: 'DossierSubmittedOnline', data: { dossierId: 'd1', unitCode: 'TRUCNINH', submittedAt } } as unknown as IntakeEvent,
        1,
      ),
    );
    await handle(envelope(received(common.Channel.CHANNEL_ONLINE), 2));
    expect(recorded).toEqual([
      ['d1', 1, { unitCode: 'TRUCNINH', submittedAt, waiting: true }],
      ['d1', 2, { waiting: false }],
    ]);
  });

  it('writes nothing for a receipt at the counter or by post (never in the queue)', async () => {
    const recorded: unknown[] = [];
    const handle = onlineQueueHandler({ record: async (...args) => void recorded.push(args) });
    await handle(envelope(received(common.Channel.CHANNEL_COUNTER), 1));
    await handle(envelope(received(common.Channel.CHANNEL_POSTAL), 1));
    expect(recorded).toEqual([]);
  });

  it('handles a batch in order, passing by the events it does not read without decoding them', async () => {
    const recorded: unknown[] = [];
    const handle = onlineQueueBatchHandler({ record: async (...args) => void recorded.push(args) });
    const submittedAt = new Date('2026-03-04T01:00:00Z');
    const undecodable = {
      ...envelope(received(common.Channel.CHANNEL_COUNTER), 3),
      type: 'onestop.intake.v1.DossierAssessed',
      data: new Uint8Array([255, 255]),
    };
    await handle([
      envelope(
        { type: 'DossierSubmittedOnline', data: { dossierId: 'd1', unitCode: 'TRUCNINH', submittedAt } } as unknown as IntakeEvent,
        1,
      ),
      envelope(received(common.Channel.CHANNEL_ONLINE), 2),
      undecodable,
    ]);
    expect(recorded).toEqual([
      ['d1', 1, { unitCode: 'TRUCNINH', submittedAt, waiting: true }],
      ['d1', 2, { waiting: false }],
    ]);
  });
});
