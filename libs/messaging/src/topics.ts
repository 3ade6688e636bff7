// Topic names and their creation. One topic per producing service, keyed by dossier id; events
// are history, so topics keep everything forever (no time or size retention, no compaction).
import type { Admin, ITopicConfig } from 'kafkajs';
import type { KafkaClient } from './kafka-client';

/**
 * Optional namespace before every topic name (env KAFKA_TOPIC_PREFIX, e.g. "namdinh.trucninh."),
 * so several platforms — districts of a province, or test runs — can share one Kafka cluster.
 */
export function topicPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.KAFKA_TOPIC_PREFIX ?? '';
  if (!/^[A-Za-z0-9._-]*$/.test(prefix)) {
    throw new Error(`KAFKA_TOPIC_PREFIX: "${prefix}" may only contain letters, digits, '.', '_' and '-'`);
  }
  return prefix;
}

const prefix = topicPrefix();

export const TOPICS = {
  intake: `${prefix}onestop.intake.events.v1`,
  processing: `${prefix}onestop.processing.events.v1`,
  postal: `${prefix}onestop.postal.events.v1`,
  deadLetter: `${prefix}onestop.deadletter.v1`,
} as const;

export interface EnsureTopicsOptions {
  /** Partitions of a topic created here (existing topics are left as they are). Default 6. */
  partitions?: number;
  /** Replication factor of a created topic; -1 = the broker's default.replication.factor. */
  replicationFactor?: number;
  /** How long to wait for every partition to have a leader. Default 30 s. */
  timeoutMs?: number;
}

/** Kept forever: events are the record, audits replay them from the beginning. */
const HISTORY_TOPIC_CONFIG = [
  { name: 'retention.ms', value: '-1' },
  { name: 'retention.bytes', value: '-1' },
  { name: 'cleanup.policy', value: 'delete' },
];

/**
 * Creates the topics that do not exist yet and waits until every partition of every named topic
 * has a leader. Safe to call from several processes at once and any number of times.
 */
export async function ensureTopics(kafka: KafkaClient, topics: readonly string[], options: EnsureTopicsOptions = {}): Promise<void> {
  const { partitions = 6, replicationFactor = -1, timeoutMs = 30_000 } = options;
  validateTopicNames(topics);
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new Error(`ensureTopics: partitions must be a positive integer, got ${partitions}`);
  }
  const wanted = [...new Set(topics)];
  if (wanted.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      const specs: ITopicConfig[] = missing.map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor,
        configEntries: HISTORY_TOPIC_CONFIG,
      }));
      // Resolves false when another process created them first; either way wait for leaders.
      await admin.createTopics({ topics: specs, waitForLeaders: false, timeout: timeoutMs });
    }
    await waitForLeaders(admin, wanted, timeoutMs);
  } finally {
    await admin.disconnect();
  }
}

function validateTopicNames(topics: readonly string[]): void {
  if (!Array.isArray(topics)) throw new Error('ensureTopics: topics must be an array of names');
  for (const t of topics) {
    if (typeof t !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(t)) {
      throw new Error(`ensureTopics: "${String(t)}" is not a valid topic name`);
    }
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  while (Date.now() < deadline) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
      if (leaderless.length === 0) {
        // Metadata can name a leader before that broker serves the partition; a ListOffsets
        // round trip proves it does (consumers and fetchTopicOffsets need exactly that).
        for (const topic of topics) await admin.fetchTopicOffsets(topic);
        return;
      }
      lastProblem = `no leader yet for ${leaderless.map((t) => t.name).join(', ')}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`ensureTopics: topics not ready after ${timeoutMs} ms (${lastProblem})`);
}
