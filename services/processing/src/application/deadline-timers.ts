// Durable deadline timers: each pending alert is a stored document; a runner fires the due ones
// by appending DueSoon / Overdue to the case stream with the timer id as request id. The event
// store accepts a request id once, so with several runners (instances) exactly one append wins,
// and a runner that restarts after a crash simply finds its pending timers again.
import { TIMER_ACTOR_ID } from '../domain/actor';
import { alertKey, evolve } from '../domain/case-state';
import { decide } from '../domain/decide';
import type { CaseObserver } from './case-commands';
import { RequestAlreadyHandled, StreamConflict } from './errors';
import type { Calendars, CaseStreams, Clock, DeadlineTimer, TimerStore } from './ports';

export interface TimerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface TimerRunResult {
  fired: number;
  obsolete: number;
  /** Came due by their stored time but not by the case's clock yet (kept pending). */
  waiting: number;
  failed: number;
}

type FireOutcome = 'fired' | 'obsolete' | 'waiting';

const MAX_ATTEMPTS = 5;

export class DeadlineTimers {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      timers: TimerStore;
      streams: CaseStreams;
      calendars: Calendars;
      clock: Clock;
      leadWorkingHours: number;
      observe?: CaseObserver;
      logger?: TimerLogger;
      pollIntervalMs?: number;
      batchSize?: number;
    },
  ) {}

  /** Fires every timer due now; returns what happened. */
  async runOnce(): Promise<TimerRunResult> {
    const result: TimerRunResult = { fired: 0, obsolete: 0, waiting: 0, failed: 0 };
    const due = await this.deps.timers.due(this.deps.clock(), this.deps.batchSize ?? 100);
    for (const timer of due) {
      try {
        result[await this.fire(timer)]++;
      } catch (err) {
        result.failed++;
        this.deps.logger?.error({ err, dossierId: timer.dossierId, timerId: timer.id }, 'deadline timer failed; it stays pending');
      }
    }
    return result;
  }

  /** Polls until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      if (!this.running) return;
      this.pass = this.runOnce()
        .catch((err: unknown) => this.deps.logger?.error({ err }, 'deadline timer pass failed'))
        .finally(() => {
          if (this.running) this.timer = setTimeout(loop, this.deps.pollIntervalMs ?? 1000);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  private async fire(t: DeadlineTimer): Promise<FireOutcome> {
    const command = { type: 'FireDeadlineAlert' as const, alert: t.alert, deadline: t.deadline, dueAt: t.dueAt, stepCode: t.stepCode, leadWorkingHours: this.deps.leadWorkingHours };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { state } = await this.deps.streams.load(t.dossierId);
      const now = this.deps.clock();
      if (state.alertsEmitted.includes(alertKey(t.kind, t.dueAt))) return this.settle(t, 'fired', now, 'emitted earlier');
      const decision = decide(command, state, { now, time: this.deps.calendars.forVersion(state.calendarVersion) });
      if (!decision.ok) {
        if (decision.rejection.kind === 'obsolete') return this.settle(t, 'obsolete', now, decision.rejection.message);
        return 'waiting';
      }
      try {
        await this.deps.streams.append(t.dossierId, decision.events, {
          expectedVersion: state.version,
          meta: { requestId: t.id, correlationId: t.id, actor: { officerId: TIMER_ACTOR_ID, role: 'service', unitCode: state.agencyCode } },
        });
      } catch (err) {
        if (err instanceof RequestAlreadyHandled) return this.settle(t, 'fired', now, 'emitted by another runner');
        if (err instanceof StreamConflict) continue;
        throw err;
      }
      this.deps.logger?.info({ dossierId: t.dossierId, timerId: t.id, event: decision.events[0].type }, 'deadline alert emitted');
      await this.deps.observe?.(decision.events.reduce(evolve, state));
      return this.settle(t, 'fired', now, 'emitted');
    }
    return 'waiting';
  }

  private async settle(t: DeadlineTimer, outcome: 'fired' | 'obsolete', at: Date, note: string): Promise<FireOutcome> {
    await this.deps.timers.settle(t.id, outcome, at, note);
    return outcome;
  }
}
