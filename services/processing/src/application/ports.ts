// What processing's use cases need from the outside world. Adapters implement these.
import type { CommandHandler } from '@onestop/commands';
import type { CaseState, Phase } from '../domain/case-state';
import type { CaseEvent } from '../domain/events';
import type { WantedAlert } from '../domain/decide';
import type { WorkingTime } from '../domain/working-time';

export type Clock = () => Date;

export type { Actor, CommandMeta } from '@onestop/commands';

export interface LoadedCase {
  state: CaseState;
  events: CaseEvent[];
}

/** The platform's one command handler over the case streams. */
export type CaseCommandHandler = CommandHandler<CaseEvent, CaseState>;

/** The case streams in processing's event store: reads, and every write through `commands`. */
export interface CaseStreams {
  load(dossierId: string): Promise<LoadedCase>;
  readonly commands: CaseCommandHandler;
}

/** The working-day calendar edition a dossier's deadlines were computed with. */
export interface Calendars {
  forVersion(version: string): WorkingTime;
}

/** One durable deadline timer (a document per deadline alert). */
export interface DeadlineTimer extends WantedAlert {
  /** `${dossierId}:${kind}:${dueAt ISO}`: the claim id, and the request id of the append. */
  id: string;
  dossierId: string;
  /** When it comes due: dueAt for overdue, dueAt minus the lead in working hours for due-soon. */
  fireAt: Date;
}

export type TimerOutcome = 'fired' | 'obsolete';

/** Pending timers of one kind (alert × deadline), for the metrics. */
export interface PendingTimerCount {
  alert: DeadlineTimer['alert'];
  deadline: DeadlineTimer['deadline'];
  pending: number;
  /** Pending ones whose fire time has passed. */
  late: number;
}

export interface TimerStore {
  /** Inserts timers that do not exist yet (existing ids are left as they are). */
  schedule(timers: DeadlineTimer[]): Promise<void>;
  /** Pending timers with fireAt <= now, earliest first. */
  due(now: Date, limit: number): Promise<DeadlineTimer[]>;
  /** Settles a pending timer (a settled one is never changed again). */
  settle(id: string, outcome: TimerOutcome, at: Date, note: string): Promise<void>;
  /** Pending timers by kind, and how many of them are past their fire time at `now`. */
  countPending(now: Date): Promise<PendingTimerCount[]>;
}

/** A case as the work queues list it (processing's read model, built from its own events). */
export interface WorkItemView {
  dossierId: string;
  version: number;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  status: number;
  phase: Phase;
  agencyCode: string;
  /** The unit the dossier was received at (with the agency, what a successor's queue lists by). */
  unitCode: string;
  assigneeId: string;
  stepCode: string;
  stepDueAt?: Date;
  receivedAt?: Date;
  dueAt?: Date;
  /** From when the dossier counts as due soon (dueAt minus the lead); unset when the clock stands. */
  dueSoonAt?: Date;
  awaitingAgency: boolean;
}

export type WorkQueueName = 'new' | 'in_progress' | 'due_soon' | 'overdue' | 'awaiting_citizen' | 'awaiting_payment' | 'awaiting_agency';

/**
 * Cases an agency carries on besides its own (the administrative map's succession): those held by
 * any of `agencyCodes` for a dossier of any of `unitCodes`.
 */
export interface CarriedCases {
  agencyCodes: string[];
  unitCodes: string[];
}

export interface WorkQueueQuery {
  agencyCode: string;
  /** Also list these cases (a successor's queue lists its predecessors' open work). */
  carried?: CarriedCases;
  officerId?: string;
  queue: WorkQueueName;
  now: Date;
  offset: number;
  limit: number;
}

export interface WorkItemStore {
  /** Writes the view unless a newer or equal version is stored. */
  save(view: WorkItemView): Promise<void>;
  list(q: WorkQueueQuery): Promise<WorkItemView[]>;
  get(dossierId: string): Promise<WorkItemView | undefined>;
  /** Up to `limit` ids of rows written before work items carried their dossier's unit. */
  withoutUnit(limit: number): Promise<string[]>;
  /** Sets the dossier's unit on such a row (never changes one that has it). */
  setUnit(dossierId: string, unitCode: string): Promise<void>;
}
