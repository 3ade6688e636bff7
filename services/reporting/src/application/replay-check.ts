// The replay check: rebuild the dossier projection from the whole Kafka history into a sandbox,
// then compare it with the live read models dossier by dossier. A dossier whose live events go
// beyond what the sandbox read (it changed while the check ran) is listed apart, not as a
// difference. The sandbox is built the way a replay builds (fold in memory, bulk insert), whose
// only effect is writing to the sandbox store.
import { diffViews, type ViewDifference } from '../domain/view-diff';
import type { DossierView } from '../domain/dossier-view';
import type { HistoryReader, ProjectionCatalog, ProjectionStore, TopicOffsets } from './ports';
import { ProjectionBuilder } from './projection-builder';

export interface DossierDifference {
  dossierId: string;
  dossierCode: string;
  differences: ViewDifference[];
}

export interface ReplayCheckResult {
  liveVersion: number;
  dossiersCompared: number;
  eventsRead: number;
  differences: DossierDifference[];
  /** Dossiers that received events while the check ran (not comparable this time). */
  changedDuringCheck: string[];
  poisonSkipped: number;
  undecodable: string[];
  /** Set when the live projection had not consumed the history read by the check in time. */
  liveLagging: string | null;
}

export interface ReplayCheckOptions {
  catalog: ProjectionCatalog;
  history: HistoryReader;
  sandbox: ProjectionStore;
  onProgress?: (eventsRead: number) => void;
  liveCatchUpTimeoutMs?: number;
}

export async function replayCheck(o: ReplayCheckOptions): Promise<ReplayCheckResult> {
  const pointer = await o.catalog.pointer();
  const live = o.catalog.store(pointer.live);
  const builder = new ProjectionBuilder();
  const undecodable: string[] = [];
  const ends = await o.history.readHistory(
    async (e) => {
      builder.add(e);
      if (builder.eventsRead % 1000 === 0) o.onProgress?.(builder.eventsRead);
    },
    (where, problem) => undecodable.push(`${where}: ${problem}`),
  );
  const { eventsRead, poisonSkipped } = builder;
  o.onProgress?.(eventsRead);
  await builder.writeTo(o.sandbox);
  const liveLagging = await waitForLive(o, pointer.liveGroup, ends);
  const compared = await compare(live, o.sandbox, ends);
  return { liveVersion: pointer.live, eventsRead, poisonSkipped, undecodable, liveLagging, ...compared };
}

/** Null once the live group has committed everything the check read; else what is behind. */
async function waitForLive(o: ReplayCheckOptions, group: string, ends: TopicOffsets): Promise<string | null> {
  const deadline = Date.now() + (o.liveCatchUpTimeoutMs ?? 60_000);
  for (;;) {
    const committed = await o.history.committedOffsets(group);
    const behind: string[] = [];
    for (const [topic, partitions] of ends) {
      for (const [partition, end] of partitions) {
        const at = committed.get(topic)?.get(partition) ?? -1n;
        if (at < end) behind.push(`${topic}[${partition}] at ${at < 0n ? 'nothing' : at} of ${end}`);
      }
    }
    if (behind.length === 0) return null;
    if (Date.now() >= deadline) return `live consumer group ${group} is behind: ${behind.join(', ')}`;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function compare(live: ProjectionStore, rebuilt: ProjectionStore, ends: TopicOffsets) {
  const differences: DossierDifference[] = [];
  const changedDuringCheck: string[] = [];
  let dossiersCompared = 0;
  const liveViews = live.views()[Symbol.asyncIterator]();
  const rebuiltViews = rebuilt.views()[Symbol.asyncIterator]();
  let a = await liveViews.next();
  let b = await rebuiltViews.next();
  while (!a.done || !b.done) {
    const order = a.done ? 1 : b.done ? -1 : compareIds(a.value.dossierId, b.value.dossierId);
    const l: DossierView | null = order <= 0 ? (a.value as DossierView) : null;
    const r: DossierView | null = order >= 0 ? (b.value as DossierView) : null;
    const dossierId = (l ?? r)?.dossierId as string;
    dossiersCompared++;
    const diff = diffViews(l, r);
    if (diff.length > 0) {
      if (await live.hasEventsBeyond(dossierId, ends)) changedDuringCheck.push(dossierId);
      else differences.push({ dossierId, dossierCode: (l ?? r)?.dossierCode ?? '', differences: diff });
    }
    if (order <= 0) a = await liveViews.next();
    if (order >= 0) b = await rebuiltViews.next();
  }
  return { differences, changedDuringCheck, dossiersCompared };
}

/** The order of `_id` in a MongoDB sort: binary string comparison. */
function compareIds(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
