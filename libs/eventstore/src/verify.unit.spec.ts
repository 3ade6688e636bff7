import { computeEventHash } from './hash';
import { verifyChain, type ChainEvent } from './verify';

function chain(streamId: string, length: number): ChainEvent[] {
  const out: ChainEvent[] = [];
  let prevHash = '';
  for (let version = 1; version <= length; version++) {
    const e = {
      id: `${streamId}-e${version}`,
      streamId,
      version,
      type: 'onestop.intake.v1.DossierReceived',
      recordedAt: new Date(Date.UTC(2026, 2, 2, 1, version)),
      metadata: { correlationId: `c-${streamId}` },
      data: new Uint8Array([version, 7]),
      prevHash,
    };
    const hash = computeEventHash(e);
    out.push({ ...e, hash });
    prevHash = hash;
  }
  return out;
}

function rehash(e: ChainEvent): ChainEvent {
  return { ...e, hash: computeEventHash(e) };
}

describe('verifyChain', () => {
  it('finds nothing wrong in an intact chain, also with several streams interleaved', () => {
    const a = chain('a', 4);
    const b = chain('b', 3);
    expect(verifyChain([a[0], b[0], a[1], b[1], b[2], a[2], a[3]])).toEqual([]);
  });

  it('accepts events as the Kafka audit rebuilds them (ISO string times, Buffer payloads)', () => {
    const fromKafka = chain('a', 3).map((e) => ({
      ...e,
      recordedAt: (e.recordedAt as Date).toISOString(),
      data: Buffer.from(e.data),
    }));
    expect(verifyChain(fromKafka)).toEqual([]);
  });

  it('treats exact resends (at-least-once delivery) as no problem', () => {
    const a = chain('a', 3);
    expect(verifyChain([a[0], a[1], a[2], a[1], a[2]])).toEqual([]);
  });

  it('reports an altered payload whose hash was left as it was', () => {
    const a = chain('a', 3);
    a[1] = { ...a[1], data: new Uint8Array([99]) };
    expect(verifyChain(a)).toEqual([expect.objectContaining({ streamId: 'a', version: 2, eventId: 'a-e2', kind: 'altered' })]);
  });

  it('reports altered metadata', () => {
    const a = chain('a', 2);
    a[0] = { ...a[0], metadata: { correlationId: 'forged' } };
    expect(verifyChain(a).map((p) => [p.kind, p.version])).toEqual([['altered', 1]]);
  });

  it('reports a broken link when an altered event was re-hashed to hide it', () => {
    const a = chain('a', 3);
    a[1] = rehash({ ...a[1], data: new Uint8Array([99]) });
    expect(verifyChain(a)).toEqual([expect.objectContaining({ version: 3, eventId: 'a-e3', kind: 'broken_link' })]);
  });

  it('reports a missing event once, at the first missing version', () => {
    const a = chain('a', 5);
    const problems = verifyChain([a[0], a[3], a[4]]);
    expect(problems).toEqual([
      expect.objectContaining({ version: 2, eventId: 'a-e4', kind: 'missing', detail: 'version 2..3 missing before version 4' }),
    ]);
  });

  it('reports a stream whose first event is missing', () => {
    const a = chain('a', 3);
    expect(verifyChain(a.slice(1)).map((p) => [p.kind, p.version])).toEqual([['missing', 1]]);
  });

  it('reports reordered events', () => {
    const a = chain('a', 4);
    expect(verifyChain([a[0], a[2], a[1], a[3]])).toEqual([expect.objectContaining({ version: 2, eventId: 'a-e2', kind: 'reordered' })]);
  });

  it('reports an extra event that claims a version already taken, keeping the one the chain continues from', () => {
    const a = chain('a', 3);
    const forged = rehash({ ...a[1], id: 'forged', data: new Uint8Array([42]) });
    const problems = verifyChain([a[0], forged, a[1], a[2]]);
    expect(problems).toEqual([expect.objectContaining({ version: 2, eventId: 'forged', kind: 'extra' })]);
  });

  it('reports an extra event at the end of a stream that does not link', () => {
    const a = chain('a', 2);
    const forged = rehash({ ...a[1], id: 'forged', data: new Uint8Array([42]), prevHash: 'f'.repeat(64) });
    expect(verifyChain([...a, forged]).map((p) => [p.kind, p.eventId])).toEqual([['extra', 'forged']]);
  });

  it('reports an event with an impossible version as extra', () => {
    const a = chain('a', 1);
    const zero = rehash({ ...a[0], id: 'zero', version: 0 });
    expect(verifyChain([zero, ...a]).map((p) => [p.kind, p.eventId])).toEqual([['extra', 'zero']]);
  });

  it('names the stream of each problem', () => {
    const a = chain('a', 2);
    const b = chain('b', 2);
    b[1] = { ...b[1], type: 'forged' };
    expect(verifyChain([...a, ...b]).map((p) => [p.streamId, p.kind])).toEqual([['b', 'altered']]);
  });
});
