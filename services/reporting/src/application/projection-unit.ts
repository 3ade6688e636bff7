// One unit of the live projection in memory: the dossiers and pickups its events touch, each read
// once (from the projector's cache of recent records, or else from the store), changed in memory
// event by event, then written once each by flush() — every changed record in a few bulk calls,
// conditional on the revision it was read at.
import type { DossierView } from '../domain/dossier-view';
import type { BoundedCache } from '@onestop/runtime';
import type { DossierChange, DossierRecord, PickupChange, PickupRecord, ProjectionStore, SavedChanges, StoredEvent } from './ports';

/** Store reads of a unit in flight at once. */
const READS_AT_ONCE = 4;

interface StagedDossier {
  /** As stored when the unit read it (null: not stored). */
  read: DossierRecord | null;
  events: StoredEvent[];
  pickups: string[];
  changed: boolean;
}

interface StagedPickup {
  read: PickupRecord;
  current: PickupRecord;
  changed: boolean;
}

export class ProjectionUnit {
  private readonly dossiers = new Map<string, StagedDossier>();
  private readonly pickups = new Map<string, StagedPickup>();

  constructor(
    private readonly store: ProjectionStore,
    private readonly dossierCache: BoundedCache<DossierRecord>,
    private readonly pickupCache: BoundedCache<PickupRecord>,
  ) {}

  /**
   * Reads the records not cached, several at a time (the events then apply without waiting).
   * Dossiers in `assumedNew` (not cached) are taken as not stored, without a read (a round trip
   * to the document store saved on every receipt). A wrong guess costs a retry, not an event: the
   * insert of revision 1 then meets the stored document and comes back as a conflict (see
   * ProjectionStore.saveChanged).
   */
  async prefetch(dossierIds: readonly string[], pickupIds: readonly string[], assumedNew: ReadonlySet<string> = new Set()): Promise<void> {
    for (const id of assumedNew) {
      if (this.dossiers.has(id) || this.dossierCache.get(id)) continue;
      this.dossiers.set(id, { read: null, events: [], pickups: [], changed: false });
    }
    const loads = [
      ...[...new Set(dossierIds)].filter((id) => !this.dossiers.has(id) && !this.dossierCache.get(id)).map((id) => () => this.dossier(id)),
      ...[...new Set(pickupIds)].filter((id) => !this.pickups.has(id) && !this.pickupCache.get(id)).map((id) => () => this.pickup(id)),
    ];
    let next = 0;
    const worker = async () => {
      while (next < loads.length) await loads[next++]();
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, loads.length) }, worker));
  }

  /** The dossier's kept events and pickups as this unit sees them; null when it has none. */
  async dossier(dossierId: string): Promise<Pick<DossierRecord, 'events' | 'pickups'> | null> {
    let staged = this.dossiers.get(dossierId);
    if (!staged) {
      const read = this.dossierCache.get(dossierId) ?? (await this.store.loadDossier(dossierId));
      // Another read of the same id may have finished while this one waited.
      staged = this.dossiers.get(dossierId) ?? { read, events: read?.events ?? [], pickups: read?.pickups ?? [], changed: false };
      this.dossiers.set(dossierId, staged);
    }
    return staged.read || staged.changed ? staged : null;
  }

  putDossier(dossierId: string, events: StoredEvent[], pickups: string[]): void {
    const staged = this.dossiers.get(dossierId);
    if (!staged) throw new Error(`dossier ${dossierId} written before it was read`);
    Object.assign(staged, { events, pickups, changed: true });
  }

  async pickup(pickupId: string): Promise<PickupRecord> {
    let staged = this.pickups.get(pickupId);
    if (!staged) {
      const read = this.pickupCache.get(pickupId) ??
        (await this.store.loadPickup(pickupId)) ?? { pickupId, revision: 0, dossierId: null, events: [] };
      staged = this.pickups.get(pickupId) ?? { read, current: read, changed: false };
      this.pickups.set(pickupId, staged);
    }
    return staged.current;
  }

  putPickup(record: PickupRecord): void {
    const staged = this.pickups.get(record.pickupId);
    if (!staged) throw new Error(`pickup ${record.pickupId} written before it was read`);
    staged.current = record;
    staged.changed = true;
  }

  /**
   * Folds each changed dossier once and writes every changed record; the written ones go to the
   * cache. Returns the ids that another writer changed meanwhile (evicted from the cache): the
   * unit must then be applied again.
   */
  async flush(fold: (dossierId: string, events: readonly StoredEvent[]) => DossierView | null): Promise<string[]> {
    const dossiers: DossierChange[] = [];
    const codes: [string, string][] = [];
    for (const [dossierId, s] of this.dossiers) {
      if (!s.changed) continue;
      const view = fold(dossierId, s.events);
      if (!view) continue;
      if (view.dossierCode && view.dossierCode !== s.read?.view.dossierCode) codes.push([view.dossierCode, dossierId]);
      const readRevision = s.read?.revision ?? 0;
      dossiers.push({
        record: { dossierId, revision: readRevision + 1, events: s.events, pickups: s.pickups, view },
        readRevision,
      });
    }
    const pickups: PickupChange[] = [];
    for (const s of this.pickups.values()) {
      if (s.changed) pickups.push({ record: { ...s.current, revision: s.read.revision + 1 }, readRevision: s.read.revision });
    }
    if (dossiers.length === 0 && pickups.length === 0) return [];
    let saved: SavedChanges;
    try {
      saved = await this.store.saveChanged({ dossiers, pickups, codes });
    } catch (err) {
      // Some of them may be written, some not: the retry reads them all again.
      for (const d of dossiers) this.dossierCache.delete(d.record.dossierId);
      for (const p of pickups) this.pickupCache.delete(p.record.pickupId);
      throw err;
    }
    for (const d of saved.dossiers) this.dossierCache.set(d.dossierId, d);
    for (const p of saved.pickups) this.pickupCache.set(p.pickupId, p);
    for (const id of saved.conflicts.dossiers) this.dossierCache.delete(id);
    for (const id of saved.conflicts.pickups) this.pickupCache.delete(id);
    return [...saved.conflicts.dossiers, ...saved.conflicts.pickups];
  }
}
