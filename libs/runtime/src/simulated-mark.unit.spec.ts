// An event recorded on a simulated clock carries the mark to Kafka and back; the mark is not part
// of the hash, so the audit's chain checks are the same on either clock.
import { computeEventHash } from '@onestop/eventstore';
import { fromKafkaMessage, toKafkaMessage, type PublishableEvent } from '@onestop/messaging';

const event = (simulated: boolean): PublishableEvent => ({
  id: 'e1',
  streamId: 'd1',
  version: 1,
  type: 'onestop.intake.v1.DossierReceived',
  data: new Uint8Array([1, 2, 3]),
  recordedAt: new Date('2020-03-02T02:00:00Z'),
  metadata: { requestId: 'r1', ...(simulated ? { simulatedClock: true as const } : {}) },
  hash: 'h',
  prevHash: null,
  source: 'onestop.intake',
});

describe('the simulated-clock mark', () => {
  it('travels as ce_simulatedclock and comes back in the metadata', () => {
    const out = toKafkaMessage(event(true));
    expect(out.headers.ce_simulatedclock).toBe('true');
    const back = fromKafkaMessage({ key: out.key, value: out.value, headers: out.headers, offset: '0' }, 't', 0);
    expect(back.metadata.simulatedClock).toBe(true);
  });

  it('is absent from events on the system clock', () => {
    const out = toKafkaMessage(event(false));
    expect(out.headers.ce_simulatedclock).toBeUndefined();
    expect(
      fromKafkaMessage({ key: out.key, value: out.value, headers: out.headers, offset: '0' }, 't', 0).metadata.simulatedClock,
    ).toBeUndefined();
  });

  it('does not change the hash', () => {
    const base = {
      id: 'e1',
      streamId: 'd1',
      version: 1,
      type: 't',
      recordedAt: '2020-03-02T02:00:00.000Z',
      data: new Uint8Array([1]),
      prevHash: '',
    };
    expect(computeEventHash({ ...base, metadata: { requestId: 'r', simulatedClock: true } })).toBe(
      computeEventHash({ ...base, metadata: { requestId: 'r' } }),
    );
  });
});
