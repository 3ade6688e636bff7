// Durable deadline timers: each pending alert is a stored document; a runner fires the due ones
// by appending DueSoon / Overdue to the case stream with the timer id as request id. The event
// store accepts a request id once, so with several runners (instances) exactly one append wins,
// and a runner that restarts after a crash simply finds its pending timers again.
import { accept, derivedRequestId } from '@onestop/commands';
import { timerMetrics } from '@onestop/observability';
import { TIMER_ACTOR_ID } from '../domain/actor';
import { alertKey } from '../domain/case-state';
import { decide } from '../domain/decide';
import type { CaseEvent } from '../domain/events';
import type { CaseObserver } from './case-commands';
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

/** The request id under which a timer's alert is appended (the platform's own namespace). */
export const timerRequestId = (timerId: string): string => derivedRequestId('processing.timer', timerId);

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
        const outcome = await this.fire(timer);
        result[outcome]++;
        if (outcome !== 'waiting') timerMetrics.settled(timer, outcome, (this.deps.clock().getTime() - timer.fireAt.getTime()) / 1000);
      } catch (err) {
        result.failed++;
        timerMetrics.settled(timer, 'failed');
        this.deps.logger?.error({ err, dossierId: timer.dossierId, timerId: timer.id }, 'deadline timer failed; it stays pending');
      }
    }
    return result;
  }

  /** Polls until stop(); the pending-timer gauges read the store from now on. */
  start(): void {
    if (this.running) return;
    this.running = true;
    timerMetrics.registerPending(() => this.deps.timers.countPending(this.deps.clock()));
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
    const command = {
      type: 'FireDeadlineAlert' as const,
      alert: t.alert,
      deadline: t.deadline,
      dueAt: t.dueAt,
      stepCode: t.stepCode,
      leadWorkingHours: this.deps.leadWorkingHours,
    };
    const now = this.deps.clock();
    const meta = {
      requestId: timerRequestId(t.id),
      correlationId: t.id,
      actor: { officerId: TIMER_ACTOR_ID, role: 'service', unitCode: '' },
    };
    const handled = await this.deps.streams.commands.handle(meta, {
      name: command.type,
      streamId: t.dossierId,
      authorize: () => undefined,
      decide: ({ state }) =>
        state.alertsEmitted.includes(alertKey(t.kind, t.dueAt))
          ? accept<CaseEvent>()
          : decide(command, state, { now, time: this.deps.calendars.forVersion(state.calendarVersion) }),
      respond: () => null,
      metadata: ({ state }) => ({ ...meta, actor: { ...meta.actor, unitCode: state.agencyCode } }),
    });
    if (handled.kind === 'replayed') return this.settle(t, 'fired', now, 'emitted by another runner');
    if (handled.kind === 'rejected') {
      if (handled.rejection.kind === 'already_exists') return this.settle(t, 'fired', now, 'emitted by another runner');
      if (handled.rejection.kind === 'obsolete') return this.settle(t, 'obsolete', now, handled.rejection.message);
      return 'waiting';
    }
    if (handled.events.length === 0) return this.settle(t, 'fired', now, 'emitted earlier');
    this.deps.logger?.info({ dossierId: t.dossierId, timerId: t.id, event: handled.events[0].type }, 'deadline alert emitted');
    await this.deps.observe?.(handled.state);
    return this.settle(t, 'fired', now, 'emitted');
  }

  private async settle(t: DeadlineTimer, outcome: 'fired' | 'obsolete', at: Date, note: string): Promise<FireOutcome> {
    await this.deps.timers.settle(t.id, outcome, at, note);
    return outcome;
  }
}
