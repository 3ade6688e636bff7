import { CE_HEADERS, CloudEventDecodeError, fromKafkaMessage, toKafkaMessage, type InboundMessage } from './cloudevents';
import type { PublishableEvent } from './event-types';

const payload = new Uint8Array([0x0a, 0x03, 0x61, 0x62, 0x63, 0x00, 0xff]);

function recorded(overrides: Partial<PublishableEvent> = {}): PublishableEvent {
  return {
    id: '0b8f6d2e-5c1a-4f7e-9d3b-2a1c4e5f6a7b',
    streamId: 'HS-2026-000123',
    version: 3,
    type: 'onestop.intake.v1.DossierReceived',
    data: payload,
    recordedAt: new Date('2026-03-02T01:02:03.456Z'),
    metadata: {
      correlationId: 'corr-1',
      requestId: 'req-1',
      causationId: 'cause-1',
      actor: { officerId: 'officer-7', role: 'desk_officer', unitCode: 'UBND-Q1' },
    },
    prevHash: 'aa11',
    hash: 'bb22',
    source: 'onestop.intake',
    ...overrides,
  };
}

/** What the consumer sees: header values arrive as Buffers. */
function received(headers: Record<string, string>, value: Buffer | null, offset = '42'): InboundMessage {
  const asBuffers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
  return { key: Buffer.from('HS-2026-000123'), value, headers: asBuffers, offset };
}

describe('toKafkaMessage (CloudEvents binary mode)', () => {
  it('puts every attribute in a ce_ header, keys by dossier id and sends the payload unchanged', () => {
    const m = toKafkaMessage(recorded());
    expect(m.key).toBe('HS-2026-000123');
    expect([...m.value]).toEqual([...payload]);
    expect(m.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: '0b8f6d2e-5c1a-4f7e-9d3b-2a1c4e5f6a7b',
      ce_source: 'onestop.intake',
      ce_type: 'onestop.intake.v1.DossierReceived',
      ce_time: '2026-03-02T01:02:03.456Z',
      ce_subject: 'HS-2026-000123',
      'content-type': 'application/protobuf',
      ce_streamversion: '3',
      ce_hash: 'bb22',
      ce_prevhash: 'aa11',
      ce_correlationid: 'corr-1',
      ce_requestid: 'req-1',
      ce_causationid: 'cause-1',
      ce_actorid: 'officer-7',
      ce_actorrole: 'desk_officer',
      ce_actorunit: 'UBND-Q1',
    });
  });

  it('omits the extension headers that are absent', () => {
    const m = toKafkaMessage(recorded({ metadata: {}, prevHash: null }));
    for (const h of ['ce_prevhash', 'ce_correlationid', 'ce_requestid', 'ce_causationid', 'ce_actorid', 'ce_actorrole', 'ce_actorunit']) {
      expect(m.headers).not.toHaveProperty(h);
    }
  });

  it('uses the source argument over the event source', () => {
    expect(toKafkaMessage(recorded(), 'onestop.processing').headers.ce_source).toBe('onestop.processing');
  });

  it('refuses an event without what a consumer needs, naming the field', () => {
    expect(() => toKafkaMessage(recorded({ source: undefined }))).toThrow(/source/);
    expect(() => toKafkaMessage(recorded({ hash: '' }))).toThrow(/hash/);
    expect(() => toKafkaMessage(recorded({ version: 0 }))).toThrow(/version/);
    expect(() => toKafkaMessage(recorded({ recordedAt: new Date('nope') }))).toThrow(/recordedAt/);
  });
});

describe('fromKafkaMessage', () => {
  it('gives back the event it was made from, with its position', () => {
    const m = toKafkaMessage(recorded());
    const e = fromKafkaMessage(received(m.headers, m.value), 'onestop.intake.events.v1', 4);
    expect(e).toEqual({
      id: '0b8f6d2e-5c1a-4f7e-9d3b-2a1c4e5f6a7b',
      source: 'onestop.intake',
      type: 'onestop.intake.v1.DossierReceived',
      subject: 'HS-2026-000123',
      time: new Date('2026-03-02T01:02:03.456Z'),
      data: expect.any(Uint8Array),
      streamId: 'HS-2026-000123',
      streamVersion: 3,
      hash: 'bb22',
      prevHash: 'aa11',
      metadata: {
        correlationId: 'corr-1',
        requestId: 'req-1',
        causationId: 'cause-1',
        actor: { officerId: 'officer-7', role: 'desk_officer', unitCode: 'UBND-Q1' },
      },
      topic: 'onestop.intake.events.v1',
      partition: 4,
      offset: '42',
    });
    expect([...e.data]).toEqual([...payload]);
  });

  it('leaves absent extensions out of the metadata and prevHash null', () => {
    const m = toKafkaMessage(recorded({ metadata: {}, prevHash: undefined }));
    const e = fromKafkaMessage(received(m.headers, m.value), 't', 0);
    expect(e.metadata).toEqual({});
    expect(e.prevHash).toBeNull();
  });

  it("keeps the event store's empty genesis prevHash as an empty string", () => {
    const m = toKafkaMessage(recorded({ prevHash: '' }));
    expect(m.headers.ce_prevhash).toBe('');
    expect(fromKafkaMessage(received(m.headers, m.value), 't', 0).prevHash).toBe('');
  });

  it('reads string header values as well as Buffers', () => {
    const m = toKafkaMessage(recorded());
    const e = fromKafkaMessage({ key: m.key, value: m.value, headers: m.headers, offset: '0' }, 't', 0);
    expect(e.streamVersion).toBe(3);
  });

  const required = [
    'ce_specversion',
    'ce_id',
    'ce_source',
    'ce_type',
    'ce_time',
    'ce_subject',
    'content-type',
    'ce_streamversion',
    'ce_hash',
  ];
  it.each(required)('rejects a message without %s with a typed error naming it', (header) => {
    const m = toKafkaMessage(recorded());
    const headers = { ...m.headers };
    delete headers[header];
    const decode = () => fromKafkaMessage(received(headers, m.value, '7'), 'topic-a', 2);
    expect(decode).toThrow(CloudEventDecodeError);
    try {
      decode();
    } catch (err) {
      const e = err as CloudEventDecodeError;
      expect(e.header).toBe(header);
      expect([e.topic, e.partition, e.offset]).toEqual(['topic-a', 2, '7']);
      expect(e.message).toContain(header);
    }
  });

  it.each([
    [CE_HEADERS.specversion, '0.3'],
    [CE_HEADERS.contentType, 'application/json'],
    [CE_HEADERS.time, 'yesterday'],
    [CE_HEADERS.streamVersion, '0'],
    [CE_HEADERS.streamVersion, '2.5'],
  ])('rejects %s = %s', (header, value) => {
    const m = toKafkaMessage(recorded());
    const decode = () => fromKafkaMessage(received({ ...m.headers, [header]: value }, m.value), 't', 0);
    expect(decode).toThrow(expect.objectContaining({ name: 'CloudEventDecodeError', header }));
  });

  it('rejects a tombstone (no value)', () => {
    const m = toKafkaMessage(recorded());
    expect(() => fromKafkaMessage(received(m.headers, null), 't', 0)).toThrow(expect.objectContaining({ header: 'value' }));
  });

  it('rejects a partial actor, naming the missing part', () => {
    const m = toKafkaMessage(recorded());
    const headers = { ...m.headers };
    delete headers.ce_actorunit;
    expect(() => fromKafkaMessage(received(headers, m.value), 't', 0)).toThrow(expect.objectContaining({ header: 'ce_actorunit' }));
  });
});
