// Facts from intake applied to cases: DossierReceived opens a case at its handling agency,
// SupplementReceived resumes it, DossierWithdrawn closes it. Each fact is applied at most once:
// the intake event id is the request id of the append, so a redelivery finds it already handled.
import { derivedRequestId } from '@onestop/commands';
import type { intakeEvents } from '@onestop/contracts';
import type { Actor } from '../domain/actor';
import type { IntakeFactCommand } from '../domain/commands';
import { decide } from '../domain/decide';
import { resolveWorkflow, type WorkflowCatalogue } from '../domain/workflow';
import type { CaseObserver } from './case-commands';
import type { Calendars, CaseStreams, Clock } from './ports';

/** An intake event as the consumer hands it over. */
export type IntakeFact =
  | { type: 'DossierReceived'; data: intakeEvents.DossierReceived }
  | { type: 'SupplementReceived'; data: intakeEvents.SupplementReceived }
  | { type: 'DossierWithdrawn'; data: intakeEvents.DossierWithdrawn };

export interface FactSource {
  eventId: string;
  correlationId?: string;
  /** The desk officer who recorded the fact, from the event metadata. */
  actor?: Actor;
}

export type FactResult = 'applied' | 'already_applied' | 'ignored';

/** Thrown for a fact that can never be applied (the consumer dead-letters it). */
export class UnusableFactError extends Error {}

/** The request id of the append that applies an intake event (the platform's own namespace). */
export const intakeRequestId = (eventId: string): string => derivedRequestId('processing.intake-event', eventId);

export class IntakeFacts {
  constructor(
    private readonly deps: {
      streams: CaseStreams;
      calendars: Calendars;
      workflows: WorkflowCatalogue;
      clock: Clock;
      observe?: CaseObserver;
      logger?: { info(obj: object, msg: string): void };
    },
  ) {}

  async apply(fact: IntakeFact, source: FactSource): Promise<FactResult> {
    const command = this.commandFor(fact, source);
    const dossierId = fact.data.dossierId;
    const meta = {
      requestId: intakeRequestId(source.eventId),
      correlationId: source.correlationId ?? source.eventId,
      causationId: source.eventId,
      actor: source.actor ?? { officerId: 'system:intake', role: 'service', unitCode: 'onestop.intake' },
    };
    const handled = await this.deps.streams.commands.handle(meta, {
      name: command.type,
      streamId: dossierId,
      authorize: () => undefined,
      decide: ({ state }) => {
        const version = fact.type === 'DossierReceived' ? fact.data.calendarVersion : state.calendarVersion;
        return decide(command, state, { now: this.deps.clock(), time: this.deps.calendars.forVersion(version) });
      },
      respond: () => null,
    });
    if (handled.kind === 'replayed') return 'already_applied';
    if (handled.kind === 'rejected') {
      const { rejection } = handled;
      if (rejection.kind === 'already_exists') return 'already_applied';
      if (rejection.kind !== 'obsolete') throw new UnusableFactError(`${fact.type} ${source.eventId}: ${JSON.stringify(rejection)}`);
      this.deps.logger?.info({ dossierId, eventId: source.eventId, reason: rejection.message }, 'intake fact changes nothing');
      return 'ignored';
    }
    if (handled.events.length === 0) return 'ignored';
    await this.deps.observe?.(handled.state);
    return 'applied';
  }

  private commandFor(fact: IntakeFact, source: FactSource): IntakeFactCommand {
    const deskOfficerId = source.actor?.officerId ?? '';
    switch (fact.type) {
      case 'DossierReceived': {
        const d = fact.data;
        const workflow = resolveWorkflow(this.deps.workflows, d.procedureCode, d.statutoryWorkingHours);
        return { type: 'OpenCase', dossier: d, workflow, sourceEventId: source.eventId, deskOfficerId };
      }
      case 'SupplementReceived':
        return { type: 'ResumeAfterSupplement', supplement: fact.data, sourceEventId: source.eventId, deskOfficerId };
      case 'DossierWithdrawn':
        return { type: 'WithdrawCase', withdrawal: fact.data, sourceEventId: source.eventId };
    }
  }
}
