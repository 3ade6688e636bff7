// Officers' actions on a case: load -> decide -> append, with the guarantees every command has:
// a retried request id gets the first answer back; a concurrent change by someone else answers
// ABORTED (the officer acted on a state that is gone — they reload and retry); a change made only
// by the deadline timers is not a conflict worth bothering anyone with, so we decide again.
import { AlreadyExistsError } from '@onestop/grpc-kit';
import { evolve, type CaseState } from '../domain/case-state';
import type { OfficerCommand } from '../domain/commands';
import { decide } from '../domain/decide';
import { type CaseEvent, TIMER_EVENT_TYPES } from '../domain/events';
import { caseChanged, RequestAlreadyHandled, StreamConflict, throwRejection } from './errors';
import type { Calendars, CaseStreams, Clock, CommandMeta, StoredAnswer } from './ports';

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

const MAX_ATTEMPTS = 5;

export class CaseCommands {
  constructor(
    private readonly deps: {
      streams: CaseStreams;
      calendars: Calendars;
      clock: Clock;
      /** Called after each successful append; failures are the observer's to log (a consumer catches up). */
      observe?: CaseObserver;
    },
  ) {}

  async execute<R>(meta: CommandMeta, dossierId: string, command: OfficerCommand, options: CommandOptions<R>): Promise<R> {
    const earlier = await this.deps.streams.answerFor(meta.requestId);
    if (earlier) return replay<R>(earlier, meta, dossierId, command);
    let { state } = await this.deps.streams.load(dossierId);
    const wanted = options.expectedVersion || undefined;
    if (wanted !== undefined && state.version !== wanted) throw caseChanged(dossierId, wanted, state.version);
    for (let attempt = 1; ; attempt++) {
      const now = this.deps.clock();
      const decision = decide(command, state, { now, time: this.deps.calendars.forVersion(state.calendarVersion) });
      if (!decision.ok) throwRejection(decision.rejection);
      const outcome = { state: decision.events.reduce(evolve, state), events: decision.events };
      const response = options.present(outcome);
      try {
        await this.deps.streams.append(dossierId, decision.events, {
          expectedVersion: state.version,
          meta,
          answer: { command: command.type, dossierId, response },
        });
      } catch (err) {
        if (err instanceof RequestAlreadyHandled && err.answer) return replay<R>(err.answer, meta, dossierId, command);
        if (!(err instanceof StreamConflict)) throw err;
        const reloaded = await this.deps.streams.load(dossierId);
        const onlyTimers = reloaded.events.slice(state.version).every((e) => TIMER_EVENT_TYPES.has(e.type));
        if (!onlyTimers || wanted !== undefined || attempt >= MAX_ATTEMPTS) throw caseChanged(dossierId, state.version, reloaded.state.version);
        state = reloaded.state;
        continue;
      }
      await this.deps.observe?.(outcome.state);
      return response;
    }
  }
}

function replay<R>(answer: StoredAnswer, meta: CommandMeta, dossierId: string, command: OfficerCommand): R {
  if (answer.command !== command.type || answer.dossierId !== dossierId) {
    throw new AlreadyExistsError(
      `request_id ${meta.requestId} was already used for ${answer.command} on dossier ${answer.dossierId}; use a new request id for ${command.type}`,
    );
  }
  return answer.response as R;
}
