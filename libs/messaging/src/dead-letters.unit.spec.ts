import { describeError, parseDeadLetter, toDeadLetterMessage } from './dead-letters';

describe('dead-letter messages', () => {
  const original = {
    key: Buffer.from('HS-1'),
    value: Buffer.from([1, 2, 3]),
    headers: { ce_id: Buffer.from('ev-1'), ce_type: Buffer.from('onestop.intake.v1.DossierReceived'), ce_subject: Buffer.from('HS-1') },
    offset: '17',
  };
  const cause = {
    originalTopic: 'onestop.intake.events.v1',
    originalPartition: 5,
    originalOffset: '17',
    group: 'reporting.v1',
    error: 'Error: boom',
    attempts: 5,
    failedAt: new Date('2026-01-02T03:04:05.000Z'),
  };

  it('keeps key, value and headers and adds where and why it failed', () => {
    const m = toDeadLetterMessage(original, cause);
    expect(m.key).toBe(original.key);
    expect(m.value).toBe(original.value);
    expect(m.headers).toMatchObject({
      ce_id: original.headers.ce_id,
      dlq_original_topic: 'onestop.intake.events.v1',
      dlq_original_partition: '5',
      dlq_original_offset: '17',
      dlq_group: 'reporting.v1',
      dlq_error: 'Error: boom',
      dlq_attempts: '5',
      dlq_failed_at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('reads back the cause and the original headers without the dlq_ ones', () => {
    const m = toDeadLetterMessage(original, cause);
    const asReceived = Object.fromEntries(Object.entries(m.headers!).map(([k, v]) => [k, Buffer.isBuffer(v) ? v : Buffer.from(String(v))]));
    const dl = parseDeadLetter({
      topic: 'dlq',
      partition: 1,
      offset: '9',
      key: original.key,
      value: original.value,
      headers: asReceived,
      timestamp: '0',
    });
    expect(dl).toMatchObject({ ...cause, deadLetterTopic: 'dlq', deadLetterPartition: 1, deadLetterOffset: '9' });
    expect(dl).toMatchObject({ eventId: 'ev-1', eventType: 'onestop.intake.v1.DossierReceived', dossierId: 'HS-1' });
    expect(Object.keys(dl.headers).sort()).toEqual(['ce_id', 'ce_subject', 'ce_type']);
  });

  it('names the missing dlq header of a message that is not a dead letter', () => {
    expect(() => parseDeadLetter({ topic: 'dlq', partition: 0, offset: '1', key: null, value: null, headers: {}, timestamp: '0' })).toThrow(
      /dlq_original_topic/,
    );
  });

  it('bounds the recorded error text', () => {
    expect(describeError(new TypeError('x'.repeat(10_000))).length).toBeLessThan(4_100);
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
  });
});
