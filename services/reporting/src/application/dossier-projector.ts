// Projects consumed events into dossier views, one event at a time (the live projection). Its
// only effect is writing to its own ProjectionStore: no calls out, no events produced — so
// running it over history can never fire a side effect.
//
// A dossier is one stored record (its kept events and its view): an event is one read — served
// from a bounded in-process cache while the dossier is recent — and one conditional write by id
// (see the store for how it is made atomic on FerretDB), whatever the number of dossiers. The event is kept unless its id or its stream position is
// already there (a redelivery changes nothing), and the view is re-folded from the kept events
// (the fold orders them itself, so the arrival order across topics does not matter). The write
// succeeds only over the revision that was read; a writer that lost the race (another instance)
// reloads and applies again.
import type { DossierView } from '../domain/dossier-view';
import type { DossierFact } from '../domain/facts';
import { foldDossier } from '../domain/fold';
import { BoundedCache } from './bounded-cache';
import { addEvents } from './kept-events';
import type { DossierRecord, PickupRecord, ProjectionStore, StoredEvent } from './ports';
import { toDossierFact, translateEvent, type Translation } from './translate/translate';

export type ProjectionOutcome = 'applied' | 'ignored';

/** Attempts when other writers keep winning the race for the same dossier. */
const MAX_ATTEMPTS = 20;
const CONFLICT_BACKOFF_MS = 5;
/** Dossiers (and pickups) kept in memory: a dossier's events mostly come close together. */
export const DEFAULT_CACHE_SIZE = 10_000;

/**
 * Another writer holds the record. Transient for the consumer (retried, never dead-lettered): a
 * writer that died between its claim and its write holds it until the claim counts as abandoned.
 */
class WriteConflict extends Error {
  readonly transient = true;
}

export class DossierProjector {
  private readonly dossiers: BoundedCache<DossierRecord>;
  private readonly pickups: BoundedCache<PickupRecord>;

  constructor(
    private readonly store: ProjectionStore,
    cacheSize = DEFAULT_CACHE_SIZE,
  ) {
    this.dossiers = new BoundedCache(cacheSize);
    this.pickups = new BoundedCache(cacheSize);
  }

  /**
   * Keeps one consumed event and re-folds the dossier it concerns. 'ignored' for a type
   * reporting does not fold. Throws PoisonEventError for an unusable payload of a known type.
   */
  async project(event: StoredEvent): Promise<ProjectionOutcome> {
    const translation = translateEvent(event);
    if (!translation) return 'ignored';
    for (let attempt = 1; ; attempt++) {
      try {
        await this.apply(event, translation);
        return 'applied';
      } catch (err) {
        if (!(err instanceof WriteConflict) || attempt >= MAX_ATTEMPTS) throw err;
        // The winner may not have written its document yet: give it a moment, with jitter.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * CONFLICT_BACKOFF_MS * attempt));
      }
    }
  }

  private async apply(event: StoredEvent, t: Translation): Promise<void> {
    let dossierId = t.dossierId;
    if (!dossierId) {
      const pickup = await this.pickup(event.streamId);
      if (!pickup.dossierId) {
        const events = addEvents(pickup.events, [{ ...event, dossierId: null }]);
        if (events !== pickup.events) await this.writePickup({ ...pickup, events, revision: pickup.revision + 1 }, pickup.revision);
        return;
      }
      dossierId = pickup.dossierId;
    }
    // A link moves the pickup's events into the dossier, then marks the pickup as tied. Links are
    // followed even for an event already kept: a crash may have come between the two writes.
    const incoming: StoredEvent[] = [];
    const linked: PickupRecord[] = [];
    for (const link of t.links) {
      const pickup = await this.pickup(link.pickupId);
      if (pickup.dossierId === link.dossierId) continue;
      if (link.dossierId === dossierId) incoming.push(...pickup.events);
      else await this.addToDossier(link.dossierId, pickup.events, [link.pickupId]);
      linked.push({ ...pickup, dossierId: link.dossierId });
    }
    incoming.push({ ...event, dossierId: t.dossierId });
    await this.addToDossier(
      dossierId,
      incoming,
      linked.filter((p) => p.dossierId === dossierId).map((p) => p.pickupId),
    );
    for (const p of linked) await this.writePickup({ ...p, events: [], revision: p.revision + 1 }, p.revision);
  }

  private async addToDossier(dossierId: string, incoming: readonly StoredEvent[], pickups: readonly string[]): Promise<void> {
    const current = await this.dossier(dossierId);
    const events = addEvents(current?.events ?? [], incoming);
    const newPickups = pickups.filter((p) => !current?.pickups.includes(p));
    if (current && events === current.events && newPickups.length === 0) return;
    const view = foldEvents(dossierId, events);
    if (!view) return;
    if (view.dossierCode && view.dossierCode !== current?.view.dossierCode) await this.store.recordCode(view.dossierCode, dossierId);
    const readRevision = current?.revision ?? 0;
    const record: DossierRecord = {
      dossierId,
      revision: readRevision + 1,
      events,
      pickups: [...(current?.pickups ?? []), ...newPickups],
      view,
    };
    if (!(await this.store.saveDossier(record, readRevision))) {
      this.dossiers.delete(dossierId);
      throw new WriteConflict(`dossier ${dossierId} changed meanwhile`);
    }
    this.dossiers.set(dossierId, record);
  }

  private async writePickup(record: PickupRecord, readRevision: number): Promise<void> {
    if (!(await this.store.savePickup(record, readRevision))) {
      this.pickups.delete(record.pickupId);
      throw new WriteConflict(`pickup ${record.pickupId} changed meanwhile`);
    }
    this.pickups.set(record.pickupId, record);
  }

  private async dossier(dossierId: string): Promise<DossierRecord | null> {
    const cached = this.dossiers.get(dossierId);
    if (cached) return cached;
    const loaded = await this.store.loadDossier(dossierId);
    if (loaded) this.dossiers.set(dossierId, loaded);
    return loaded;
  }

  private async pickup(pickupId: string): Promise<PickupRecord> {
    const cached = this.pickups.get(pickupId);
    if (cached) return cached;
    const loaded = await this.store.loadPickup(pickupId);
    if (loaded) this.pickups.set(pickupId, loaded);
    return loaded ?? { pickupId, revision: 0, dossierId: null, events: [] };
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
