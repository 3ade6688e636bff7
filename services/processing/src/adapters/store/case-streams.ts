// The case streams on the shared event store: payloads encoded as the protobuf messages of
// proto/onestop/processing/v1/events.proto, the store's typed errors translated for the use cases.
import { decodeEvent, encodeEvent } from '@onestop/contracts';
import { ConcurrencyError, DuplicateRequestError, type EventStore, type RecordedEvent } from '@onestop/eventstore';
import { traceMetadata } from '@onestop/observability';
import { foldCase } from '../../domain/case-state';
import { type CaseEvent, PROCESSING_EVENT_PACKAGE } from '../../domain/events';
import { RequestAlreadyHandled, StreamConflict } from '../../application/errors';
import type { AppendRequest, CaseStreams, LoadedCase, StoredAnswer } from '../../application/ports';

export function encodeCaseEvent(e: CaseEvent): { type: string; data: Uint8Array } {
  const type = `${PROCESSING_EVENT_PACKAGE}.${e.type}`;
  return { type, data: encodeEvent(type, e.data) };
}

export function decodeCaseEvent(r: Pick<RecordedEvent, 'type' | 'data'>): CaseEvent {
  const prefix = `${PROCESSING_EVENT_PACKAGE}.`;
  if (!r.type.startsWith(prefix)) throw new Error(`event type ${r.type} does not belong to a case stream`);
  return { type: r.type.slice(prefix.length), data: decodeEvent(r.type, r.data) } as CaseEvent;
}

export class MongoCaseStreams implements CaseStreams {
  /** `onAppended` is told after each append (e.g. to nudge the outbox relay). */
  constructor(
    private readonly store: EventStore,
    private readonly onAppended: () => void = () => {},
  ) {}

  async load(dossierId: string): Promise<LoadedCase> {
    const events = (await this.store.readStream(dossierId)).map(decodeCaseEvent);
    return { state: foldCase(dossierId, events), events };
  }

  async append(dossierId: string, events: CaseEvent[], request: AppendRequest): Promise<void> {
    const { meta } = request;
    try {
      await this.store.append(dossierId, events.map(encodeCaseEvent), {
        expectedVersion: request.expectedVersion === 0 ? 'no_stream' : request.expectedVersion,
        requestId: meta.requestId,
        metadata: { correlationId: meta.correlationId, requestId: meta.requestId, actor: meta.actor, causationId: meta.causationId, ...traceMetadata() },
        result: request.answer,
      });
      this.onAppended();
    } catch (err) {
      if (err instanceof DuplicateRequestError) throw new RequestAlreadyHandled(err.result as StoredAnswer | undefined);
      if (err instanceof ConcurrencyError) throw new StreamConflict(err.message);
      throw err;
    }
  }

  async answerFor(requestId: string): Promise<StoredAnswer | undefined> {
    const commit = await this.store.findByRequestId(requestId);
    return (commit?.result as StoredAnswer | undefined) ?? undefined;
  }

  async handled(requestId: string): Promise<boolean> {
    return (await this.store.findByRequestId(requestId)) !== null;
  }
}
