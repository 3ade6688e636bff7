// A rebuild's fold in memory: every event of the history is routed to its dossier (a pickup's
// events to the dossier it turns out to carry) and kept under the same rules as the live
// projector — once by id and by stream position — then each dossier is folded once and the
// finished records are bulk-inserted into an empty version. Nothing is read back or looked up in
// the store, so the time is linear in the history and bounded by the bulk insert.
//
// Settled dossiers leave early: once every partition being read has passed (by recording time) a
// point `settleMarginMs` after a dossier's newest event, and its processing has ended,
// takeSettled() folds it and hands it over, so the caller inserts it while the read goes on, and
// its events no longer sit on the heap. An event that arrives for a dossier already handed over
// (a late one: a citizen's evaluation weeks after the return, say) is not folded here: it is kept
// in `late`, in arrival order, for the live projector to apply once everything is inserted — the
// same correction a live event gets. Handing over early changes only when a document is written.
//
// Memory: every kept event of a dossier not handed over yet is held (about 1.6 KB each on the heap).
import type { DossierFact } from '../domain/facts';
import { foldDossier } from '../domain/fold';
import { eventKey } from './kept-events';
import type { DossierRecord, PickupRecord, ProjectionStore, StoredEvent } from './ports';
import { PoisonEventError, toDossierFact, translateEvent, type Translation } from './translate/translate';

interface Kept {
  event: StoredEvent;
  translation: Translation;
}

interface Bucket {
  kept: Kept[];
  ids: Set<string>;
  positions: Set<string>;
  /** Recording time of the newest kept event (ms). */
  newest: number;
}

interface BuildingDossier extends Bucket {
  pickups: Set<string>;
  /** kept.length when last folded and found still open: not folded again until it grows. */
  openAt: number;
}

export interface ProjectionBuilderOptions {
  /**
   * How far (recording time) every partition must have read past a dossier's newest event before
   * the dossier is handed over by takeSettled(). Default 7 days.
   */
  settleMarginMs?: number;
}

/** Default settle margin: a week of recording time. */
export const DEFAULT_SETTLE_MARGIN_MS = 7 * 24 * 3600_000;

interface BuildingPickup extends Bucket {
  dossierId: string | null;
}

const emptyBucket = (): Bucket => ({ kept: [], ids: new Set(), positions: new Set(), newest: -Infinity });

export class ProjectionBuilder {
  private readonly dossiers = new Map<string, BuildingDossier>();
  private readonly pickups = new Map<string, BuildingPickup>();
  /** Dossiers handed over by takeSettled(). */
  private readonly handedOver = new Set<string>();
  /** Per "topic\0partition" being read: where it ends, and the newest recording time read in it. */
  private readonly partitions = new Map<string, { end: bigint; newest: number; done: boolean }>();
  private readonly settleMarginMs: number;
  /** Events for dossiers already handed over, in arrival order: the live projector's to apply. */
  readonly late: StoredEvent[] = [];
  eventsRead = 0;
  poisonSkipped = 0;

  constructor(options: ProjectionBuilderOptions = {}) {
    this.settleMarginMs = options.settleMarginMs ?? DEFAULT_SETTLE_MARGIN_MS;
  }

  /** Where the non-empty partitions of `topic` end for this read (before its first event). */
  expectPartitions(topic: string, ends: ReadonlyMap<number, bigint>): void {
    for (const [partition, end] of ends) this.partitions.set(`${topic}\u0000${partition}`, { end, newest: -Infinity, done: false });
  }

