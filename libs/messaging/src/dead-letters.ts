// Dead letters: a message that kept failing is copied, unchanged (key, value, headers), to the
// dead-letter topic with `dlq_*` headers saying where it came from and why it failed. Operators
// list them and replay chosen ones to their original topic; handlers are idempotent, so
// replaying twice is harmless.
import type { IHeaders, Message } from 'kafkajs';
import { CE_HEADERS, type InboundMessage } from './cloudevents';
import type { KafkaClient } from './kafka-client';
import { silentLogger, type Logger } from './logger';
import { javaCompatiblePartitioner } from './partitioning';
import { readTopicToEnd, type TopicMessage } from './read-topic';
import { TOPICS } from './topics';

export const DLQ_HEADERS = {
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  group: 'dlq_group',
  error: 'dlq_error',
  attempts: 'dlq_attempts',
  failedAt: 'dlq_failed_at',
} as const;

const MAX_ERROR_LENGTH = 4_000;

/** Why and where a message failed. */
export interface DeadLetterCause {
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  group: string;
  error: string;
  /** Handler attempts made (0 when the message could not even be decoded). */
  attempts: number;
  failedAt: Date;
}

/** A dead letter as stored: the cause, the original message, and where it sits in the DLQ. */
export interface DeadLetter extends DeadLetterCause {
  deadLetterTopic: string;
  deadLetterPartition: number;
  deadLetterOffset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** The original headers (without the dlq_* ones). */
  headers: IHeaders;
  /** From the CloudEvents headers when present, for listing. */
  eventId?: string;
  eventType?: string;
  dossierId?: string;
}

export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

export function toDeadLetterMessage(message: InboundMessage, cause: DeadLetterCause): Message {
  return {
    key: message.key ?? null,
    value: message.value,
    headers: {
      ...(message.headers ?? {}),
      [DLQ_HEADERS.originalTopic]: cause.originalTopic,
      [DLQ_HEADERS.originalPartition]: String(cause.originalPartition),
      [DLQ_HEADERS.originalOffset]: cause.originalOffset,
      [DLQ_HEADERS.group]: cause.group,
      [DLQ_HEADERS.error]: cause.error,
      [DLQ_HEADERS.attempts]: String(cause.attempts),
      [DLQ_HEADERS.failedAt]: cause.failedAt.toISOString(),
    },
  };
}

/** Reads a dead-letter message back; throws naming the missing dlq_* header. */
export function parseDeadLetter(m: TopicMessage): DeadLetter {
  const headers = m.headers;
  const text = (name: string): string | undefined => {
    const raw = headers[name];
    const first = Array.isArray(raw) ? raw[0] : raw;
    return first === undefined || first === null ? undefined : first.toString();
  };
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined) throw new Error(`${m.topic}[${m.partition}]@${m.offset}: ${name} is missing`);
    return value;
  };
  const original: IHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('dlq_')) original[name] = value;
  }
  return {
    deadLetterTopic: m.topic,
    deadLetterPartition: m.partition,
    deadLetterOffset: m.offset,
    originalTopic: required(DLQ_HEADERS.originalTopic),
    originalPartition: Number(required(DLQ_HEADERS.originalPartition)),
    originalOffset: required(DLQ_HEADERS.originalOffset),
    group: required(DLQ_HEADERS.group),
    error: required(DLQ_HEADERS.error),
    attempts: Number(required(DLQ_HEADERS.attempts)),
    failedAt: new Date(required(DLQ_HEADERS.failedAt)),
    key: m.key,
    value: m.value,
    headers: original,
    ...optionalField('eventId', text(CE_HEADERS.id)),
    ...optionalField('eventType', text(CE_HEADERS.type)),
    ...optionalField('dossierId', text(CE_HEADERS.subject)),
  };
}

function optionalField<K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, string>);
}

