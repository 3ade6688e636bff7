// What the use cases need from storage. One ProjectionStore = one version of the dossier
// projection: reporting's copy of the consumed events, the pickup links, and the dossier views,
// all in collections suffixed with the version (dossier_views_v3, …).
import type { DossierView } from '../domain/dossier-view';
import type { IncomingEvent, PickupLink } from './translate/translate';

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
  agencyCode?: string;
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

export interface ProjectionStore {
  readonly version: number;
  ensureIndexes(): Promise<void>;
  /** Keeps the event; false when it (or another event at its stream position) is already kept. */
  recordEvent(e: StoredEvent): Promise<boolean>;
  recordLink(link: PickupLink): Promise<void>;
  dossiersOfPickup(pickupId: string): Promise<string[]>;
  pickupsOfDossier(dossierId: string): Promise<string[]>;
  /** The dossier's events and those of its pickups, optionally only those recorded up to `upTo`. */
  eventsOfDossier(dossierId: string, pickupIds: readonly string[], upTo?: Date): Promise<StoredEvent[]>;
  countEventsOfDossier(dossierId: string, pickupIds: readonly string[]): Promise<number>;
  /**
   * Every dossier's own events recorded up to `upTo`, grouped by dossier (each dossier's events
   * consecutive). Pickup events are left out: figures do not depend on them.
   */
  eventsByDossierUpTo(upTo: Date): AsyncIterable<StoredEvent[]>;
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
  /** A consumer group from the beginning of the topics, delivering each event to `handle`. */
  subscribe(groupId: string, handle: (e: StoredEvent) => Promise<void>): RunningSubscription;
  progress(groupId: string): Promise<ConsumeProgress>;
  deleteGroup(groupId: string): Promise<void>;
}

/** Per topic, per partition: an offset (the next one to read, or a group's committed one). */
export type TopicOffsets = Map<string, Map<number, bigint>>;

/** Reading the whole history once, outside any consumer group (for checks and audits). */
export interface HistoryReader {
  /**
   * Hands every event on the topics (up to where they ended when the read began) to `handle`,
   * in order within each partition; an undecodable message goes to `onUndecodable`. Resolves with
   * the offsets just after the last message read per partition.
   */
  readHistory(handle: (e: StoredEvent) => Promise<void>, onUndecodable: (where: string, problem: string) => void): Promise<TopicOffsets>;
  committedOffsets(groupId: string): Promise<TopicOffsets>;
}
