import { performance } from 'node:perf_hooks';
import type { Collection } from 'mongodb';
import { commitId, type CommitDocument, type StreamHead } from './documents';
import { LruCache } from './lru';
import { mapLimit } from './mongo-util';

/**
 * What the process remembers of a stream: where it ended when last seen and, when known, the
 * first version of every commit from version 1 on (so a read can fetch them all at once).
 */
interface KnownStream extends StreamHead {
  /** First version of the last commit. */
  lastStart: number;
  starts: number[] | null;
  /** When this process last saw the store agree (monotonic ms). */
  confirmedAt: number;
}

/** Past this many commits a stream's commit starts are not remembered (reads go one by one). */
const MAX_REMEMBERED_STARTS = 500;
/** Commits fetched at once when the commit starts are known. */
const PARALLEL_READS = 16;
/** How long a head just confirmed (by a read or this process's own append) is used for an append without probing again. */
const FRESH_MS = 2_000;

const EMPTY: KnownStream = { version: 0, hash: '', lastStart: 0, starts: [], confirmedAt: 0 };

/**
 * Reads streams by `_id` alone: a commit's `_id` is `${streamId}:${firstVersion}`, so the commit
 * after one ending at version v is `${streamId}:${v + 1}`. Walking from version 1 until a miss
 * reads the stream; a lookup by `_id` is the one query FerretDB 1.24 answers from an index (any
 * other filter scans the whole collection).
 *
 * Heads are cached per process (LRU). Commits are never changed or deleted, so a cached head is
 * at worst behind: every use confirms it by probing the next `_id` (and on while found), and an
 * append from a behind head collides on `_id` anyway. A stale entry costs probes, never a wrong
 * answer. Should commits vanish all the same (a database restored from an older backup), the
 * same round trip also re-reads the cached last commit and, if it is gone or differs, forgets the
 * entry and walks the stream from version 1.
 *
 * An append may use a head confirmed in the last FRESH_MS as it is (typically the command's own
 * load a moment before): the probes are full scans on FerretDB, and if another process appended
 * in between, the insert collides on `_id` and the append reports a ConcurrencyError anyway.
 */
export class StreamReader {
  private readonly known: LruCache<string, KnownStream>;

  constructor(
    private readonly commits: Collection<CommitDocument>,
    cacheSize: number,
  ) {
    this.known = new LruCache(cacheSize);
  }

  /**
   * The head an append builds on: one confirmed in the last FRESH_MS as it is; for an append
   * that expects an empty stream this process knows nothing of, the empty head (if the stream
   * exists after all, the insert of `<stream>:1` collides); otherwise head().
   */
  async headForAppend(streamId: string, expectsEmpty: boolean): Promise<StreamHead> {
    const cached = this.known.get(streamId);
    if (cached && performance.now() - cached.confirmedAt < FRESH_MS) return { version: cached.version, hash: cached.hash };
    if (!cached && expectsEmpty) return { version: 0, hash: '' };
    return this.head(streamId);
  }

  /** The stream's last version and hash, confirmed against the store. */
  async head(streamId: string): Promise<StreamHead> {
    const cached = this.known.get(streamId);
    let s = EMPTY;
    let next: CommitDocument | null;
    if (cached) {
      const [last, after] = await Promise.all([this.commitAt(streamId, cached.lastStart), this.commitAt(streamId, cached.version + 1)]);
      if (last && sameHead(headOf(last), cached)) {
        [s, next] = [cached, after];
      } else {
        this.known.delete(streamId);
        next = await this.commitAt(streamId, 1);
      }
    } else {
      next = await this.commitAt(streamId, 1);
    }
    for (; next; next = await this.commitAt(streamId, s.version + 1)) s = advance(s, next);
    if (s !== EMPTY) this.known.set(streamId, { ...s, confirmedAt: performance.now() });
    return { version: s.version, hash: s.hash };
  }

  /**
   * The stream's commits in version order, from the one holding `fromVersion` on. With `upTo`,
   * reading stops at the first commit recorded after it.
   */
  async read(streamId: string, fromVersion: number, upTo?: Date): Promise<CommitDocument[]> {
    const known = this.known.get(streamId);
    let skipped: number[] = []; // starts of remembered commits that end before fromVersion (not fetched)
    let out: CommitDocument[] = [];
    if (known?.starts) {
      const fetched = await this.fetchKnown(streamId, known.starts, fromVersion);
      if (fetched) {
        out = fetched;
        skipped = known.starts.slice(0, known.starts.length - fetched.length);
      }
    }
    let next = out.length > 0 ? out[out.length - 1].lastVersion + 1 : 1;
    for (let doc = await this.commitAt(streamId, next); doc; doc = await this.commitAt(streamId, next)) {
      out.push(doc);
      next = doc.lastVersion + 1;
      if (upTo && doc.recordedAt.getTime() > upTo.getTime()) return fromOn(out, fromVersion);
    }
    if (out.length > 0) this.remember(streamId, [...skipped, ...out.map((d) => d.firstVersion)], out[out.length - 1]);
    return fromOn(out, fromVersion);
  }

  /** Records a commit this process just inserted (the head moves only if it was known up to it). */
  appended(doc: CommitDocument): void {
    const s = this.known.get(doc.streamId);
    if (s && s.version === doc.firstVersion - 1) this.known.set(doc.streamId, { ...advance(s, doc), confirmedAt: performance.now() });
    else if (!s || s.version < doc.firstVersion) {
      this.known.set(doc.streamId, { ...headOf(doc), lastStart: doc.firstVersion, starts: null, confirmedAt: performance.now() });
    }
  }

  private commitAt(streamId: string, firstVersion: number): Promise<CommitDocument | null> {
    return this.commits.findOne({ _id: commitId(streamId, firstVersion) });
  }

  /**
   * Fetches the remembered commits that reach `fromVersion` or later (a suffix of `starts`),
   * several at once; null when what comes back does not fit together (the caller then walks from
   * version 1).
   */
  private async fetchKnown(streamId: string, starts: number[], fromVersion: number): Promise<CommitDocument[] | null> {
    const wanted = starts.filter((_, i) => i === starts.length - 1 || starts[i + 1] > fromVersion);
    const docs = await mapLimit(wanted, PARALLEL_READS, (v) => this.commitAt(streamId, v));
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i];
      if (!doc || (i + 1 < docs.length && doc.lastVersion + 1 !== docs[i + 1]?.firstVersion)) return null;
    }
    return docs as CommitDocument[];
  }

  private remember(streamId: string, starts: number[], last: CommitDocument): void {
    const remembered = starts.length <= MAX_REMEMBERED_STARTS ? starts : null;
    this.known.set(streamId, { ...headOf(last), lastStart: last.firstVersion, starts: remembered, confirmedAt: performance.now() });
  }
}

function fromOn(docs: CommitDocument[], fromVersion: number): CommitDocument[] {
  return docs.filter((d) => d.lastVersion >= fromVersion);
}

function headOf(doc: CommitDocument): StreamHead {
  return { version: doc.lastVersion, hash: doc.events[doc.events.length - 1].hash };
}

function advance(s: KnownStream, doc: CommitDocument): KnownStream {
  const starts = s.starts && s.starts.length < MAX_REMEMBERED_STARTS ? [...s.starts, doc.firstVersion] : null;
  return { ...headOf(doc), lastStart: doc.firstVersion, starts, confirmedAt: s.confirmedAt };
}

function sameHead(a: StreamHead, b: StreamHead): boolean {
  return a.version === b.version && a.hash === b.hash;
}
