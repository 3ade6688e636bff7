import { createHash } from 'node:crypto';
import { canonicalEventText, computeEventHash, type HashableEvent } from './hash';

const event: HashableEvent = {
  id: '7c0f6a0e-2f7b-4f43-9b59-0d7c2a1f3e10',
  streamId: 'dossier-1',
  version: 2,
  type: 'onestop.intake.v1.DossierReceived',
  recordedAt: new Date('2026-03-02T01:30:00.000Z'),
  metadata: {
    requestId: 'req-1',
    correlationId: 'corr-1',
    actor: { unitCode: 'H40.11', role: 'desk_officer', officerId: 'off-7' },
  },
  data: new Uint8Array([1, 2, 3, 250]),
  prevHash: 'ab'.repeat(32),
};

describe('canonicalEventText', () => {
  it('is the documented JSON: fixed key order, ISO time, sorted metadata, base64 data', () => {
    expect(canonicalEventText(event)).toBe(
      '{"id":"7c0f6a0e-2f7b-4f43-9b59-0d7c2a1f3e10","streamId":"dossier-1","version":2,' +
        '"type":"onestop.intake.v1.DossierReceived","recordedAt":"2026-03-02T01:30:00.000Z",' +
        '"metadata":{"actor":{"officerId":"off-7","role":"desk_officer","unitCode":"H40.11"},' +
        '"correlationId":"corr-1","requestId":"req-1"},"data":"AQID+g==","prevHash":"' +
        'ab'.repeat(32) +
        '"}',
    );
  });

  it('writes an empty metadata object when there is none', () => {
    expect(canonicalEventText({ ...event, metadata: undefined })).toContain('"metadata":{}');
    expect(canonicalEventText({ ...event, metadata: null })).toContain('"metadata":{}');
  });
});

describe('computeEventHash', () => {
  it('is the lowercase hex SHA-256 of the canonical text', () => {
    const expected = createHash('sha256').update(canonicalEventText(event)).digest('hex');
    expect(computeEventHash(event)).toBe(expected);
    expect(computeEventHash(event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for the same event read from Kafka (ISO string time, Buffer data, headers in another order)', () => {
    const fromKafka = {
      ...event,
      recordedAt: '2026-03-02T08:30:00.000+07:00',
      data: Buffer.from([1, 2, 3, 250]),
      metadata: {
        actor: { officerId: 'off-7', role: 'desk_officer', unitCode: 'H40.11' },
        correlationId: 'corr-1',
        requestId: 'req-1',
        causationId: undefined,
      },
    };
    expect(computeEventHash(fromKafka)).toBe(computeEventHash(event));
  });

  it('hashes a byte view by its own bytes, not the whole underlying buffer', () => {
    const big = new Uint8Array([9, 9, 1, 2, 3, 250, 9]);
    expect(computeEventHash({ ...event, data: big.subarray(2, 6) })).toBe(computeEventHash(event));
  });

  it('ignores metadata fields that are not part of the hashed set', () => {
    const withExtra = { ...event, metadata: { ...(event.metadata as object), tenant: 'x' } };
    expect(computeEventHash(withExtra)).toBe(computeEventHash(event));
  });

  it.each([
    ['id', { id: 'other' }],
    ['streamId', { streamId: 'dossier-2' }],
    ['version', { version: 3 }],
    ['type', { type: 'onestop.intake.v1.DossierRefused' }],
    ['recordedAt', { recordedAt: new Date('2026-03-02T01:30:00.001Z') }],
    ['metadata', { metadata: { correlationId: 'corr-2' } }],
    ['data', { data: new Uint8Array([1, 2, 3, 251]) }],
    ['prevHash', { prevHash: '' }],
  ])('changes when %s changes', (_field, change) => {
    expect(computeEventHash({ ...event, ...change })).not.toBe(computeEventHash(event));
  });
});
