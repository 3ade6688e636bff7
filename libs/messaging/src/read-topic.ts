// Reads a whole topic from the beginning up to where it ended when the read started, with a
// throwaway consumer group (kafkajs assigns partitions only through a group). The group commits
// what was read, and the reader skips what it already handed on, so a rebalance under load (a
// missed heartbeat) resumes where it was instead of reading the topic again; the group is deleted
// at the end. For audits, tools and rebuilds.
import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { fetchEndOffsets, topicsMissing } from './end-offsets';
import type { KafkaClient } from './kafka-client';
import { silentLogger, type Logger } from './logger';

/** A raw Kafka message with its position; `fromKafkaMessage(m, m.topic, m.partition)` decodes it. */
export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  /** Broker timestamp, epoch milliseconds as a string. */
  timestamp: string;
}

export interface ReadTopicOptions {
  logger?: Logger;
  /**
   * Called once before the first message with where each non-empty partition ends for this read
   * (the offset after its last message): a caller can tell when every partition has passed a point.
   */
  onEnds?: (ends: ReadonlyMap<number, bigint>) => void;
}

/**
 * Calls onMessage for every message of the topic, one at a time, in order within each partition,
 * up to the high-water marks captured at the start; then resolves with the count. Messages
 * produced meanwhile are not read. Rejects with the first error onMessage throws.
 */
export async function readTopicToEnd(
  kafka: KafkaClient,
  topic: string,
  onMessage: (message: TopicMessage) => Promise<void> | void,
  options: ReadTopicOptions = {},
): Promise<{ messages: number }> {
  const logger = (options.logger ?? silentLogger()).child({ component: 'readTopicToEnd', topic });
  const ends = await endOffsetsOf(kafka, topic);
  options.onEnds?.(ends);
  if (ends.size === 0) return { messages: 0 };
  const groupId = `onestop.reader.${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId,
    // A long session: a busy caller (a rebuild folding in memory) must not lose the group.
    sessionTimeout: 60_000,
    rebalanceTimeout: 120_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 500,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const messages = await readUntilEnds(consumer, ends, onMessage);
    logger.debug({ messages }, 'topic read to its end');
    return { messages };
  } finally {
    await consumer.disconnect();
    await deleteGroup(kafka, groupId).catch((err: unknown) => logger.warn({ err, groupId }, 'reader group not deleted'));
  }
}

async function deleteGroup(kafka: KafkaClient, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]);
  } finally {
    await admin.disconnect();
  }
}

async function endOffsetsOf(kafka: KafkaClient, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await topicsMissing(admin, [topic])).length > 0) {
      throw new Error(`readTopicToEnd: topic "${topic}" does not exist`);
    }
    return (await fetchEndOffsets(admin, [topic])).get(topic) ?? new Map();
  } finally {
    await admin.disconnect();
  }
}

function readUntilEnds(
  consumer: Consumer,
  ends: Map<number, bigint>,
  onMessage: (message: TopicMessage) => Promise<void> | void,
): Promise<number> {
  const remaining = new Map(ends);
  /** Per partition, the next offset to hand on: a batch delivered again after a rebalance is skipped up to it. */
  const next = new Map<number, bigint>();
  let count = 0;
  let failed = false;
  return new Promise<number>((resolve, reject) => {
    const fail = (err: unknown) => {
      failed = true;
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) fail(e.payload.error);
    });
    const eachBatch = async ({ batch, ...payload }: EachBatchPayload) => {
      const end = remaining.get(batch.partition);
      if (end === undefined) return;
      for (const m of batch.messages) {
        if (failed || !payload.isRunning() || payload.isStale()) return;
        const offset = BigInt(m.offset);
        if (offset >= end) break;
        if (offset < (next.get(batch.partition) ?? 0n)) continue;
        try {
          await onMessage(toTopicMessage(batch.topic, batch.partition, m));
        } catch (err) {
          return fail(err);
        }
        next.set(batch.partition, offset + 1n);
        payload.resolveOffset(m.offset);
        count += 1;
        await payload.heartbeat();
      }
      await payload.commitOffsetsIfNecessary();
      // lastOffset() also covers records the client hides (transaction markers).
      if (BigInt(batch.lastOffset()) + 1n >= end) {
        remaining.delete(batch.partition);
        if (remaining.size === 0) resolve(count);
      }
    };
    consumer.run({ autoCommit: true, autoCommitInterval: 2_000, eachBatchAutoResolve: false, eachBatch }).catch(fail);
  });
}

function toTopicMessage(topic: string, partition: number, m: KafkaMessage): TopicMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ?? null,
    value: m.value,
    headers: m.headers ?? {},
    timestamp: m.timestamp,
  };
}
