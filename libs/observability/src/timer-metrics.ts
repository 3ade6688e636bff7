// Processing's durable deadline timers (due-soon and overdue alerts): how many wait, how many are
// late (their fire time passed, not fired yet: a stuck or slow runner), and what firing them did.
//   timerMetrics.registerPending(() => store.countPending(now()))   // once; read at scrape time
//   timerMetrics.fired({ alert: 'overdue', deadline: 'dossier' }, 'fired', delaySeconds)
// Labels are the alert (due_soon, overdue) and the deadline it guards (dossier, step): never a
// dossier id. Every instance reads the same store: aggregate the gauges with max(), not sum().
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry, safeLabel } from './registry';

export interface TimerKind {
  /** due_soon or overdue. */
  alert: string;
  /** dossier or step. */
  deadline: string;
}

export interface PendingTimers extends TimerKind {
  /** Pending timers of this kind. */
  pending: number;
  /** Of those, the ones whose fire time has passed. */
  late: number;
}

export type TimerOutcome = 'fired' | 'obsolete' | 'failed';

let pendingSource: (() => Promise<readonly PendingTimers[]>) | undefined;
let lastRead: Promise<readonly PendingTimers[] | undefined> | undefined;

/** One store read per scrape, shared by both gauges. */
function readPending(): Promise<readonly PendingTimers[] | undefined> {
  if (!pendingSource) return Promise.resolve(undefined);
  lastRead ??= pendingSource()
    .catch(() => undefined) // a failing count leaves the last values; the service's logs say why
    .finally(() => setImmediate(() => (lastRead = undefined)));
  return lastRead;
}

function pendingGauge(name: string, help: string, pick: (p: PendingTimers) => number): void {
  new Gauge({
    name,
    help,
    labelNames: ['alert', 'deadline'],
    registers: [metricsRegistry],
    async collect() {
      const rows = await readPending();
      for (const r of rows ?? []) this.set({ alert: safeLabel(r.alert), deadline: safeLabel(r.deadline) }, pick(r));
    },
  });
}

pendingGauge(
  'onestop_deadline_timers_pending',
  'Deadline timers scheduled and not fired yet (read from the timer store at scrape time).',
  (p) => p.pending,
);
pendingGauge(
  'onestop_deadline_timers_late',
  'Pending deadline timers whose fire time has passed (a stuck or slow timer runner).',
  (p) => p.late,
);

const fired = new Counter({
  name: 'onestop_deadline_timers_fired_total',
  help: 'Deadline timers settled by the runner: outcome fired (alert appended), obsolete (no longer needed) or failed (stays pending).',
  labelNames: ['alert', 'deadline', 'outcome'],
  registers: [metricsRegistry],
});
const fireDelay = new Histogram({
  name: 'onestop_deadline_timer_fire_delay_seconds',
  help: 'Time from a timer coming due to its alert being appended.',
  labelNames: ['alert', 'deadline'],
  buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

export const timerMetrics = {
  /** Where the pending gauges read from; a later call replaces the source. */
  registerPending(source: () => Promise<readonly PendingTimers[]>): void {
    pendingSource = source;
    lastRead = undefined;
  },
  /** One timer settled; `delaySeconds` (fired only) is how late it fired after coming due. */
  settled(kind: TimerKind, outcome: TimerOutcome, delaySeconds?: number): void {
    const l = { alert: safeLabel(kind.alert), deadline: safeLabel(kind.deadline) };
    fired.inc({ ...l, outcome });
    if (outcome === 'fired' && delaySeconds !== undefined) fireDelay.observe(l, Math.max(0, delaySeconds));
  },
};
