// The event history on Kafka: the topics of intake, processing and postal-delivery. Subscriptions
// are the messaging library's at-least-once consumers (bounded retries, then the dead-letter
// topic, the partition moving on); progress compares a group's committed offsets with the
// topics' high-water marks.
import {
  CloudEventDecodeError,
  commitGroupOffsets,
  EventConsumer,
  fromKafkaMessage,
  readTopicToEnd,
  TOPICS,
  topicPrefix,
  type EventEnvelope,
  type KafkaClient,
  type Logger,
} from '@onestop/messaging';
import type { ConsumeProgress, EventSource, HistoryReader, RunningSubscription, StoredEvent, TopicOffsets } from '../../application/ports';

export const HISTORY_TOPICS = [TOPICS.intake, TOPICS.processing, TOPICS.postal] as const;

export interface KafkaEventSourceOptions {
  topics?: readonly string[];
  deadLetterTopic?: string;
  /** Handler attempts before an event is dead-lettered. Default 5. */
  maxAttempts?: number;
  retryBackoffMs?: number;
  /**
   * Partitions handled at once by a subscription (each partition stays in order). The projector
   * waits on the store for most of an event, and events of different partitions touch different
   * dossiers except for the three topics of one dossier, whose racing writes the projector retries.
   */
  partitionsConcurrently?: number;
  logger?: Logger;
}

/** Default partitions handled at once: the three history topics have six partitions each. */
export const DEFAULT_PARTITIONS_CONCURRENTLY = 8;

/** A consumed envelope as reporting keeps it (the dossier is the projector's to decide). */
export function toStoredEvent(e: EventEnvelope): StoredEvent {
  return {
    id: e.id,
    source: e.source,
    type: e.type,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    recordedAt: e.time,
    data: e.data,
    actorId: e.metadata.actor?.officerId ?? '',
    dossierId: null,
    topic: e.topic,
    partition: e.partition,
    offset: e.offset,
  };
}

/** The group id as Kafka knows it: EventConsumer puts groups in the KAFKA_TOPIC_PREFIX namespace. */
function kafkaGroupId(groupId: string): string {
  return `${topicPrefix()}${groupId}`;
}

export class KafkaEventSource implements EventSource, HistoryReader {
  readonly topics: string[];

  constructor(
    private readonly kafka: KafkaClient,
    private readonly options: KafkaEventSourceOptions = {},
  ) {
    this.topics = [...(options.topics ?? HISTORY_TOPICS)];
  }

  subscribe(
    groupId: string,
    handle: (e: StoredEvent) => Promise<void>,
    handleBatch?: (events: StoredEvent[]) => Promise<void>,
  ): RunningSubscription {
    return new EventConsumer(this.kafka, {
      groupId,
      topics: this.topics,
      fromBeginning: true,
      handler: (envelope) => handle(toStoredEvent(envelope)),
      batchHandler: handleBatch && ((envelopes) => handleBatch(envelopes.map(toStoredEvent))),
      maxAttempts: this.options.maxAttempts,
      retryBackoffMs: this.options.retryBackoffMs,
      deadLetterTopic: this.options.deadLetterTopic,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? DEFAULT_PARTITIONS_CONCURRENTLY,
      logger: this.options.logger,
    });
  }

  async progress(groupId: string): Promise<ConsumeProgress> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: kafkaGroupId(groupId), topics: this.topics });
      let consumed = 0;
      let total = 0;
      for (const topic of this.topics) {
        const marks = await admin.fetchTopicOffsets(topic);
        const offsets = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const m of marks) {
          const low = Number(m.low);
          const high = Number(m.high);
          const at = Number(offsets.find((o) => o.partition === m.partition)?.offset ?? -1);
          total += high - low;
          consumed += Math.max(0, Math.min(high, at) - low);
        }
      }
      return { consumed, total };
    } finally {
      await admin.disconnect();
    }
  }

  async startGroupAt(groupId: string, offsets: TopicOffsets): Promise<void> {
    // One join for every topic (admin.setOffsets takes seconds per topic).
    await commitGroupOffsets(this.kafka, kafkaGroupId(groupId), offsets);
  }

  async deleteGroup(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([kafkaGroupId(groupId)]);
    } finally {
      await admin.disconnect();
    }
  }

  async readHistory(
    handle: (e: StoredEvent) => Promise<void>,
    onUndecodable: (where: string, problem: string) => void,
    onEnds?: (topic: string, ends: ReadonlyMap<number, bigint>) => void,
  ): Promise<TopicOffsets> {
    await this.requireTopics();
    const read: TopicOffsets = new Map();
    // No event is handed on before every topic's ends are known (onEnds sees them all first).
    let unknownEnds = this.topics.length;
    let allEndsKnown!: () => void;
    const endsKnown = new Promise<void>((resolve) => (allEndsKnown = resolve));
    const topicEndsKnown = () => {
      if (--unknownEnds === 0) allEndsKnown();
    };
    // The topics at once, each by its own reader (the handler sees each partition in order).
    await Promise.all(
      this.topics.map(async (topic) => {
        const partitions = new Map<number, bigint>();
        read.set(topic, partitions);
        let known = false;
        const markKnown = () => {
          if (known) return;
          known = true;
          topicEndsKnown();
        };
        try {
          await readTopicToEnd(
            this.kafka,
            topic,
            async (m) => {
              if (unknownEnds > 0) await endsKnown;
              partitions.set(m.partition, BigInt(m.offset) + 1n);
              let envelope: EventEnvelope;
              try {
                envelope = fromKafkaMessage(m, m.topic, m.partition);
              } catch (err) {
                if (!(err instanceof CloudEventDecodeError)) throw err;
                onUndecodable(`${m.topic}[${m.partition}]@${m.offset}`, err.message);
                return;
              }
              await handle(toStoredEvent(envelope));
            },
            {
              onEnds: (ends) => {
                onEnds?.(topic, ends);
                markKnown();
              },
            },
          );
        } finally {
          // A reader that failed before its ends must not hold the others back.
          markKnown();
        }
      }),
    );
    return read;
  }

  private async requireTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = this.topics.filter((t) => !existing.has(t));
      if (missing.length > 0) throw new Error(`topics do not exist: ${missing.join(', ')}`);
    } finally {
      await admin.disconnect();
    }
  }

  async committedOffsets(groupId: string): Promise<TopicOffsets> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: kafkaGroupId(groupId), topics: this.topics });
      return new Map(committed.map((c) => [c.topic, new Map(c.partitions.map((p) => [p.partition, BigInt(p.offset)]))]));
    } finally {
      await admin.disconnect();
    }
  }
}
