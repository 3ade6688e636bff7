// The inserts of a rebuild, one insertBuilt at a time in the order pushed, while the caller goes
// on reading and folding: the document store works on one batch while the next is folded.
import type { DossierRecord, PickupRecord, ProjectionStore } from './ports';

export class BuildWriter {
  private chain: Promise<void> = Promise.resolve();
  /** The inserts queued and not finished, oldest first. */
  private readonly queued: Promise<void>[] = [];
  private failure: Error | null = null;
  /** Documents pushed and not written yet. */
  pending = 0;

  constructor(private readonly store: ProjectionStore) {}

  /** Queues an insert (nothing when both are empty); a failure comes out of drain(). */
  push(dossiers: readonly DossierRecord[], pickups: readonly PickupRecord[] = []): void {
    if (dossiers.length === 0 && pickups.length === 0) return;
    const count = dossiers.length + pickups.length;
    this.pending += count;
    const run = this.chain.then(async () => {
      try {
        if (this.failure === null) await this.store.insertBuilt(dossiers, pickups);
      } catch (err) {
        this.failure = err instanceof Error ? err : new Error(String(err));
      } finally {
        this.pending -= count;
        void this.queued.shift();
      }
    });
    this.queued.push(run);
    this.chain = run;
  }

  /** Resolves once at most `limit` documents wait (the store keeps working meanwhile). */
  async waitBelow(limit: number): Promise<void> {
    while (this.pending > limit && this.queued.length > 0) await this.queued[0];
    if (this.failure !== null) throw this.failure;
  }

  /** Resolves once everything pushed is written; rejects with the first failure. */
  async drain(): Promise<void> {
    await this.chain;
    if (this.failure !== null) throw this.failure;
  }
}
