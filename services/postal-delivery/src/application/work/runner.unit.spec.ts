import { silentLogger } from '@onestop/logging';
import type { WorkItem, WorkKind, WorkQueue } from '../ports';
import { WorkRunner, type Job } from './runner';

/** An in-memory work queue with the port's semantics (claims, leases), for the runner's rules. */
class MemoryQueue implements WorkQueue {
  items = new Map<string, WorkItem & { state: string; lastError: string; note: string }>();
  leases = new Map<string, number>();

  async enqueue(kind: WorkKind, shipmentId: string, sourceEventId: string, dueAt: Date) {
    const id = `${kind}:${shipmentId}`;
    if (this.items.has(id)) return false;
    this.items.set(id, { id, kind, shipmentId, sourceEventId, attempts: 0, dueAt, state: 'pending', lastError: '', note: '' });
    return true;
  }
  async due(now: Date, limit: number) {
    return [...this.items.values()]
      .filter((i) => i.state === 'pending' && i.dueAt <= now)
      .slice(0, limit)
      .map((i) => ({ ...i }));
  }
  async lease(id: string, now: Date, leaseMs: number) {
    const until = this.leases.get(id);
    if (until !== undefined && until > now.getTime()) return false;
    this.leases.set(id, now.getTime() + leaseMs);
    return true;
  }
  async finish(id: string, _now: Date, outcome: 'done' | 'failed', note: string) {
    Object.assign(this.items.get(id)!, { state: outcome, note });
    this.leases.delete(id);
  }
  async retryLater(id: string, attempts: number, dueAt: Date, lastError: string) {
    Object.assign(this.items.get(id)!, { attempts, dueAt, lastError });
    this.leases.delete(id);
  }
  async get(id: string) {
    return this.items.get(id);
  }
}

function runnerWith(queue: MemoryQueue, job: Job, clock: { now: Date }) {
  const jobs = Object.fromEntries(
    ['create-order', 'cancel-order', 'submit-dossier', 'record-result-delivery', 'request-result-shipment'].map((k) => [k, job]),
  ) as Record<WorkKind, Job>;
  return new WorkRunner({
    queue,
    jobs,
    clock: () => clock.now,
    random: () => 0,
    backoff: { baseMs: 1_000, maxMs: 8_000 },
    leaseMs: 60_000,
    intervalMs: 1_000,
    logger: silentLogger(),
  });
}

describe('work runner', () => {
  it('runs due work and records its outcome', async () => {
    const queue = new MemoryQueue();
    const clock = { now: new Date('2024-03-04T00:00:00Z') };
    await queue.enqueue('create-order', 's1', 'e1', clock.now);
    const runner = runnerWith(queue, async () => ({ outcome: 'done', note: 'waybill W1' }), clock);
    expect(await runner.runDue()).toBe(1);
    expect(await queue.get('create-order:s1')).toMatchObject({ state: 'done', note: 'waybill W1' });
    expect(await runner.runDue()).toBe(0);
  });

  it('reschedules failed work with growing backoff and runs it again when due', async () => {
    const queue = new MemoryQueue();
    const clock = { now: new Date('2024-03-04T00:00:00Z') };
    await queue.enqueue('submit-dossier', 's1', 'e1', clock.now);
    let calls = 0;
    const runner = runnerWith(
      queue,
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('intake unavailable');
        return { outcome: 'done', note: 'received' };
      },
      clock,
    );

    await runner.runDue();
    const first = (await queue.get('submit-dossier:s1'))!;
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastError: 'intake unavailable' });
    expect(first.dueAt.getTime() - clock.now.getTime()).toBe(500);
    expect(await runner.runDue()).toBe(0);

    clock.now = first.dueAt;
    await runner.runDue();
    const second = (await queue.get('submit-dossier:s1'))!;
    expect(second.dueAt.getTime() - clock.now.getTime()).toBe(1_000);

    clock.now = second.dueAt;
    await runner.runDue();
    expect(await queue.get('submit-dossier:s1')).toMatchObject({ state: 'done', attempts: 2 });
    expect(calls).toBe(3);
  });

  it('does not run work another runner holds a lease on', async () => {
    const queue = new MemoryQueue();
    const clock = { now: new Date('2024-03-04T00:00:00Z') };
    await queue.enqueue('cancel-order', 's1', 'e1', clock.now);
    await queue.lease('cancel-order:s1', clock.now, 60_000);
    let calls = 0;
    const runner = runnerWith(
      queue,
      async () => {
        calls += 1;
        return { outcome: 'done', note: '' };
      },
      clock,
    );
    expect(await runner.runDue()).toBe(0);
    expect(calls).toBe(0);
    clock.now = new Date(clock.now.getTime() + 60_001);
    expect(await runner.runDue()).toBe(1);
  });
});
