import type { Clock, DossierCommands, DossierQueue, DossierStreams, ReferenceData } from './ports';

/** What the desk's use cases are built from. */
export interface DeskDeps {
  streams: DossierStreams;
  commands: DossierCommands;
  reference: ReferenceData;
  queue: DossierQueue;
  clock: Clock;
  newId: () => string;
}
