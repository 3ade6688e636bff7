import type { Clock, DossierQueue, DossierStreams, ReferenceData } from './ports';

/** What the desk's use cases are built from. */
export interface DeskDeps {
  streams: DossierStreams;
  reference: ReferenceData;
  queue: DossierQueue;
  clock: Clock;
  newId: () => string;
}
