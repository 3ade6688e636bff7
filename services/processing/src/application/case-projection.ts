// Keeps what follows a case's state up to date: its row in the work queues and a durable timer for
// each deadline alert it still waits for. Idempotent (views are version-guarded, timers are
// inserted once by id), so it runs both right after a command and from processing's own topic,
// which guarantees it catches up after a crash. What this process projected lately is remembered:
// the topic's copy of a change it projected itself, and a timer it already stored, cost no call to
// the stores (another instance's changes, or any after a restart, are projected from the store).
import { BoundedCache } from '@onestop/runtime';
import { type CaseState, clockRuns, openConsultations } from '../domain/case-state';
import { type WantedAlert, wantedAlerts } from '../domain/decide';
import type { WorkingTime } from '../domain/working-time';
import type { Calendars, CaseStreams, DeadlineTimer, TimerStore, WorkItemStore, WorkItemView } from './ports';

export interface ProjectionLogger {
  warn(obj: object, msg: string): void;
}

/** `${dossierId}:${kind}:${dueAt ISO}` — one id per deadline alert, used to claim its firing. */
export function timerId(dossierId: string, alert: WantedAlert): string {
  return `${dossierId}:${alert.kind}:${alert.dueAt.toISOString()}`;
}

export function timerFor(dossierId: string, alert: WantedAlert, time: WorkingTime, leadWorkingHours: number): DeadlineTimer {
  const fireAt = alert.alert === 'overdue' ? alert.dueAt : time.subtractWorkingHours(alert.dueAt, leadWorkingHours);
  return { ...alert, id: timerId(dossierId, alert), dossierId, fireAt };
}

export function workItemOf(s: CaseState, time: WorkingTime, leadWorkingHours: number): WorkItemView {
  return {
    dossierId: s.dossierId,
    version: s.version,
    dossierCode: s.dossierCode,
    procedureCode: s.procedureCode,
    procedureName: s.procedureName,
    applicantName: s.applicantName,
    status: s.status,
    phase: s.phase,
    agencyCode: s.agencyCode,
    unitCode: s.unitCode,
    assigneeId: s.assigneeId,
    stepCode: s.currentStep?.code ?? '',
    stepDueAt: s.currentStep?.dueAt,
    receivedAt: s.receivedAt,
    dueAt: s.dueAt,
    dueSoonAt: clockRuns(s) && s.dueAt ? time.subtractWorkingHours(s.dueAt, leadWorkingHours) : undefined,
    awaitingAgency: openConsultations(s).length > 0,
  };
}

/** Cases (and their timers) remembered as projected by this process. */
const RECENT_CASES = 10_000;
/** How long a refresh waits for the same case's projection under way in this process. */
const UNDER_WAY_WAIT_MS = 1_000;

/** Resolves when `work` settles or after `ms`, whichever comes first. */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export class CaseProjection {
  /** Case → the newest version this process projected. */
  private readonly projected = new BoundedCache<number>(RECENT_CASES);
  /** Timer ids this process stored (a timer is never removed, so one stored stays stored). */
  private readonly stored = new BoundedCache<true>(RECENT_CASES * 4);
  /** Case → its projection running in this process now. */
  private readonly underWay = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      streams: CaseStreams;
      items: WorkItemStore;
      timers: TimerStore;
      calendars: Calendars;
      leadWorkingHours: number;
      logger?: ProjectionLogger;
    },
  ) {}

  /** Projects a state just produced; never throws (the topic consumer catches up on failure). */
  readonly observe = async (state: CaseState): Promise<void> => {
    try {
      await this.project(state);
    } catch (err) {
      this.deps.logger?.warn({ err, dossierId: state.dossierId }, 'work queue or timers not updated yet; the projection consumer will');
    }
  };

  /** Projects `state`; the topic consumer's refresh of the same case may wait for it a little. */
  async project(state: CaseState): Promise<void> {
    if (state.version === 0) return;
    const id = state.dossierId;
    const run = this.write(state);
    this.underWay.set(id, run);
    try {
      await run;
    } finally {
      if (this.underWay.get(id) === run) this.underWay.delete(id);
    }
  }

  private async write(state: CaseState): Promise<void> {
    const time = this.deps.calendars.forVersion(state.calendarVersion);
    const lead = this.deps.leadWorkingHours;
    const timers = wantedAlerts(state, lead)
      .map((a) => timerFor(state.dossierId, a, time, lead))
      .filter((t) => !this.stored.get(t.id));
    await this.deps.timers.schedule(timers);
    for (const t of timers) this.stored.set(t.id, true);
    await this.deps.items.save(workItemOf(state, time, lead));
    if ((this.projected.get(state.dossierId) ?? 0) < state.version) this.projected.set(state.dossierId, state.version);
  }

  /**
   * Gives the rows written before work items carried their dossier's unit that unit, from the
   * case's events (a successor's queue lists by it); returns how many. Run once at start.
   */
  async backfillUnits(batch = 200): Promise<number> {
    let done = 0;
    for (let ids = await this.deps.items.withoutUnit(batch); ids.length; ids = await this.deps.items.withoutUnit(batch)) {
      for (const id of ids) {
        const { state } = await this.deps.streams.load(id);
        // A row without a case (never expected) gets '' so the loop ends; it lists by agency only.
        await this.deps.items.setUnit(id, state.unitCode);
        done++;
      }
    }
    return done;
  }

  /**
   * Re-reads the case from the store and projects it (used by the topic consumer, with the
   * version of the event it got): nothing to do when this process projected that version already.
   */
  async refresh(dossierId: string, version = Infinity): Promise<void> {
    // The topic's copy of a change usually arrives while the command's own projection still
    // writes: wait for that one, but not for long — a store that hangs (a backend restarting)
    // must not hold the consumer; then this refresh projects on its own, as without the wait.
    const running = this.underWay.get(dossierId);
    if (running) await settledWithin(running, UNDER_WAY_WAIT_MS);
    if ((this.projected.get(dossierId) ?? 0) >= version) return;
    const { state } = await this.deps.streams.load(dossierId);
    await this.project(state);
  }
}
