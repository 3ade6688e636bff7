// Projects consumed events into dossier views. Its only effect is writing to its own
// ProjectionStore: no calls out, no events produced, no notifications — so running it over the
// whole history (a replay, a replay check) can never fire a side effect.
//
// Each event is kept (unique by id and by stream position), then the dossier's view is re-folded
// from everything kept for it. That makes it idempotent (a redelivery keeps nothing new and folds
// to the same view) and order-tolerant across topics (the fold orders the facts itself). Two
// instances folding the same dossier at once both re-check after writing and fold again if the
// kept events changed meanwhile, so the last write always reflects every kept event.
import { foldDossier } from '../domain/fold';
import type { DossierView } from '../domain/dossier-view';
import type { DossierFact } from '../domain/facts';
import type { ProjectionStore, StoredEvent } from './ports';
import { toDossierFact, translateEvent } from './translate/translate';

export type ProjectionOutcome = 'applied' | 'ignored';

const MAX_REFOLDS = 20;

export class DossierProjector {
  constructor(private readonly store: ProjectionStore) {}

  /**
   * Keeps one consumed event and re-folds the dossier(s) it concerns. 'ignored' for a type
   * reporting does not fold. Throws PoisonEventError for an unusable payload of a known type.
   */
  async project(event: StoredEvent): Promise<ProjectionOutcome> {
    const translation = translateEvent(event);
    if (!translation) return 'ignored';
    await this.store.recordEvent({ ...event, dossierId: translation.dossierId });
    for (const link of translation.links) await this.store.recordLink(link);
    const dossiers = new Set<string>(translation.links.map((l) => l.dossierId));
    if (translation.dossierId) dossiers.add(translation.dossierId);
    else for (const d of await this.store.dossiersOfPickup(event.streamId)) dossiers.add(d);
    for (const dossierId of dossiers) await this.refold(dossierId);
    return 'applied';
  }

  /** Re-derives a dossier's view from its kept events until no event was added meanwhile. */
  async refold(dossierId: string): Promise<DossierView | null> {
    for (let attempt = 1; attempt <= MAX_REFOLDS; attempt++) {
      const pickups = await this.store.pickupsOfDossier(dossierId);
      const events = await this.store.eventsOfDossier(dossierId, pickups);
      const view = foldEvents(dossierId, events);
      if (view) await this.store.saveView(view);
      const pickupsAfter = await this.store.pickupsOfDossier(dossierId);
      const countAfter = await this.store.countEventsOfDossier(dossierId, pickupsAfter);
      if (pickupsAfter.length === pickups.length && countAfter === events.length) return view;
    }
    throw new Error(`dossier ${dossierId} kept changing while its view was folded ${MAX_REFOLDS} times`);
  }
}

/** The view of a dossier from kept events (the same fold the live projection and as-of use). */
export function foldEvents(dossierId: string, events: readonly StoredEvent[]): DossierView | null {
  const facts: DossierFact[] = [];
  for (const e of events) {
    const t = translateEvent(e);
    if (t) facts.push(toDossierFact(e, t, dossierId));
  }
  return foldDossier(dossierId, facts);
}
