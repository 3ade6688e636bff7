// High-water marks ("where the topic ends now") and whether a consumer group has reached them.
import type { Admin } from 'kafkajs';

/** Per topic, per partition: the offset the next produced message will get (high-water mark). */
export type EndOffsets = Map<string, Map<number, bigint>>;

/** Ends of the non-empty partitions of the topics; empty partitions are left out. */
export async function fetchEndOffsets(admin: Admin, topics: readonly string[]): Promise<EndOffsets> {
  const ends: EndOffsets = new Map();
  for (const topic of topics) {
    const partitions = new Map<number, bigint>();
    for (const p of await withRetries(() => admin.fetchTopicOffsets(topic))) {
      if (BigInt(p.high) > BigInt(p.low)) partitions.set(p.partition, BigInt(p.high));
    }
    ends.set(topic, partitions);
  }
  return ends;
}

/**
 * Partitions ("topic[partition]") where the group's committed offset is still below the end.
 * A partition without a committed offset counts as caught up only when `startsAtEnd` (a new
 * group reading from the end has nothing to catch up on).
 */
export async function partitionsBehind(admin: Admin, groupId: string, ends: EndOffsets, startsAtEnd = false): Promise<string[]> {
  const topics = [...ends.keys()];
  if (topics.length === 0) return [];
  const committed = await admin.fetchOffsets({ groupId, topics });
  const behind: string[] = [];
  for (const { topic, partitions } of committed) {
    const topicEnds = ends.get(topic) ?? new Map<number, bigint>();
    for (const [partition, end] of topicEnds) {
      const entry = partitions.find((p) => p.partition === partition);
      const offset = entry ? BigInt(entry.offset) : -1n;
      if (offset < 0n && startsAtEnd) continue;
      if (offset < end) behind.push(`${topic}[${partition}]`);
    }
  }
  return behind;
}

export async function topicsMissing(admin: Admin, topics: readonly string[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  return topics.filter((t) => !existing.has(t));
}

/** Retries a metadata-level call through a leader move or a coordinator that is still loading. */
async function withRetries<T>(call: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= attempts || !isRetriable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1_000)));
    }
  }
}

function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}
