// What the use cases need from storage. One ProjectionStore = one version of the dossier
// projection: one document per dossier (its kept events and its view), one per postal pickup,
// and the dossier codes, in collections suffixed with the version (dossiers_v3, …).
import type { DossierView } from '../domain/dossier-view';
import type { IncomingEvent } from './translate/translate';

/** A consumed event as kept by reporting, with where it came from on Kafka. */
export interface StoredEvent extends IncomingEvent {
  /** The dossier it is about; null for a pickup's event not yet tied to a dossier. */
  dossierId: string | null;
  topic: string;
  partition: number;
  offset: string;
}

/** Filters of the view queries (all optional, ANDed). */
export interface ViewFilter {
  unitCode?: string;
  /** Any of these units (a successor's desk: its own and its predecessors'). */
  unitCodes?: readonly string[];
  agencyCode?: string;
  /** With agencyCode: also the cases held by any of these agencies for any of these units. */
  carried?: { agencyCodes: readonly string[]; unitCodes: readonly string[] };
  /** Only dossiers received and not closed (the work queue). */
  open?: boolean;
  /** Only open dossiers whose appointed time is before this instant. */
  dueBefore?: Date;
  /** Only dossiers received in [from, to). */
  receivedFrom?: Date;
  receivedTo?: Date;
  /** Only dossiers that may count in a period starting at this instant (open, or ended/touched since). */
  relevantSince?: Date;
}

/**
 * A dossier as one stored document: every event kept for it (its own and those of the postal
 * pickups linked to it) and the view folded from them. `revision` counts its writes: a write is
 * accepted only over the revision it was read at, so two instances never lose each other's events.
 */
export interface DossierRecord {
  dossierId: string;
  /** 0 = not stored yet. */
  revision: number;
  events: StoredEvent[];
  /** Postal pickup streams tied to this dossier. */
  pickups: string[];
  view: DossierView;
}

/** A postal pickup stream: its events while no dossier is known, then only the dossier it is tied to. */
export interface PickupRecord {
  pickupId: string;
  revision: number;
  dossierId: string | null;
  events: StoredEvent[];
}

/** A record to write over the revision it was read at (its own revision is readRevision + 1). */
export interface DossierChange {
  record: DossierRecord;
  readRevision: number;
}
export interface PickupChange {
  record: PickupRecord;
  readRevision: number;
}
export interface Changes {
  dossiers: DossierChange[];
  pickups: PickupChange[];
  /** [dossier code, dossier id] to tie (the citizen's lookup). */
  codes: [string, string][];
}
export interface SavedChanges {
  dossiers: DossierRecord[];
  pickups: PickupRecord[];
  conflicts: { dossiers: string[]; pickups: string[] };
}

export interface ProjectionStore {
  readonly version: number;
  ensureIndexes(): Promise<void>;
  loadDossier(dossierId: string): Promise<DossierRecord | null>;
  loadPickup(pickupId: string): Promise<PickupRecord | null>;
  /**
   * Writes a unit's changes: the dossier codes (a code already tied stays), then each dossier if
   * the stored one is still at its `readRevision` (0: none stored), then — only when no dossier
   * lost such a race — each pickup likewise (a pickup is emptied only once its events are in a
   * dossier). Returns the records written, with the revision each got, and those another writer
   * got to first (not written) — among them a first revision that met a stored record after all
   * (a rebuilt one, or one the unit guessed absent without reading).
   */
  saveChanged(changes: Changes): Promise<SavedChanges>;
  /** Bulk load of a rebuild into this (empty) version: inserts only, nothing looked up. */
  insertBuilt(dossiers: readonly DossierRecord[], pickups: readonly PickupRecord[]): Promise<void>;
  /** The dossier's events and those of its pickups, optionally only those recorded up to `upTo`. */
  eventsOfDossier(dossierId: string, upTo?: Date): Promise<StoredEvent[]>;
  /** Every dossier's events recorded up to `upTo`, one dossier at a time. */
  eventsByDossierUpTo(upTo: Date): AsyncIterable<StoredEvent[]>;
  /** Overwrites a stored view as it is (repairs, tests); its kept events stay. */
  saveView(view: DossierView): Promise<void>;
  getView(dossierId: string): Promise<DossierView | null>;
  findViewByCode(dossierCode: string): Promise<DossierView | null>;
  views(filter?: ViewFilter, sort?: 'dossierId' | 'dueAt' | 'receivedAt', limit?: number): AsyncIterable<DossierView>;
  /** Events whose Kafka position is at or after the given ends ("topic" -> partition -> offset). */
  hasEventsBeyond(dossierId: string, ends: ReadonlyMap<string, ReadonlyMap<number, bigint>>): Promise<boolean>;
  drop(): Promise<void>;
}

