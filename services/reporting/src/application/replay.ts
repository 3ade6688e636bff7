// Rebuild of the dossier projection from the beginning of the Kafka history into the next
// version, while the live version keeps serving; then the switch (one pointer write), then the
// old version dropped once no running instance feeds it any more.
//
// The rebuild builds, it does not upsert: the history as it stands is read once outside any
// consumer group and folded in memory (ProjectionBuilder), the finished dossiers are
// bulk-inserted into the new, empty version, the new consumer group is started at the offsets
// where that read ended, and the live projector catches up from there through the group. Its only
// effect is writing to the new version's collections. A poison event is skipped (counted) rather
// than dead-lettered again: the live consumer already dead-lettered it once.
import { DossierProjector } from './dossier-projector';
import type { ConsumeProgress, EventSource, HistoryReader, ProjectionCatalog, StoredEvent } from './ports';
import { BuildWriter } from './build-writer';
import { ProjectionBuilder } from './projection-builder';
import { PoisonEventError } from './translate/translate';
import { HEARTBEAT_PERIOD_MS } from './live-projection';

export interface ReplayProgress extends ConsumeProgress {
  version: number;
  phase: 'rebuilding' | 'writing' | 'catching up' | 'switching' | 'waiting for instances' | 'dropping old version' | 'done';
  poisonSkipped: number;
}

export interface ReplayOptions {
  catalog: ProjectionCatalog;
  source: EventSource & HistoryReader;
  onProgress?: (p: ReplayProgress) => void;
  /** Aborted (Ctrl-C): the rebuild stops before switching, and what it built is dropped. */
  signal?: AbortSignal;
  /** Take over a build recorded as running (left behind by a crashed replay). */
  force?: boolean;
  progressEveryMs?: number;
  /** How long to wait for running instances to move to the new version before dropping. */
  instanceWaitMs?: number;
  catchUpTimeoutMs?: number;
  clock?: () => Date;
  /** See ProjectionBuilderOptions.settleMarginMs (tests use 0 to hand dossiers over early). */
  settleMarginMs?: number;
  /** Events added between two looks for settled dossiers (default 5,000). */
  settleEveryEvents?: number;
}

/** Documents waiting for the store before the read pauses. */
const MAX_PENDING_DOCUMENTS = 5_000;
/** Late events applied by the projector at once. */
const LATE_BATCH = 500;

export interface ReplayResult {
  from: number;
  to: number;
  group: string;
  events: ConsumeProgress;
  poisonSkipped: number;
  /** Whether the old version was dropped (false when an instance still fed it at the deadline). */
  droppedOld: boolean;
  /** Dossiers inserted while the read went on (settled), and events applied after for them (late). */
  settledEarly: number;
  lateEvents: number;
}

export class ReplayRefusedError extends Error {
  override readonly name = 'ReplayRefusedError';
}

