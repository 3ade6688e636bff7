// The desk's dossier streams on the platform's event store (whatever engine is behind the
// EventStore interface): reads for the queries, and the one command handler for every write.
import { CommandHandler, type StreamModel } from '@onestop/commands';
import type { Commit, EventStore } from '@onestop/eventstore';
import type { DossierCommands, DossierStreams, LoadedDossier } from '../../application/ports';
import { evolve, fold, initialState, type DossierState } from '../../domain/dossier';
import type { IntakeEvent } from '../../domain/events';
import { fromStored, toStored } from './event-codec';

/** How a dossier stream is read and written: the intake event codec and the dossier's fold. */
export const dossierModel: StreamModel<IntakeEvent, DossierState> = {
  decode: fromStored,
  encode: toStored,
  initialState,
  evolve,
};

/** The command handler over the dossier streams; `onAppended` runs after each append (relay nudge). */
export function dossierCommands(store: EventStore, onAppended: (commit: Commit) => void = () => {}): DossierCommands {
  return new CommandHandler(store, dossierModel, { onAppended });
}

export class EventStoreDossierStreams implements DossierStreams {
  constructor(private readonly store: EventStore) {}

  async load(dossierId: string): Promise<LoadedDossier> {
    const recorded = await this.store.readStream(dossierId);
    const events = recorded.map(fromStored);
    return { state: fold(dossierId, events), events, actors: recorded.map((r) => r.metadata.actor) };
  }

  async dossierIdByCode(code: string): Promise<string | undefined> {
    const commit = await this.store.findByReservation(code);
    return commit?.streamId;
  }
}
