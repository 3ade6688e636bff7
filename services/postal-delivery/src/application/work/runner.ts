// Runs due work: leases an item (so two instances never run it at once), runs its job, and marks it
// done or failed — or, when the provider or the desk is unavailable, schedules another try with
// exponential backoff and jitter. Work survives restarts: it is stored, and a lease expires.
import type { Logger } from '@onestop/logging';
import { backoffDelay, type BackoffPolicy, type Random } from '../resilience/backoff';
import type { Clock, WorkItem, WorkKind, WorkQueue } from '../ports';

export type JobOutcome = { outcome: 'done' | 'failed'; note: string };
export type Job = (item: WorkItem) => Promise<JobOutcome>;

export interface WorkRunnerOptions {
  queue: WorkQueue;
  jobs: Record<WorkKind, Job>;
  clock: Clock;
  random: Random;
  backoff: BackoffPolicy;
  /** How long a lease holds before another runner may take the item (a crashed runner's). */
  leaseMs: number;
  intervalMs: number;
  batchSize?: number;
  concurrency?: number;
  logger: Logger;
}

export class WorkRunner {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private pass: Promise<void> | null = null;
  private again = false;

  constructor(private readonly o: WorkRunnerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }

  /** Runs a pass soon (new work was enqueued). */
  nudge(): void {
    if (!this.running) return;
    if (this.pass) this.again = true;
    else this.schedule(0);
  }

  /** Runs the work due now; returns how many items were run. */
  async runDue(): Promise<number> {
    const items = await this.o.queue.due(this.o.clock(), this.o.batchSize ?? 50);
    const concurrency = this.o.concurrency ?? 4;
    let next = 0;
    let ran = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++];
        if (await this.runItem(item)) ran++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    return ran;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pass = this.loop().finally(() => {
        this.pass = null;
        const soon = this.again;
        this.again = false;
        this.schedule(soon ? 0 : this.o.intervalMs);
      });
    }, ms);
  }

  private async loop(): Promise<void> {
    try {
      while (this.running && (await this.runDue()) > 0);
    } catch (err) {
      this.o.logger.error({ err }, 'work pass failed');
    }
  }

  private async runItem(item: WorkItem): Promise<boolean> {
    if (!(await this.o.queue.lease(item.id, this.o.clock(), this.o.leaseMs))) return false;
    const log = this.o.logger.child({ work: item.id, kind: item.kind, shipmentId: item.shipmentId });
    try {
      const { outcome, note } = await this.o.jobs[item.kind](item);
      await this.o.queue.finish(item.id, this.o.clock(), outcome, note);
      log[outcome === 'done' ? 'info' : 'warn']({ outcome, note, attempts: item.attempts + 1 }, 'work finished');
    } catch (err) {
      const attempts = item.attempts + 1;
      const delay = backoffDelay(attempts, this.o.backoff, this.o.random);
      const reason = (err as Error).message ?? String(err);
      await this.o.queue.retryLater(item.id, attempts, new Date(this.o.clock().getTime() + delay), reason);
      log.warn({ attempts, delayMs: delay, reason }, 'work not done; will try again');
    }
    return true;
  }
}