export async function replayProjection(o: ReplayOptions): Promise<ReplayResult> {
  const clock = o.clock ?? (() => new Date());
  const pointer = await o.catalog.pointer();
  if (pointer.building && !o.force) {
    throw new ReplayRefusedError(
      `a rebuild into version ${pointer.building.version} is recorded as running since ${pointer.building.startedAt.toISOString()}; ` +
        'if no replay is running, start again with --force',
    );
  }
  if (pointer.building) {
    // Forced: clear what the interrupted rebuild left behind.
    await o.catalog.store(pointer.building.version).drop();
    await o.source.deleteGroup(pointer.building.group).catch(() => undefined);
  }
  const version = Math.max(pointer.live, ...(await o.catalog.versions())) + 1;
  const group = `reporting.dossiers.v${version}.${clock().getTime().toString(36)}`;
  const store = o.catalog.store(version);
  let poisonSkipped = 0;
  let settledEarly = 0;
  let lateEvents: number;
  const report = (phase: ReplayProgress['phase'], p: ConsumeProgress) => o.onProgress?.({ ...p, version, phase, poisonSkipped });

  await store.drop();
  await o.catalog.startBuilding(version, group, clock());
  let events: ConsumeProgress;
  let subscription: ReturnType<EventSource['subscribe']> | undefined;
  try {
    const builder = new ProjectionBuilder({ settleMarginMs: o.settleMarginMs });
    // Settled dossiers are inserted while the read goes on: one insertBuilt at a time, in order.
    const writer = new BuildWriter(store);
    // The size of the history, for progress only (a missing topic fails the read below).
    let total = 0;
    o.source.progress(group).then(
      (p) => (total = p.total),
      () => undefined,
    );
    const ticker = setInterval(() => {
      poisonSkipped = builder.poisonSkipped;
      report('rebuilding', { consumed: builder.eventsRead, total });
    }, o.progressEveryMs ?? 1_000);
    let ends;
    try {
      let sinceSettle = 0;
      ends = await o.source.readHistory(
        async (e) => {
          o.signal?.throwIfAborted();
          builder.add(e);
          if (++sinceSettle < (o.settleEveryEvents ?? 5_000)) return;
          sinceSettle = 0;
          const settled = builder.takeSettled();
          settledEarly += settled.length;
          writer.push(settled);
          // The read waits while the store is far behind (memory stays bounded).
          await writer.waitBelow(MAX_PENDING_DOCUMENTS);
        },
        () => builder.poisonSkipped++,
        (topic, topicEnds) => builder.expectPartitions(topic, topicEnds),
      );
    } finally {
      clearInterval(ticker);
      await writer.drain().catch(() => undefined);
    }
    poisonSkipped = builder.poisonSkipped;
    report('writing', { consumed: builder.eventsRead, total });
    const rest = builder.records();
    writer.push(rest.dossiers, rest.pickups);
    await writer.drain();
    await store.ensureIndexes();
    const projector = new DossierProjector(store);
    lateEvents = builder.late.length;
    // Events for dossiers inserted before they came: applied as live events are.
    for (let i = 0; i < builder.late.length; i += LATE_BATCH) {
      o.signal?.throwIfAborted();
      await projectSkippingPoison(projector, builder.late.slice(i, i + LATE_BATCH), () => poisonSkipped++);
    }
    // What arrived after the read: through the new group, from where the read ended.
    await o.source.startGroupAt(group, ends);
    report('catching up', await o.source.progress(group));
    subscription = o.source.subscribe(
      group,
      async (e) => {
        try {
          await projector.project(e);
        } catch (err) {
          if (!(err instanceof PoisonEventError)) throw err;
          poisonSkipped++;
        }
      },
      // A unit with a poison event fails whole and comes again one event at a time (above).
      (events) => projector.projectBatch(events),
    );
    o.signal?.throwIfAborted();
    await subscription.start();
    await subscription.waitUntilCaughtUp({ timeoutMs: o.catchUpTimeoutMs ?? 24 * 3600_000 });
    await subscription.stop();
    events = await o.source.progress(group);
    o.signal?.throwIfAborted();
    report('switching', events);
  } catch (err) {
    await subscription?.stop().catch(() => undefined);
    await o.catalog.abandonBuilding();
    await store.drop().catch(() => undefined);
    await o.source.deleteGroup(group).catch(() => undefined);
    throw err;
  }
  await o.catalog.switchLive(version, group);
  report('waiting for instances', events);
  const droppedOld = await waitForInstances(o, version, clock);
  if (droppedOld) {
    report('dropping old version', events);
    await o.catalog.store(pointer.live).drop();
    await o.source.deleteGroup(pointer.liveGroup).catch(() => undefined);
  }
  report('done', events);
  return { from: pointer.live, to: version, group, events, poisonSkipped, droppedOld, settledEarly, lateEvents };
}

/** Applies events through the projector; a unit with a poison event is applied one event at a time. */
async function projectSkippingPoison(projector: DossierProjector, events: StoredEvent[], onPoison: () => void): Promise<void> {
  try {
    await projector.projectBatch(events);
    return;
  } catch (err) {
    if (!(err instanceof PoisonEventError)) throw err;
  }
  for (const e of events) {
    try {
      await projector.project(e);
    } catch (err) {
      if (!(err instanceof PoisonEventError)) throw err;
      onPoison();
    }
  }
}

/** True once every instance alive feeds `version` (or none is alive); false at the deadline. */
async function waitForInstances(o: ReplayOptions, version: number, clock: () => Date): Promise<boolean> {
  const deadline = Date.now() + (o.instanceWaitMs ?? 60_000);
  for (;;) {
    const alive = await o.catalog.instancesSeenSince(new Date(clock().getTime() - 3 * HEARTBEAT_PERIOD_MS));
    if (alive.every((i) => i.version === version)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
