// The case streams on the platform's event store (whatever engine is behind the EventStore
// interface): payloads encoded as the protobuf messages of proto/onestop/processing/v1/events.proto;
// every write goes through the platform's one command handler.
import { CommandHandler, type StreamModel } from '@onestop/commands';
import { decodeEvent, encodeEvent } from '@onestop/contracts';
import type { Commit, EventStore, RecordedEvent } from '@onestop/eventstore';
import { type CaseState, evolve, foldCase, initialCaseState } from '../../domain/case-state';
import { type CaseEvent, PROCESSING_EVENT_PACKAGE } from '../../domain/events';
import type { CaseCommandHandler, CaseStreams, LoadedCase } from '../../application/ports';

export function encodeCaseEvent(e: CaseEvent): { type: string; data: Uint8Array } {
  const type = `${PROCESSING_EVENT_PACKAGE}.${e.type}`;
  return { type, data: encodeEvent(type, e.data) };
}

export function decodeCaseEvent(r: Pick<RecordedEvent, 'type' | 'data'>): CaseEvent {
  const prefix = `${PROCESSING_EVENT_PACKAGE}.`;
  if (!r.type.startsWith(prefix)) throw new Error(`event type ${r.type} does not belong to a case stream`);
  return { type: r.type.slice(prefix.length), data: decodeEvent(r.type, r.data) } as CaseEvent;
}

/** How a case stream is read and written: the processing event codec and the case's fold. */
export const caseModel: StreamModel<CaseEvent, CaseState> = {
  decode: decodeCaseEvent,
  encode: encodeCaseEvent,
  initialState: initialCaseState,
  evolve,
};

export class EventStoreCaseStreams implements CaseStreams {
  readonly commands: CaseCommandHandler;

  /** `onAppended` is told after each append (e.g. to nudge the outbox relay). */
  constructor(
    private readonly store: EventStore,
    onAppended: (commit: Commit) => void = () => {},
  ) {
    this.commands = new CommandHandler(store, caseModel, { onAppended });
  }

  async load(dossierId: string): Promise<LoadedCase> {
    const events = (await this.store.readStream(dossierId)).map(decodeCaseEvent);
    return { state: foldCase(dossierId, events), events };
  }
}