  /** Routes one event of the history (in partition order); a poison event is counted and skipped. */
  add(event: StoredEvent): void {
    this.eventsRead++;
    const mark = this.partitions.get(`${event.topic}\u0000${event.partition}`);
    if (mark) {
      mark.newest = Math.max(mark.newest, event.recordedAt.getTime());
      if (BigInt(event.offset) + 1n >= mark.end) mark.done = true;
    }
    let translation: Translation | null;
    try {
      translation = translateEvent(event);
    } catch (err) {
      if (!(err instanceof PoisonEventError)) throw err;
      this.poisonSkipped++;
      return;
    }
    if (!translation) return;
    let dossierId = translation.dossierId ?? this.pickups.get(event.streamId)?.dossierId ?? null;
    if ((dossierId && this.handedOver.has(dossierId)) || translation.links.some((l) => this.handedOver.has(l.dossierId))) {
      this.late.push(event);
      return;
    }
    const kept: Kept = { event: { ...event, dossierId: translation.dossierId }, translation };
    if (!dossierId) {
      const pickup = this.pickup(event.streamId);
      if (!pickup.dossierId) {
        keep(pickup, [kept]);
        return;
      }
      dossierId = pickup.dossierId;
    }
    for (const link of translation.links) {
      const pickup = this.pickup(link.pickupId);
      if (pickup.dossierId === link.dossierId) continue;
      const target = this.dossier(link.dossierId);
      keep(target, pickup.kept);
      target.pickups.add(link.pickupId);
      pickup.dossierId = link.dossierId;
      pickup.kept = [];
    }
    keep(this.dossier(dossierId), [kept]);
  }

  /**
   * The dossiers settled so far (revision 1), folded, and forgotten here: every partition being
   * read has passed `settleMarginMs` after the dossier's newest event, and its processing has
   * ended (once all of them are read to their end, every ended dossier). Empty until every
   * partition has delivered an event.
   */
  takeSettled(): DossierRecord[] {
    let passed = Infinity;
    for (const p of this.partitions.values()) if (!p.done) passed = Math.min(passed, p.newest);
    const before = passed - this.settleMarginMs;
    const settled: DossierRecord[] = [];
    // A partition that has delivered nothing yet could still hold anything.
    if (before === -Infinity) return settled;
    for (const [dossierId, bucket] of this.dossiers) {
      if (bucket.newest >= before || bucket.openAt === bucket.kept.length) continue;
      const record = this.record(dossierId, bucket);
      if (record && record.view.endedAt === null) {
        bucket.openAt = bucket.kept.length;
        continue;
      }
      this.dossiers.delete(dossierId);
      this.handedOver.add(dossierId);
      if (record) settled.push(record);
    }
    return settled;
  }

  /** The records not handed over yet (revision 1), each dossier folded once; every pickup. */
  records(): { dossiers: DossierRecord[]; pickups: PickupRecord[] } {
    const dossiers: DossierRecord[] = [];
    for (const [dossierId, bucket] of this.dossiers) {
      const record = this.record(dossierId, bucket);
      if (record) dossiers.push(record);
    }
    const pickups: PickupRecord[] = [...this.pickups].map(([pickupId, p]) => ({
      pickupId,
      revision: 1,
      dossierId: p.dossierId,
      events: p.kept.map((k) => k.event),
    }));
    return { dossiers, pickups };
  }

  private record(dossierId: string, bucket: BuildingDossier): DossierRecord | null {
    const facts: DossierFact[] = bucket.kept.map((k) => toDossierFact(k.event, k.translation, dossierId));
    const view = foldDossier(dossierId, facts);
    return view && { dossierId, revision: 1, events: bucket.kept.map((k) => k.event), pickups: [...bucket.pickups], view };
  }

  /** Folds and bulk-inserts everything into `store`, which must be an empty version. */
  async writeTo(store: ProjectionStore): Promise<{ dossiers: number }> {
    const { dossiers, pickups } = this.records();
    await store.insertBuilt(dossiers, pickups);
    return { dossiers: dossiers.length };
  }

  private dossier(dossierId: string): BuildingDossier {
    let bucket = this.dossiers.get(dossierId);
    if (!bucket) {
      bucket = { ...emptyBucket(), pickups: new Set(), openAt: -1 };
      this.dossiers.set(dossierId, bucket);
    }
    return bucket;
  }

  private pickup(pickupId: string): BuildingPickup {
    let pickup = this.pickups.get(pickupId);
    if (!pickup) {
      pickup = { ...emptyBucket(), dossierId: null };
      this.pickups.set(pickupId, pickup);
    }
    return pickup;
  }
}

function keep(bucket: Bucket, items: readonly Kept[]): void {
  for (const item of items) {
    const key = eventKey(item.event);
    if (bucket.ids.has(item.event.id) || bucket.positions.has(key)) continue;
    bucket.ids.add(item.event.id);
    bucket.positions.add(key);
    bucket.kept.push(item);
    bucket.newest = Math.max(bucket.newest, item.event.recordedAt.getTime());
  }
}
