// Histories in the former event store's shape (one MongoDB document per commit, hash-chained as
// the old store did) for the migration tests (not a test itself).
import { randomUUID } from 'node:crypto';
import { computeEventHash, documentFromCommit, type Commit, type CommitDocument, type RecordedEvent } from '@onestop/eventstore';

/** The commits of one stream: `sizes[i]` events in commit i, recorded a minute apart from `start`. */
export function oldCommits(
  source: string,
  streamId: string,
  sizes: number[],
  start = new Date('2025-06-02T01:00:00.000Z'),
): CommitDocument[] {
  let prevHash = '';
  let version = 0;
  return sizes.map((n, i) => {
    const recordedAt = new Date(start.getTime() + i * 60_000);
    const metadata = { correlationId: `corr-${i}`, actor: { officerId: 'desk01', role: 'desk_officer', unitCode: 'H40' } };
    const events = Array.from({ length: n }, (): RecordedEvent => {
      version++;
      const e = {
        id: randomUUID(),
        streamId,
        version,
        type: `${source}.v1.Happened`,
        data: Uint8Array.from([version, n, i]),
        recordedAt,
        metadata,
        prevHash,
        source,
      };
      prevHash = computeEventHash(e);
      return { ...e, hash: prevHash };
    });
    const commit: Commit = {
      commitId: `${streamId}:${events[0].version}`,
      streamId,
      firstVersion: events[0].version,
      lastVersion: version,
      events,
      recordedAt,
      requestId: randomUUID(),
      result: { accepted: true, at: recordedAt },
      reservation: null,
      publishedAt: new Date(recordedAt.getTime() + 500),
    };
    return documentFromCommit(commit);
  });
}
