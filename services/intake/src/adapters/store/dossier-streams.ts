// The desk's dossier streams on the shared event store library (PostgreSQL).
import { ConcurrencyError, DuplicateRequestError, type EventStore, ReservationTakenError } from '@onestop/eventstore';
import { traceMetadata } from '@onestop/observability';
import { fold } from '../../domain/dossier';
import { CodeTaken, RequestAlreadyHandled, StreamConflict } from '../../application/errors';
import type { AppendRequest, DossierStreams, LoadedDossier, StoredAnswer } from '../../application/ports';
import type { IntakeEvent } from '../../domain/events';
import { fromStored, toStored } from './event-codec';

function asAnswer(result: unknown): StoredAnswer {
  const r = result as Partial<StoredAnswer> | null;
  return { command: typeof r?.command === 'string' ? r.command : 'unknown', response: r?.response };
}

export class EventStoreDossierStreams implements DossierStreams {
  constructor(
    private readonly store: EventStore,
    private readonly onAppended: () => void = () => {},
  ) {}

  async load(dossierId: string): Promise<LoadedDossier> {
    const recorded = await this.store.readStream(dossierId);
    const events = recorded.map(fromStored);
    return { state: fold(dossierId, events), events, actors: recorded.map((r) => r.metadata.actor) };
  }

  async append(dossierId: string, events: IntakeEvent[], request: AppendRequest): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.store.append(dossierId, events.map(toStored), {
        expectedVersion: request.expectedVersion,
        requestId: request.meta.requestId,
        result: request.answer,
        reservation: request.reservation,
        metadata: { correlationId: request.meta.correlationId, requestId: request.meta.requestId, actor: request.meta.actor, ...traceMetadata() },
      });
    } catch (err) {
      if (err instanceof DuplicateRequestError) throw new RequestAlreadyHandled(asAnswer(err.result));
      if (err instanceof ConcurrencyError) throw new StreamConflict(err.message);
      if (err instanceof ReservationTakenError) throw new CodeTaken(err.message);
      throw err;
    }
    this.onAppended();
  }

  async answerFor(requestId: string): Promise<StoredAnswer | undefined> {
    const commit = await this.store.findByRequestId(requestId);
    return commit ? asAnswer(commit.result) : undefined;
  }

  async dossierIdByCode(code: string): Promise<string | undefined> {
    const commit = await this.store.findByReservation(code);
    return commit?.streamId;
  }

  lastSequence(scope: string): Promise<number> {
    return this.store.maxReservedSeq(scope);
  }
}
