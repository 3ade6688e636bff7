// A consumer group member that hands each event to a handler, at least once, in order per
// partition. An offset is committed only after its message was handled (or dead-lettered), so a
// crash or stop never skips work; a message that keeps failing is dead-lettered after bounded
// retries and the partition moves on.
//
// Handled offsets are committed on an interval (and at stop, and when the group starts to
// rebalance), not after every fetched batch as kafkajs' autoCommit does whatever its interval: a
// batch of a lightly loaded partition is often one message, and its commit was a Kafka round trip
// in the path of every batch — the next fetch waits for the slowest batch of the last one. A crash
// redelivers at most the interval's worth of handled messages, which the handlers deduplicate.
//
// A member kafkajs crashes without restarting (it restarts only after errors it deems retriable)
// joins its group again by itself, after a backoff, for as long as it runs.
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
  /** How often handled offsets are committed. Default 1000 ms. */
  commitIntervalMs?: number;
}

export const DEFAULT_COMMIT_INTERVAL_MS = 1_000;

/** First wait before a consumer kafkajs gave up joins again; doubles up to the maximum. */
const RESTART_BACKOFF_MS = 1_000;
const MAX_RESTART_BACKOFF_MS = 30_000;

/** kafkajs' default is 30 s: a crashed service's partitions stood still that long after its restart. */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

interface Running {
  consumer: Consumer;
  producer: Producer;
  admin: Admin;
  aborter: AbortController;
  ends: EndOffsets;
  /** The last crash reported by kafkajs (restarted by kafkajs or by this class). */
  lastCrash?: Error;
  /** Restarts by this class since the group was last joined (the backoff's exponent). */
  restarts: number;
  restartTimer?: NodeJS.Timeout;
  restarting?: Promise<void>;
  /** Per "topic|partition": the next offset after the last handled message, and the last committed. */
  handled: Map<string, PartitionOffset>;
  committed: Map<string, string>;
  commits?: NodeJS.Timeout;
}

interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
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
    const running: Running = {
      consumer: this.newConsumer(),
      producer,
      admin,
      aborter: new AbortController(),
      ends: new Map(),
      handled: new Map(),
      committed: new Map(),
      restarts: 0,
    };
    try {
      await admin.connect();
      await this.checkTopicsExist(admin);
      running.ends = await fetchEndOffsets(admin, this.options.topics);
      await producer.connect();
      this.running = running;
      await this.run(running, running.consumer);
    } catch (err) {
      this.running = undefined;
      clearTimeout(running.restartTimer);
      await disconnectAll(running);
      throw err;
    }
    running.commits = setInterval(
      () => void this.commitHandled(running, (topics) => running.consumer.commitOffsets(topics)),
      this.commitIntervalMs,
    );
    running.commits.unref();
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
    clearInterval(running.commits);
    clearTimeout(running.restartTimer);
    await running.restarting;
    // What was handled since the last commit; a batch still in hand commits its own on the way out.
    await this.commitHandled(running, (topics) => running.consumer.commitOffsets(topics));
    await disconnectAll(running);
    this.logger.info('consumer stopped');
  }

  private newConsumer(): Consumer {
    return this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeout: this.options.rebalanceTimeoutMs ?? 60_000,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1_000,
    });
  }

  /** Connects `consumer`, joins the group with it and starts its fetch loop. */
  private async run(running: Running, consumer: Consumer): Promise<void> {
    await consumer.connect();
    consumer.on(consumer.events.CRASH, (e) => this.onCrash(running, consumer, e.payload.error, e.payload.restart));
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      running.restarts = 0;
      // A partition given to another member is not ours to commit any more.
      keepAssigned(running, e.payload.memberAssignment);
    });
    consumer.on(consumer.events.COMMIT_OFFSETS, (e) => this.onCommitted(running, e.payload.topics));
    // The group is about to rejoin: what was handled is committed first (kafkajs' autoCommit does
    // the same), so the partitions' next owners — often this member again — do not repeat it.
    consumer.on(consumer.events.REBALANCING, () => void this.commitHandled(running, (topics) => consumer.commitOffsets(topics)));
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(payload, running),
    });
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
      if (this.running !== running) throw new Error(`EventConsumer ${this.groupId}: stopped before it caught up`);
      const behind = await partitionsBehind(running.admin, this.groupId, running.ends, this.options.fromBeginning === false);
      if (behind.length === 0) return;
      if (Date.now() >= deadline) {
        const crash = running.lastCrash ? ` (last consumer crash: ${running.lastCrash.message})` : '';
        throw new Error(`EventConsumer ${this.groupId}: not caught up after ${timeoutMs} ms on ${behind.join(', ')}${crash}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private async handleBatch(payload: EachBatchPayload, running: Running): Promise<void> {
    // kafkajs's payload functions are closures, but typed as methods: call them through the payload.
    const { batch } = payload;
    const viaBatch = (offsets: PartitionOffset[]) => payload.commitOffsetsIfNecessary({ topics: byTopic(offsets) });
    const heartbeat = async () => {
      try {
        await payload.heartbeat();
      } catch (err) {
        // As kafkajs' autoCommit does: what was handled is committed before the group rebalances.
        if (isRebalancing(err)) await this.commitHandled(running, viaBatch);
        throw err;
      }
    };
    const stillOwned = () => this.running === running && payload.isRunning() && !payload.isStale();
    try {
      await this.handleUnits(payload, running, {
        topic: batch.topic,
        partition: batch.partition,
        heartbeat,
        stillOwned,
        signal: running.aborter.signal,
      });
    } finally {
      // Stopping: kafkajs no longer commits through the consumer once it stops, but does through the batch.
      if (this.running !== running) await this.commitHandled(running, viaBatch);
    }
  }

  private async handleUnits(payload: EachBatchPayload, running: Running, ctx: DeliveryContext): Promise<void> {
    const { batch } = payload;
    const first = batch.firstOffset();
    if (first !== null)
      consumerMetrics.lag(this.options.groupId, batch.topic, batch.partition, Number(batch.highWatermark) - Number(first));
    const size = this.options.maxBatchSize ?? 500;
    for (let i = 0; i < batch.messages.length; i += size) {
      const unit = batch.messages.slice(i, i + size);
      if (!ctx.stillOwned()) return;
      if (!(await this.handleUnit(unit, ctx))) {
        if (!(await this.handleOneByOne(unit, payload, ctx, running))) return;
        continue;
      }
      const last = unit[unit.length - 1].offset;
      markHandled(payload, running, last);
      consumerMetrics.lag(this.options.groupId, batch.topic, batch.partition, Number(batch.highWatermark) - Number(last) - 1);
      await ctx.heartbeat();
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
      markHandled(payload, running, message.offset);
      consumerMetrics.lag(this.options.groupId, batch.topic, batch.partition, Number(batch.highWatermark) - Number(message.offset) - 1);
      await ctx.heartbeat();
    }
    return true;
  }

  private get commitIntervalMs(): number {
    return this.options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS;
  }

  /**
   * Commits the offsets handled since the last commit, through `send` (the consumer's commit, or a
   * batch's while kafkajs stops). What counts as committed is what kafkajs reports it committed
   * (its COMMIT_OFFSETS event, see onCommitted): its consumer-level commit does nothing, silently,
   * while its runner is not running (a restart after the broker went away), and what was not
   * committed must stay due. Concurrent calls are harmless: each sends what was handled when it was
   * made, and an offset is only raised.
   */
  private async commitHandled(running: Running, send: (offsets: PartitionOffset[]) => Promise<unknown>): Promise<void> {
    const due = [...running.handled.entries()].filter(([key, o]) => running.committed.get(key) !== o.offset);
    if (due.length === 0) return;
    try {
      await send(due.map(([, o]) => o));
    } catch (err) {
      consumerMetrics.offsetCommit(this.options.groupId, 'error');
      // Committed again at the next interval; a rebalance hands the partition on from its last commit.
      this.logger.warn({ err, partitions: due.length }, 'offset commit failed');
    }
  }

  private onCommitted(
    running: Running,
    topics: readonly { topic: string; partitions: readonly { partition: number; offset: string }[] }[],
  ): void {
    consumerMetrics.offsetCommit(this.options.groupId, 'success');
    for (const { topic, partitions } of topics) {
      for (const { partition, offset } of partitions) {
        const key = partitionKey(topic, partition);
        const known = running.committed.get(key);
        if (known === undefined || BigInt(known) < BigInt(offset)) running.committed.set(key, String(offset));
      }
    }
  }

  private async checkTopicsExist(admin: Admin): Promise<void> {
    const missing = await topicsMissing(admin, [...this.options.topics, this.policy.deadLetterTopic]);
    if (missing.length > 0) {
      throw new Error(`EventConsumer ${this.groupId}: topics do not exist: ${missing.join(', ')} (create them with ensureTopics)`);
    }
  }

  /**
   * kafkajs restarts its consumer after a crash it deems retriable; after any other (a protocol
   * error it does not expect during a join, a bug of its own met in a rebalance) it leaves the
   * consumer disconnected for good — the service would run on and never handle another message.
   * This member then joins again with a fresh consumer, after a backoff, for as long as it runs.
   */
  private onCrash(running: Running, consumer: Consumer, error: Error, restart: boolean): void {
    this.logger.error({ err: error, restart }, 'consumer crashed');
    running.lastCrash = error;
    if (restart || this.running !== running || running.consumer !== consumer) return;
    const delay = Math.min(RESTART_BACKOFF_MS * 2 ** running.restarts, MAX_RESTART_BACKOFF_MS);
    running.restarts += 1;
    running.restartTimer = setTimeout(() => {
      running.restarting = this.restart(running);
    }, delay);
  }

  private async restart(running: Running): Promise<void> {
    if (this.running !== running) return;
    await running.consumer.disconnect().catch(() => undefined);
    const consumer = this.newConsumer();
    running.consumer = consumer;
    consumerMetrics.restart(this.options.groupId);
    this.logger.warn({ attempt: running.restarts }, 'consumer joining its group again');
    try {
      await this.run(running, consumer);
    } catch (err) {
      // Kafka unreachable meanwhile: the same as a crash kafkajs gives up on.
      this.onCrash(running, consumer, err instanceof Error ? err : new Error(String(err)), false);
    }
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

const partitionKey = (topic: string, partition: number) => `${topic}|${partition}`;

/** Records a handled message: kafkajs fetches after it, and the next commit includes it. */
function markHandled(payload: EachBatchPayload, running: Running, offset: string): void {
  const { topic, partition } = payload.batch;
  payload.resolveOffset(offset);
  running.handled.set(partitionKey(topic, partition), { topic, partition, offset: (BigInt(offset) + 1n).toString() });
}

function keepAssigned(running: Running, assignment: Record<string, number[]>): void {
  const assigned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => partitionKey(topic, p))));
  for (const key of [...running.handled.keys()]) if (!assigned.has(key)) running.handled.delete(key);
  for (const key of [...running.committed.keys()]) if (!assigned.has(key)) running.committed.delete(key);
}

function byTopic(offsets: readonly PartitionOffset[]): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const o of offsets) topics.set(o.topic, [...(topics.get(o.topic) ?? []), { partition: o.partition, offset: o.offset }]);
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

/** kafkajs' protocol error for a group that is rebalancing (its type names it). */
function isRebalancing(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP';
}

async function disconnectAll(running: Running): Promise<void> {
  // The consumer first: it finishes the batch in hand, commits, and may still dead-letter.
  await running.consumer.disconnect().catch(() => undefined);
  await running.producer.disconnect().catch(() => undefined);
  await running.admin.disconnect().catch(() => undefined);
}
