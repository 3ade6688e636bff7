// Officers' actions on a case, through the platform's one command handler (@onestop/commands):
// a retried request id gets the first answer back (same command, same case, an officer of the
// case's agency now); any other reuse is ALREADY_EXISTS. A concurrent change by someone else
// answers ABORTED (the officer acted on a state that is gone — they reload and retry); a change
// made only by the deadline timers is not a conflict worth bothering anyone with, so we decide again.
import { type Actor, type Rejection, refuse } from '@onestop/commands';
import { checkAtAgency } from '../domain/actor';
import type { CaseState } from '../domain/case-state';
import type { OfficerCommand } from '../domain/commands';
import { decide } from '../domain/decide';
import { type CaseEvent, TIMER_EVENT_TYPES } from '../domain/events';
import type { Calendars, CaseStreams, Clock, CommandMeta } from './ports';

/** A case after a command: its new state and the events the command appended. */
export interface CommandOutcome {
  state: CaseState;
  events: CaseEvent[];
}

export interface CommandOptions<R> {
  /** The case version the officer saw; when set, any other version answers ABORTED. */
  expectedVersion?: number;
  /** The answer to send (and to store for retries) for the outcome. */
  present: (outcome: CommandOutcome) => R;
}

/** Told about every case state a command produced (the work queues and timers follow it). */
export type CaseObserver = (state: CaseState) => Promise<void>;

/**
 * Whether an officer of `actorAgency` carries on `caseAgency` for a dossier of `dossierUnit` now
 * (the case's agency no longer exists and the officer's belongs to the unit carrying the dossier's
 * unit on: the district's departments' cases go to the successor communes' departments).
 */
export type AgencyCarriesOn = (actorAgency: string, caseAgency: string, dossierUnit: string) => boolean;

/**
 * The command as decided: an officer whose agency carries the case's agency on acts for it (the
 * event metadata still names the officer's own agency).
 */
export function actingForCase<C extends OfficerCommand>(command: C, state: CaseState, carriesOn?: AgencyCarriesOn): C {
  const actor = carriedActor(command.actor, state, carriesOn);
  return actor === command.actor ? command : { ...command, actor };
}

/** The officer as acting for the case's agency when their agency carries it on; else unchanged. */
export function carriedActor(actor: Actor, state: CaseState, carriesOn?: AgencyCarriesOn): Actor {
  if (!carriesOn || !state.agencyCode || actor.unitCode === state.agencyCode) return actor;
  if (!carriesOn(actor.unitCode, state.agencyCode, state.unitCode)) return actor;
  return { ...actor, unitCode: state.agencyCode };
}

export class CaseCommands {
  constructor(
    private readonly deps: {
      streams: CaseStreams;
      calendars: Calendars;
      clock: Clock;
      /** Called after each successful append; failures are the observer's to log (a consumer catches up). */
      observe?: CaseObserver;
      agencyCarriesOn?: AgencyCarriesOn;
    },
  ) {}

  async execute<R>(meta: CommandMeta, dossierId: string, command: OfficerCommand, options: CommandOptions<R>): Promise<R> {
    const wanted = options.expectedVersion || undefined;
    const handled = await this.deps.streams.commands.handle<R>(meta, {
      name: command.type,
      streamId: dossierId,
      expectedVersion: wanted,
      authorize: ({ state }, m) => mayActOnCase(state, command, carriedActor(m.actor, state, this.deps.agencyCarriesOn)),
      decide: ({ state }) =>
        decide(actingForCase(command, state, this.deps.agencyCarriesOn), state, {
          now: this.deps.clock(),
          time: this.deps.calendars.forVersion(state.calendarVersion),
        }),
      respond: ({ state, events }) => options.present({ state, events }),
      retryAfter: (decidedOn, now) =>
        wanted === undefined && now.events.slice(decidedOn.version).every((e) => TIMER_EVENT_TYPES.has(e.type)),
    });
    if (handled.kind === 'rejected') refuse(handled.rejection);
    if (handled.kind === 'done' && handled.events.length) await this.deps.observe?.(handled.state);
    return handled.response;
  }
}

/**
 * Only an officer of the case's agency acts on it, or gets a stored answer about it — and, for its
 * answer to a consultation, the consulted agency. The finer checks (role, assignee) are decide's.
 */
function mayActOnCase(state: CaseState, command: OfficerCommand, actor: Actor): Rejection | undefined {
  if (state.version === 0) return undefined; // NOT_FOUND is the domain's to say
  if (
    command.type === 'RecordConsultationAnswer' &&
    state.consultations.some((c) => c.consultationId === command.consultationId && c.consultedAgencyCode === actor.unitCode)
  ) {
    return undefined;
  }
  const refusal = checkAtAgency(state, actor);
  return refusal && !refusal.ok ? refusal.rejection : undefined;
}
