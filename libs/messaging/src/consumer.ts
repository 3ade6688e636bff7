// A consumer group member that hands each event to a handler, at least once, in order per
// partition. An offset is committed only after its message was handled (or dead-lettered), so a
// crash or stop never skips work; a message that keeps failing is dead-lettered after bounded
// retries and the partition moves on.
import type { Admin, Consumer, EachBatchPayload, Producer } from 'kafkajs';
import { consumerMetrics } from '@onestop/observability';
import { consumerSpan, deliver, type DeliveryContext, type DeliveryPolicy } from './delivery';
import { fetchEndOffsets, partitionsBehind, topicsMissing, type EndOffsets } from './end-offsets';
import type { KafkaClient } from './kafka-client';
import { silentLogger, type Logger } from './logger';
import { javaCompatiblePartitioner } from './partitioning';
import { fromKafkaMessage } from './cloudevents';
import type { EventEnvelope } from './event-types';
import type { BatchHandler, EventHandler, EventSubscription } from './ports';
import { TOPICS, topicPrefix } from './topics';

export interface EventConsumerOptions {
  groupId: string;
  topics: string[];
  handler: EventHandler;
  /**
   * Handles the messages of a fetched batch (one partition, in order) as a unit, at most
   * `maxBatchSize` at a time; their offsets are committed only after it resolved. When it throws,
   * or a message of the unit cannot be decoded, the unit is delivered again one message at a time
   * through `handler` (with its retries and the dead-letter topic), so a poison message is still
   * isolated. Must be idempotent like `handler`.
   */
  batchHandler?: BatchHandler;
  /** Messages handed to batchHandler at once. Default 500. */
  maxBatchSize?: number;
  /** A new group starts at the beginning of the topics (default) or at their end. */
  fromBeginning?: boolean;
  /** Handler calls per message before it is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to maxRetryBackoffMs. Default 200 ms. */
  retryBackoffMs?: number;
  maxRetryBackoffMs?: number;
  deadLetterTopic?: string;
  /** Partitions handled in parallel (each partition stays sequential). Default 1. */
  partitionsConsumedConcurrently?: number;
  logger?: Logger;
  /**
   * Group membership timings (defaults 10000 / 3000 / 60000). The session timeout bounds how long a
   * crashed member (kill -9: it never leaves the group) holds its partitions: its restarted self
   * or another instance waits that long in the rebalance before anything on them is handled.
   */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** Longest a fetch waits for new messages; bounds how long stop() waits. Default 1000 ms. */
  maxWaitTimeMs?: number;
}

/** kafkajs' default is 30 s: a crashed service's partitions stood still that long after its restart. */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

interface Running {
  consumer: Consumer;
  producer: Producer;
  admin: Admin;
  aborter: AbortController;
  ends: EndOffsets;
  crash?: Error;
}

