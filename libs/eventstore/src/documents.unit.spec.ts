import { Binary } from 'mongodb';
import { toCommit, toRecordedEvents, type CommitDocument, type EventDocument } from './documents';
import { computeEventHash } from './hash';
import { verifyChain } from './verify';

/** A commit document as the former MongoDB store wrote it (hashes computed the same way). */
function oldCommit(streamId: string, firstVersion: number, prevHash: string, payloads: number[][]): CommitDocument {
  const recordedAt = new Date('2025-11-03T02:15:00.123Z');
  const metadata = { correlationId: 'corr-1', requestId: 'req-1', actor: { officerId: 'desk01', role: 'desk_officer', unitCode: 'H40' } };
  let prev = prevHash;
  const events = payloads.map((bytes, i): EventDocument => {
    const e = {
      id: `e-${firstVersion + i}`,
      streamId,
      version: firstVersion + i,
      type: 'onestop.intake.v1.DossierReceived',
      data: new Uint8Array(bytes),
      recordedAt,
      metadata,
      prevHash: prev,
    };
    const hash = computeEventHash(e);
    prev = hash;
    return {
      id: e.id,
      version: e.version,
      type: e.type,
      data: new Binary(Buffer.from(bytes)),
      recordedAt,
      metadata,
      prevHash: e.prevHash,
      hash,
    };
  });
  return {
    _id: `${streamId}:${firstVersion}`,
    streamId,
    firstVersion,
    lastVersion: firstVersion + events.length - 1,
    events,
    source: 'onestop.intake',
    recordedAt,
    requestId: 'req-1',
    requestKey: 'req-1',
    reservedKey: 'H40-251103-0001',
    reservedScope: 'H40-20251103',
    reservedSeq: 1,
    result: { command: 'SubmitDossier', response: { dossierCode: 'H40-251103-0001' } },
    publishedAt: new Date('2025-11-03T02:15:01Z'),
  };
}

describe('commit documents of the former MongoDB store (read for migration)', () => {
  it('become the events the PostgreSQL store records, with ids, versions, times and hashes kept', () => {
    const first = oldCommit('d-1', 1, '', [[1, 2], [3]]);
    const second = oldCommit('d-1', 3, first.events[1].hash, [[4]]);
    const events = [...toRecordedEvents(first), ...toRecordedEvents(second)];
    expect(events.map((e) => [e.id, e.version, e.source])).toEqual([
      ['e-1', 1, 'onestop.intake'],
      ['e-2', 2, 'onestop.intake'],
      ['e-3', 3, 'onestop.intake'],
    ]);
    expect(events[0].data).toEqual(new Uint8Array([1, 2]));
    expect(Buffer.isBuffer(events[0].data)).toBe(false);
    expect(events[0].recordedAt).toEqual(new Date('2025-11-03T02:15:00.123Z'));
    expect(verifyChain(events)).toEqual([]);
  });

  it('become commits with their request, answer, reservation and publication', () => {
    const c = toCommit(oldCommit('d-2', 1, '', [[9]]));
    expect(c).toMatchObject({
      commitId: 'd-2:1',
      streamId: 'd-2',
      firstVersion: 1,
      lastVersion: 1,
      requestId: 'req-1',
      result: { command: 'SubmitDossier', response: { dossierCode: 'H40-251103-0001' } },
      reservation: { key: 'H40-251103-0001', scope: 'H40-20251103', seq: 1 },
      publishedAt: new Date('2025-11-03T02:15:01Z'),
    });
    const plain = toCommit({
      ...oldCommit('d-3', 1, '', [[9]]),
      reservedKey: 'd-3:1',
      reservedScope: null,
      reservedSeq: null,
      publishedAt: null,
    });
    expect(plain.reservation).toBeNull();
    expect(plain.publishedAt).toBeNull();
  });
});
