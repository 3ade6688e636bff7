// Reads a whole topic from the beginning up to where it ended when the read started, without
// joining a real consumer group (a throwaway group that never commits). For audits and tools.
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
  if (ends.size === 0) return { messages: 0 };
  const consumer = kafka.consumer({
    groupId: `onestop.reader.${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
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
        if (failed || !payload.isRunning()) return;
        if (BigInt(m.offset) >= end) break;
        try {
          await onMessage(toTopicMessage(batch.topic, batch.partition, m));
        } catch (err) {
          return fail(err);
        }
        count += 1;
        await payload.heartbeat();
      }
      // lastOffset() also covers records the client hides (transaction markers).
      if (BigInt(batch.lastOffset()) + 1n >= end) {
        remaining.delete(batch.partition);
        if (remaining.size === 0) resolve(count);
      }
    };
    consumer.run({ autoCommit: false, eachBatch }).catch(fail);
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