export class EventConsumer implements EventSubscription {
  private readonly policy: DeliveryPolicy;
  private readonly groupId: string;
  private readonly logger: Logger;
  private running: Running | undefined;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly options: EventConsumerOptions,
  ) {
    this.policy = validate(options);
    // Groups live in the same namespace as the topics (KAFKA_TOPIC_PREFIX), so platforms sharing a
    // cluster never join each other's groups.
    this.groupId = `${topicPrefix()}${options.groupId}`;
    this.logger = (options.logger ?? silentLogger()).child({ component: 'EventConsumer', groupId: this.groupId });
  }

  /** Joins the group and starts delivering; resolves once this member has joined. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`EventConsumer ${this.groupId}: already started`);
    const admin = this.kafka.admin();
    const producer = this.kafka.producer({ createPartitioner: javaCompatiblePartitioner, maxInFlightRequests: 1 });
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeout: this.options.rebalanceTimeoutMs ?? 60_000,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1_000,
    });
    const running: Running = { consumer, producer, admin, aborter: new AbortController(), ends: new Map() };
    try {
      await admin.connect();
      await this.checkTopicsExist(admin);
      running.ends = await fetchEndOffsets(admin, this.options.topics);
      await producer.connect();
      await consumer.connect();
      consumer.on(consumer.events.CRASH, (e) => this.onCrash(running, e.payload.error, e.payload.restart));
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
      this.running = running;
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: 1_000,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.handleBatch(payload, running),
      });
    } catch (err) {
      this.running = undefined;
      await disconnectAll(running);
      throw err;
    }
    this.logger.info({ topics: this.options.topics }, 'consumer started');
  }

  /**
   * Finishes the message being handled, commits what was handled, leaves the group. A message
   * waiting for a retry is left uncommitted and will be delivered again.
   */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.aborter.abort();
    await disconnectAll(running);
    this.logger.info('consumer stopped');
  }

  /**
   * Resolves once the group's committed offsets reached the ends the topics had when start()
   * was called ("caught up"); for rebuilds that switch over when the new read model is current.
   */
  async waitUntilCaughtUp(options: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
    const { timeoutMs = 10 * 60_000, pollMs = 250 } = options;
    const running = this.running;
    if (!running) throw new Error(`EventConsumer ${this.groupId}: not started`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (running.crash) throw running.crash;
      if (this.running !== running) throw new Error(`EventConsumer ${this.groupId}: stopped before it caught up`);
      const behind = await partitionsBehind(running.admin, this.groupId, running.ends, this.options.fromBeginning === false);
      if (behind.length === 0) return;
      if (Date.now() >= deadline) {
        throw new Error(`EventConsumer ${this.groupId}: not caught up after ${timeoutMs} ms on ${behind.join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private async handleBatch(payload: EachBatchPayload, running: Running): Promise<void> {
    // kafkajs's payload functions are closures, but typed as methods: call them through the payload.
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    const stillOwned = () => this.running === running && payload.isRunning() && !payload.isStale();
    const ctx = { topic: batch.topic, partition: batch.partition, heartbeat, stillOwned, signal: running.aborter.signal };
    const first = batch.firstOffset();
    if (first !== null)
      consumerMetrics.lag(this.options.groupId, batch.topic, batch.partition, Number(batch.highWatermark) - Number(first));
    const size = this.options.maxBatchSize ?? 500;
    for (let i = 0; i < batch.messages.length; i += size) {
      const unit = batch.messages.slice(i, i + size);
      if (!stillOwned()) return;
      if (!(await this.handleUnit(unit, ctx))) {
        if (!(await this.handleOneByOne(unit, payload, ctx, running))) return;
        continue;
      }
      const last = unit[unit.length - 1].offset;
      payload.resolveOffset(last);
      consumerMetrics.lag(this.options.groupId, batch.topic, batch.partition, Number(batch.highWatermark) - Number(last) - 1);
      await payload.commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /**
   * The unit through batchHandler: true when handled (its offsets may be committed); false when
   * there is no batch handler, a message does not decode, or the handler failed.
   */
  private async handleUnit(unit: EachBatchPayload['batch']['messages'], ctx: DeliveryContext): Promise<boolean> {
    const handler = this.options.batchHandler;
    if (!handler || unit.length === 0) return false;
    const events: EventEnvelope[] = [];
    for (const m of unit) {
      try {
        events.push(fromKafkaMessage(m, ctx.topic, ctx.partition));
      } catch {
        return false;
      }
    }
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    // The handler may take a while on a big unit: keep the membership alive meanwhile.
    const beat = setInterval(() => void ctx.heartbeat().catch(() => undefined), 1_000);
    // Each event's handling stays a span of its own trace, as when handled one by one.
    const spans = events.map((e) => consumerSpan(e, ctx, this.options.groupId, { 'onestop.batch_size': events.length }));
    try {
      await handler(events);
      for (const span of spans) span.end();
      consumerMetrics.handlerAttempt(this.options.groupId, ctx.topic, 'success', seconds());
      return true;
    } catch (err) {
      for (const span of spans) span.end(err instanceof Error ? err.name : 'error'); // the class only: messages may name a person
      consumerMetrics.handlerAttempt(this.options.groupId, ctx.topic, 'error', seconds());
      this.logger.warn(
        { err, topic: ctx.topic, partition: ctx.partition, messages: unit.length },
        'batch failed, delivering its messages one by one',
      );
      return false;
    } finally {
      clearInterval(beat);
    }
  }

  /** The unit one message at a time (retries, dead letters); false once the partition was given up. */
  private async handleOneByOne(
    unit: EachBatchPayload['batch']['messages'],
    payload: EachBatchPayload,
    ctx: DeliveryContext,
    running: Running,
  ): Promise<boolean> {
    const { batch } = payload;
    for (const message of unit) {
      if (!ctx.stillOwned() || this.running !== running) return false;
      const outcome = await deliver(message, ctx, this.policy, running.producer, this.logger);
      if (outcome === 'abandoned') return false;
      payload.resolveOffset(message.offset);
      consumerMetrics.lag(this.options.groupId, batch.topic, batch.partition, Number(batch.highWatermark) - Number(message.offset) - 1);
      await payload.commitOffsetsIfNecessary();
      await ctx.heartbeat();
    }
    return true;
  }

  private async checkTopicsExist(admin: Admin): Promise<void> {
    const missing = await topicsMissing(admin, [...this.options.topics, this.policy.deadLetterTopic]);
    if (missing.length > 0) {
      throw new Error(`EventConsumer ${this.groupId}: topics do not exist: ${missing.join(', ')} (create them with ensureTopics)`);
    }
  }

  private onCrash(running: Running, error: Error, restart: boolean): void {
    this.logger.error({ err: error, restart }, 'consumer crashed');
    if (!restart) running.crash = error;
  }
}

function validate(o: EventConsumerOptions): DeliveryPolicy {
  if (!o || typeof o.groupId !== 'string' || o.groupId === '') throw new Error('EventConsumer: groupId is required');
  if (!Array.isArray(o.topics) || o.topics.length === 0) throw new Error('EventConsumer: topics must name at least one topic');
  if (typeof o.handler !== 'function') throw new Error('EventConsumer: handler must be a function');
  const positive = (name: string, v: number | undefined, dflt: number, min: number): number => {
    const value = v ?? dflt;
    if (!Number.isInteger(value) || value < min) throw new Error(`EventConsumer: ${name} must be an integer >= ${min}, got ${v}`);
    return value;
  };
  positive('partitionsConsumedConcurrently', o.partitionsConsumedConcurrently, 1, 1);
  return {
    groupId: o.groupId,
    handler: o.handler,
    maxAttempts: positive('maxAttempts', o.maxAttempts, 5, 1),
    retryBackoffMs: positive('retryBackoffMs', o.retryBackoffMs, 200, 0),
    maxRetryBackoffMs: positive('maxRetryBackoffMs', o.maxRetryBackoffMs, 30_000, 0),
    deadLetterTopic: o.deadLetterTopic ?? TOPICS.deadLetter,
  };
}

async function disconnectAll(running: Running): Promise<void> {
  // The consumer first: it finishes the batch in hand, commits, and may still dead-letter.
  await running.consumer.disconnect().catch(() => undefined);
  await running.producer.disconnect().catch(() => undefined);
  await running.admin.disconnect().catch(() => undefined);
}