export interface ListDeadLettersOptions {
  /** The dead-letter topic to read. Default TOPICS.deadLetter. */
  deadLetterTopic?: string;
  /** Only dead letters that came from this topic. */
  originalTopic?: string;
  /** Only dead letters of this consumer group. */
  group?: string;
  /** At most this many, oldest first (per DLQ partition order). */
  limit?: number;
  logger?: Logger;
}

/** The dead letters in the DLQ, oldest first; an absent DLQ topic means none. */
export async function listDeadLetters(kafka: KafkaClient, options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
  const { deadLetterTopic = TOPICS.deadLetter, originalTopic, group, limit = Number.POSITIVE_INFINITY } = options;
  const logger = (options.logger ?? silentLogger()).child({ component: 'deadLetters', deadLetterTopic });
  if (!(await topicExists(kafka, deadLetterTopic))) return [];
  const found: DeadLetter[] = [];
  await readTopicToEnd(kafka, deadLetterTopic, (m) => {
    let dl: DeadLetter;
    try {
      dl = parseDeadLetter(m);
    } catch (err) {
      logger.warn({ err, partition: m.partition, offset: m.offset }, 'not a dead letter, skipped');
      return;
    }
    if (originalTopic !== undefined && dl.originalTopic !== originalTopic) return;
    if (group !== undefined && dl.group !== group) return;
    found.push(dl);
  });
  return oldestFirst(found).slice(0, limit);
}

export interface ReplayDeadLettersOptions {
  deadLetterTopic?: string;
  /** Which dead letters to replay; all when absent. */
  filter?: (deadLetter: DeadLetter) => boolean;
  logger?: Logger;
  /** After each one is produced (for progress); an error thrown here stops the replay there. */
  onReplayed?: (deadLetter: DeadLetter, done: number, total: number) => void;
}

/**
 * Produces the chosen dead letters again to their original topics, with their original key,
 * value and headers (same key → same partition), in DLQ order; resolves with those replayed
 * once the broker acknowledged them all. The DLQ itself is left unchanged (it is history).
 */
export async function replayDeadLetters(kafka: KafkaClient, options: ReplayDeadLettersOptions = {}): Promise<DeadLetter[]> {
  const logger = (options.logger ?? silentLogger()).child({ component: 'deadLetters' });
  const all = await listDeadLetters(kafka, { deadLetterTopic: options.deadLetterTopic, logger });
  const chosen = options.filter ? all.filter(options.filter) : all;
  if (chosen.length === 0) return [];
  const producer = kafka.producer({ createPartitioner: javaCompatiblePartitioner, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    let replayed = 0;
    for (const dl of chosen) {
      await producer.send({ topic: dl.originalTopic, acks: -1, messages: [{ key: dl.key, value: dl.value, headers: dl.headers }] });
      logger.info(
        { originalTopic: dl.originalTopic, originalOffset: dl.originalOffset, eventId: dl.eventId, dossierId: dl.dossierId },
        'dead letter replayed',
      );
      options.onReplayed?.(dl, ++replayed, chosen.length);
    }
  } finally {
    await producer.disconnect();
  }
  return chosen;
}

/**
 * Orders by failure time while keeping each DLQ partition's own order (a dossier's dead letters
 * share a partition, and their order there is the order they failed in, whatever the clocks say).
 */
function oldestFirst(deadLetters: DeadLetter[]): DeadLetter[] {
  const queues = new Map<number, DeadLetter[]>();
  for (const dl of deadLetters) {
    const queue = queues.get(dl.deadLetterPartition) ?? [];
    queue.push(dl);
    queues.set(dl.deadLetterPartition, queue);
  }
  const merged: DeadLetter[] = [];
  while (merged.length < deadLetters.length) {
    let next: DeadLetter[] | undefined;
    for (const queue of queues.values()) {
      if (queue.length > 0 && (!next || queue[0].failedAt < next[0].failedAt)) next = queue;
    }
    merged.push(next!.shift()!);
  }
  return merged;
}

async function topicExists(kafka: KafkaClient, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).includes(topic);
  } finally {
    await admin.disconnect();
  }
}
