import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Collection, Db, Filter } from 'mongodb';
import type { CommitDocument } from './documents';
import { mapLimit, upsertById } from './mongo-util';
import { createCollection } from './pointers';

/**
 * `<collection>_outbox`: one entry per append attempt, written before the commit is inserted and
 * deleted once the commit is published. Only pending work lives here, so the relay lists this
 * small collection instead of scanning every commit for `publishedAt: null`, and the entry
 * carries the commit, so a confirmed entry is published without reading the commit collection.
 */
export interface OutboxEntry {
  /** `${commitId}@${attempt tag}`: each attempt owns its entry, so cleaning up a failed attempt never removes another's. */
  _id: string;
  commitId: string;
  streamId: string;
  firstVersion: number;
  recordedAt: Date;
  /** The commit as this attempt built it. */
  commit: CommitDocument;
  /** Set by the appender once its insert succeeded; until then the entry may belong to an append that failed. */
  committed: boolean;
}

/** Commits loaded at once while checking unconfirmed entries. */
const PARALLEL_READS = 16;

/**
 * The outbox of the commits. A confirmed entry is published as it is. An unconfirmed one is
 * checked against the commit collection: the commit it built is there (the appender died before
 * confirming) → published; another commit holds its id (it lost a race) → dropped; no commit
 * (in flight, failed, or died before the insert) → dropped once this process has seen it so for
 * the grace period (on its own monotonic clock, so clock skew between processes does not
 * matter). Two safety nets keep a late insert from losing its event: after dropping an entry the
 * commit is looked up once more (and a confirmed entry written if it appeared), and an append
 * that took longer than half the grace period writes a fresh confirmed entry after its insert.
 */
export class Outbox {
  readonly entries: Collection<OutboxEntry>;
  /** Entry id → when this process first saw it without its commit (monotonic ms). */
  private readonly missingSince = new Map<string, number>();
  /** Commit id → its entries as last listed (unpublished then), deleted by markPublished. */
  private readonly listed = new Map<string, string[]>();

  constructor(
    private readonly db: Db,
    collectionName: string,
    private readonly commits: Collection<CommitDocument>,
    readonly graceMs: number,
  ) {
    this.entries = db.collection<OutboxEntry>(`${collectionName}_outbox`);
  }

  /**
   * Adds an entry: unconfirmed for a commit about to be inserted (returns its id, for confirm),
   * or confirmed for one known to be stored (with a tag, idempotently).
   */
  async add(doc: CommitDocument, committed = false, tag?: string): Promise<string> {
    const id = `${doc._id}@${tag ?? randomBytes(6).toString('hex')}`;
    const entry = { commitId: doc._id, streamId: doc.streamId, firstVersion: doc.firstVersion, recordedAt: doc.recordedAt, commit: doc, committed };
    if (tag !== undefined) await upsertById(this.entries, id, { $set: entry });
    else await this.entries.insertOne({ _id: id, ...entry });
    return id;
  }

  /** The appender's insert succeeded. */
  async confirm(entryId: string): Promise<void> {
    await this.entries.updateOne({ _id: entryId }, { $set: { committed: true } });
  }

  /** Unpublished commits ordered by stream id then version, at most `limit`, skipping some streams. */
  async pending(limit: number, excludeStreamIds: readonly string[]): Promise<CommitDocument[]> {
    const filter: Filter<OutboxEntry> = excludeStreamIds.length > 0 ? { streamId: { $nin: [...excludeStreamIds] } } : {};
    const pageSize = Math.max(limit, 50);
    const found: CommitDocument[] = [];
    const done: string[] = [];
    const stale: OutboxEntry[] = [];
    const seen = new Set<string>();
    for (let skip = 0; found.length < limit; skip += pageSize) {
      const page = await this.entries.find(filter).sort({ streamId: 1, firstVersion: 1, _id: 1 }).skip(skip).limit(pageSize).toArray();
      const groups = [...groupByCommit(page.filter((e) => !seen.has(e.commitId))).values()];
      const stored = await mapLimit(groups, PARALLEL_READS, async (g) => (g.some((e) => e.committed) ? null : this.commits.findOne({ _id: g[0].commitId })));
      groups.forEach((entries, i) => {
        seen.add(entries[0].commitId);
        const confirmed = entries.find((e) => e.committed)?.commit ?? genuine(stored[i], entries);
        if (confirmed) found.push(this.list(confirmed, entries));
        else if (stored[i]) done.push(...entries.map((e) => e._id)); // published, or another attempt's commit
        else stale.push(...this.pastGrace(entries));
      });
      if (page.length < pageSize) break;
    }
    await this.cleanUp(done, stale);
    return found.slice(0, limit);
  }

  /** Records the broker's acknowledgement on the commit (a resend after a crash records its own time), then drops its entries. */
  async markPublished(commitId: string, at: Date): Promise<void> {
    const ids = this.listed.get(commitId);
    if (ids) {
      await this.commits.updateOne({ _id: commitId }, { $set: { publishedAt: at } });
    } else {
      const doc = await this.commits.findOne({ _id: commitId }, { projection: { publishedAt: 1 } });
      if (doc && doc.publishedAt == null) await this.commits.updateOne({ _id: commitId }, { $set: { publishedAt: at } });
    }
    const entryIds = ids ?? (await this.entries.find({ commitId }, { projection: { _id: 1 } }).toArray()).map((e) => e._id);
    for (const id of entryIds) await this.entries.deleteOne({ _id: id });
    this.listed.delete(commitId);
  }

  async ensureCollection(): Promise<void> {
    await createCollection(this.db, this.entries.collectionName);
    await this.entries.createIndex({ streamId: 1, firstVersion: 1 }, { name: 'streamId_firstVersion' });
    await this.entries.createIndex({ commitId: 1 }, { name: 'commitId' });
  }

  private list(doc: CommitDocument, entries: OutboxEntry[]): CommitDocument {
    for (const e of entries) this.missingSince.delete(e._id);
    this.listed.set(doc._id, entries.map((e) => e._id));
    return doc;
  }

  /** The entries seen without their commit for the whole grace period. */
  private pastGrace(entries: OutboxEntry[]): OutboxEntry[] {
    const now = performance.now();
    return entries.filter((e) => {
      const since = this.missingSince.get(e._id) ?? now;
      this.missingSince.set(e._id, since);
      return now - since >= this.graceMs;
    });
  }

  private async cleanUp(doneIds: string[], stale: OutboxEntry[]): Promise<void> {
    for (const id of doneIds) await this.entries.deleteOne({ _id: id });
    for (const e of stale) {
      await this.entries.deleteOne({ _id: e._id });
      this.missingSince.delete(e._id);
      const late = await this.commits.findOne({ _id: e.commitId });
      if (late && late.publishedAt == null) await this.add(late, true);
    }
  }
}

/** The stored commit, if unpublished and built by one of these attempts (same last hash). */
function genuine(stored: CommitDocument | null, entries: OutboxEntry[]): CommitDocument | null {
  if (!stored || stored.publishedAt != null) return null;
  const last = (c: CommitDocument) => c.events[c.events.length - 1]?.hash;
  return entries.some((e) => last(e.commit) === last(stored)) ? stored : null;
}

function groupByCommit(entries: OutboxEntry[]): Map<string, OutboxEntry[]> {
  const groups = new Map<string, OutboxEntry[]>();
  for (const e of entries) groups.set(e.commitId, [...(groups.get(e.commitId) ?? []), e]);
  return groups;
}
