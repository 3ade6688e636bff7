// Projects consumed events into dossier views (the live projection). Its only effect is writing
// to its own ProjectionStore: no calls out, no events produced — so running it over history can
// never fire a side effect.
//
// Events come in units (the events of one Kafka batch of one partition, or a single event): the
// unit is applied in memory — every dossier and pickup it touches read once, from a bounded
// in-process cache of recent records or else from the store, its events folded per dossier — and
// then each changed record is written once, all of them with a few bulk calls (see
// ProjectionStore.saveChanged). An event is kept unless its id or its stream position is already
// there (a redelivery changes nothing), and the view is re-folded from the kept events (the fold
// orders them itself, so the arrival order across topics does not matter). A record's write
// succeeds only over the revision that was read; when another writer (another instance, or
// another partition of this one) got there first, the unit is applied again over fresh reads —
// what was already written is then a no-op, by the same dedup.
import type { DossierView } from '../domain/dossier-view';
import type { DossierFact } from '../domain/facts';
import { foldDossier } from '../domain/fold';
import { BoundedCache } from '@onestop/runtime';
import { addEvents } from './kept-events';
import type { DossierRecord, PickupRecord, ProjectionStore, StoredEvent } from './ports';
import { toDossierFact, translateEvent, type Translation } from './translate/translate';
import { ProjectionUnit } from './projection-unit';

export type ProjectionOutcome = 'applied' | 'ignored';

/** Attempts when other writers keep winning the race for the same records. */
const MAX_ATTEMPTS = 20;
const CONFLICT_BACKOFF_MS = 5;
/** Dossiers (and pickups) kept in memory: a dossier's events mostly come close together. */
export const DEFAULT_CACHE_SIZE = 10_000;

/**
 * Another writer holds the record. Transient for the consumer (retried, never dead-lettered): a
 * writer that died between its claim and its write holds it until the claim counts as abandoned.
 */
export class WriteConflict extends Error {
  readonly transient = true;
}

interface Item {
  event: StoredEvent;
  translation: Translation;
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
    await this.applyUnit([{ event, translation }]);
    return 'applied';
  }

  /**
   * Keeps a unit of consumed events (in their order within their partition) and writes every
   * dossier they change once. Throws PoisonEventError when one of them is unusable — nothing of
   * the unit is written then, so the caller can deliver the events one by one to isolate it.
   */
  async projectBatch(events: readonly StoredEvent[]): Promise<void> {
    const items: Item[] = [];
    for (const event of events) {
      const translation = translateEvent(event);
      if (translation) items.push({ event, translation });
    }
    if (items.length > 0) await this.applyUnit(items);
  }

  private async applyUnit(items: readonly Item[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const unit = new ProjectionUnit(this.store, this.dossiers, this.pickups);
      await unit.prefetch(
        items.flatMap(({ translation: t }) => (t.dossierId ? [t.dossierId] : [])),
        items.flatMap(({ event, translation: t }) => [...(t.dossierId ? [] : [event.streamId]), ...t.links.map((l) => l.pickupId)]),
        // First attempt only: a retry reads everything it touches.
        attempt === 1 ? new Set(items.filter(startsDossier).map(({ translation: t }) => t.dossierId as string)) : undefined,
      );
      for (const { event, translation } of items) await this.apply(unit, event, translation);
      const conflicts = await unit.flush((dossierId, events) => foldEvents(dossierId, events));
      if (conflicts.length === 0) return;
      if (attempt >= MAX_ATTEMPTS) throw new WriteConflict(`${conflicts.length} records kept changing meanwhile (${conflicts[0]}, …)`);
      // The winner may not have written its documents yet: give it a moment, with jitter.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * CONFLICT_BACKOFF_MS * attempt));
    }
  }

  private async apply(u: ProjectionUnit, event: StoredEvent, t: Translation): Promise<void> {
    let dossierId = t.dossierId;
    if (!dossierId) {
      const pickup = await u.pickup(event.streamId);
      if (!pickup.dossierId) {
        const events = addEvents(pickup.events, [{ ...event, dossierId: null }]);
        if (events !== pickup.events) u.putPickup({ ...pickup, events });
        return;
      }
      dossierId = pickup.dossierId;
    }
    // A link moves the pickup's events into the dossier, then marks the pickup as tied. Links are
    // followed even for an event already kept: a crash may have come between the two writes.
    const incoming: StoredEvent[] = [];
    const linked: PickupRecord[] = [];
    for (const link of t.links) {
      const pickup = await u.pickup(link.pickupId);
      if (pickup.dossierId === link.dossierId) continue;
      if (link.dossierId === dossierId) incoming.push(...pickup.events);
      else await this.addToDossier(u, link.dossierId, pickup.events, [link.pickupId]);
      linked.push({ ...pickup, dossierId: link.dossierId });
    }
    incoming.push({ ...event, dossierId: t.dossierId });
    await this.addToDossier(
      u,
      dossierId,
      incoming,
      linked.filter((p) => p.dossierId === dossierId).map((p) => p.pickupId),
    );
    for (const p of linked) u.putPickup({ ...p, events: [] });
  }

  private async addToDossier(
    u: ProjectionUnit,
    dossierId: string,
    incoming: readonly StoredEvent[],
    pickups: readonly string[],
  ): Promise<void> {
    const current = await u.dossier(dossierId);
    const events = addEvents(current?.events ?? [], incoming);
    const newPickups = pickups.filter((p) => !current?.pickups.includes(p));
    if (current && events === current.events && newPickups.length === 0) return;
    u.putDossier(dossierId, events, [...(current?.pickups ?? []), ...newPickups]);
  }
}

/**
 * Intake's receipt of a dossier, the first event of its stream: normally nothing of the dossier
 * is stored before it, so the unit does not read it (a guess; see ProjectionUnit.prefetch).
 */
function startsDossier({ event, translation }: Item): boolean {
  return translation.dossierId !== null && event.streamVersion === 1 && event.type === 'onestop.intake.v1.DossierReceived';
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
