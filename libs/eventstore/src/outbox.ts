import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Collection, Db, Filter } from 'mongodb';
import type { CommitDocument } from './documents';
import { mapLimit, upsertById } from './mongo-util';
import { createCollection } from './pointers';

/**
 * `<collection>_outbox`: one entry per append attempt, written before the commit is inserted and
 * deleted once the commit is published. Only pending work lives here, so the relay lists this
 * small collection instead of scanning every commit for `publishedAt: null`.
 */
export interface OutboxEntry {
  /** `${commitId}@${attempt tag}`: each attempt owns its entry, so cleaning up a failed attempt never removes another's. */
  _id: string;
  commitId: string;
  streamId: string;
  firstVersion: number;
  recordedAt: Date;
}

type EntrySource = Pick<CommitDocument, '_id' | 'streamId' | 'firstVersion' | 'recordedAt'>;

/** Commits loaded at once while listing. */
const PARALLEL_READS = 16;

/**
 * The outbox index of the commits. An entry whose commit never appears (the append failed or its
 * process died before the insert) is dropped once this process has seen it without its commit for
 * the grace period (measured on its own monotonic clock, so clock skew between processes does
 * not matter). Two safety nets keep a late insert from losing its event: after dropping an entry
 * the commit is looked up once more (and the entry restored if it appeared), and an append that
 * took longer than half the grace period writes a fresh entry after its insert.
 */
export class Outbox {
  readonly entries: Collection<OutboxEntry>;
  /** Entry id → when this process first saw it without its commit (monotonic ms). */
  private readonly missingSince = new Map<string, number>();
  /** Commit id → its entries as last listed, deleted by markPublished. */
  private readonly listed = new Map<string, string[]>();

  constructor(
    private readonly db: Db,
    collectionName: string,
    private readonly commits: Collection<CommitDocument>,
    readonly graceMs: number,
  ) {
    this.entries = db.collection<OutboxEntry>(`${collectionName}_outbox`);
  }

  /** Adds an entry for a commit about to be inserted (or, with a tag, idempotently for one that exists). */
  async add(doc: EntrySource, tag?: string): Promise<void> {
    const entry = { commitId: doc._id, streamId: doc.streamId, firstVersion: doc.firstVersion, recordedAt: doc.recordedAt };
    if (tag !== undefined) return upsertById(this.entries, `${doc._id}@${tag}`, { $set: entry });
    await this.entries.insertOne({ _id: `${doc._id}@${randomBytes(6).toString('hex')}`, ...entry });
  }

  /** Unpublished commits ordered by stream id then version, at most `limit`, skipping some streams. */
  async pending(limit: number, excludeStreamIds: readonly string[]): Promise<CommitDocument[]> {
    const filter: Filter<OutboxEntry> = excludeStreamIds.length > 0 ? { streamId: { $nin: [...excludeStreamIds] } } : {};
    const pageSize = Math.max(limit, 50);
    const found: CommitDocument[] = [];
    const published: string[] = [];
    const stale: OutboxEntry[] = [];
    const seen = new Set<string>();
    for (let skip = 0; found.length < limit; skip += pageSize) {
      const page = await this.entries.find(filter).sort({ streamId: 1, firstVersion: 1, _id: 1 }).skip(skip).limit(pageSize).toArray();
      const groups = groupByCommit(page.filter((e) => !seen.has(e.commitId)));
      const docs = await mapLimit([...groups.keys()], PARALLEL_READS, (id) => this.commits.findOne({ _id: id }));
      [...groups.values()].forEach((entries, i) => {
        seen.add(entries[0].commitId);
        const doc = docs[i];
        if (doc && doc.publishedAt == null) found.push(this.list(doc, entries));
        else if (doc) published.push(...entries.map((e) => e._id));
        else stale.push(...this.pastGrace(entries));
      });
      if (page.length < pageSize) break;
    }
    await this.cleanUp(published, stale);
    return found.slice(0, limit);
  }

  /** Records the broker's acknowledgement on the commit (the first one wins), then drops its entries. */
  async markPublished(commitId: string, at: Date): Promise<void> {
    const doc = await this.commits.findOne({ _id: commitId }, { projection: { publishedAt: 1 } });
    if (!doc) return;
    if (doc.publishedAt == null) await this.commits.updateOne({ _id: commitId }, { $set: { publishedAt: at } });
    const ids = this.listed.get(commitId) ?? (await this.entries.find({ commitId }, { projection: { _id: 1 } }).toArray()).map((e) => e._id);
    for (const id of ids) await this.entries.deleteOne({ _id: id });
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

  private async cleanUp(publishedIds: string[], stale: OutboxEntry[]): Promise<void> {
    for (const id of publishedIds) await this.entries.deleteOne({ _id: id });
    for (const e of stale) {
      await this.entries.deleteOne({ _id: e._id });
      this.missingSince.delete(e._id);
      const late = await this.commits.findOne({ _id: e.commitId });
      if (late && late.publishedAt == null) await this.add(late);
    }
  }
}

function groupByCommit(entries: OutboxEntry[]): Map<string, OutboxEntry[]> {
  const groups = new Map<string, OutboxEntry[]>();
  for (const e of entries) groups.set(e.commitId, [...(groups.get(e.commitId) ?? []), e]);
  return groups;
}