/** Which projection version serves, and which is being built by a replay. */
export interface ProjectionPointer {
  live: number;
  /** The consumer group that feeds the live version. */
  liveGroup: string;
  building: { version: number; group: string; startedAt: Date } | null;
}

/** A running reporting instance, as it last told which version it feeds. */
export interface InstanceBeat {
  instanceId: string;
  version: number;
  seenAt: Date;
}

/** The versions of the projection and the pointer between them. */
export interface ProjectionCatalog {
  store(version: number): ProjectionStore;
  pointer(): Promise<ProjectionPointer>;
  /** Versions that have collections (live, being built, or left over). */
  versions(): Promise<number[]>;
  startBuilding(version: number, group: string, at: Date): Promise<void>;
  /** The switch: one document write, so readers see either the old or the new version. */
  switchLive(version: number, group: string): Promise<void>;
  abandonBuilding(): Promise<void>;
  heartbeat(instanceId: string, version: number, at: Date): Promise<void>;
  instancesSeenSince(since: Date): Promise<InstanceBeat[]>;
  forgetInstance(instanceId: string): Promise<void>;
}

/** How far a consumer group is through the topics. */
export interface ConsumeProgress {
  /** Messages at or below the group's committed offsets. */
  consumed: number;
  /** Messages on the topics now (sum of high-water marks minus log starts). */
  total: number;
}

export interface RunningSubscription {
  start(): Promise<void>;
  stop(): Promise<void>;
  waitUntilCaughtUp(options?: { timeoutMs?: number }): Promise<void>;
}

/** The event history (Kafka topics of intake, processing and postal-delivery). */
export interface EventSource {
  /**
   * A consumer group from the beginning of the topics, delivering each event to `handle` — or,
   * given `handleBatch`, the events of each fetched batch (one partition, in order) to it as a
   * unit, falling back to `handle` one event at a time when the unit fails.
   */
  subscribe(
    groupId: string,
    handle: (e: StoredEvent) => Promise<void>,
    handleBatch?: (events: StoredEvent[]) => Promise<void>,
  ): RunningSubscription;
  /** Commits a (new, idle) group's offsets, so its subscription starts there. */
  startGroupAt(groupId: string, offsets: TopicOffsets): Promise<void>;
  progress(groupId: string): Promise<ConsumeProgress>;
  deleteGroup(groupId: string): Promise<void>;
}

/** Per topic, per partition: an offset (the next one to read, or a group's committed one). */
export type TopicOffsets = Map<string, Map<number, bigint>>;

/** Reading the whole history once, outside any consumer group (for checks and audits). */
export interface HistoryReader {
  /**
   * Hands every event on the topics (up to where they ended when the read began) to `handle`,
   * in order within each partition (partitions of different topics may be read at once, so
   * `handle` must not rely on the order across them); an undecodable message goes to `onUndecodable`. Resolves with
   * the offsets just after the last message read per partition. `onEnds`, before a topic's first
   * event, gets where its non-empty partitions end for this read.
   */
  readHistory(
    handle: (e: StoredEvent) => Promise<void>,
    onUndecodable: (where: string, problem: string) => void,
    onEnds?: (topic: string, ends: ReadonlyMap<number, bigint>) => void,
  ): Promise<TopicOffsets>;
  committedOffsets(groupId: string): Promise<TopicOffsets>;
}
