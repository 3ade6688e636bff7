// Delivers one Kafka message to the handler: decode, call, retry with backoff, and after the last
// attempt copy it to the dead-letter topic — unless the failure is transient (a dependency down,
// see transient.ts): that is retried, every TRANSIENT_RETRY_MAX_MS at most, for as long as it takes,
// without using up attempts. The caller commits the offset only when this returns
// 'handled' or 'dead-lettered'; 'abandoned' (consumer stopping or partition revoked) means the
// message stays uncommitted and is delivered again later.
import type { KafkaMessage, Producer } from 'kafkajs';
import { consumerMetrics, type Span, startSpan, withSpan } from '@onestop/observability';
import { fromKafkaMessage } from './cloudevents';
import { describeError, toDeadLetterMessage } from './dead-letters';
import type { EventEnvelope } from './event-types';
import type { Logger } from './logger';
import type { EventHandler } from './ports';
import { isTransientFailure } from './transient';

/** Longest wait between retries of a transient failure: a dependency back is noticed within it. */
export const TRANSIENT_RETRY_MAX_MS = 2_000;

export type DeliveryOutcome = 'handled' | 'dead-lettered' | 'abandoned';

export interface DeliveryPolicy {
  groupId: string;
  handler: EventHandler;
  maxAttempts: number;
  retryBackoffMs: number;
  maxRetryBackoffMs: number;
  deadLetterTopic: string;
}

/** What the delivery needs from the running consumer while it waits between attempts. */
export interface DeliveryContext {
  topic: string;
  partition: number;
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the partition was taken away. */
  stillOwned(): boolean;
  /** Aborted when the consumer stops, to cut a backoff short. */
  signal: AbortSignal;
}

export async function deliver(
  message: KafkaMessage,
  ctx: DeliveryContext,
  policy: DeliveryPolicy,
  producer: Producer,
  logger: Logger,
): Promise<DeliveryOutcome> {
  const at = { topic: ctx.topic, partition: ctx.partition, offset: message.offset };
  let event: EventEnvelope;
  try {
    event = fromKafkaMessage(message, ctx.topic, ctx.partition);
  } catch (err) {
    await deadLetter(message, ctx, policy, producer, err, 0);
    consumerMetrics.deadLettered(policy.groupId, ctx.topic, 'undecodable');
    logger.error({ ...at, err }, 'undecodable message dead-lettered');
    return 'dead-lettered';
  }
  const log = logger.child({ ...at, eventId: event.id, dossierId: event.streamId, correlationId: event.metadata.correlationId });
  // attempt: calls of the handler (for spans and backoff); failures: those that count towards maxAttempts.
  for (let attempt = 1, failures = 0; ; attempt += 1) {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    // One consumer span per attempt, child of the trace the event carries (ce_traceparent).
    const span = consumerSpan(event, ctx, policy.groupId, { 'onestop.attempt': attempt });
    try {
      await withSpan(span, () => policy.handler(event));
      span.end();
      consumerMetrics.handlerAttempt(policy.groupId, ctx.topic, 'success', seconds());
      return 'handled';
    } catch (err) {
      span.end(err instanceof Error ? err.name : 'error'); // the class only: messages may name a person
      consumerMetrics.handlerAttempt(policy.groupId, ctx.topic, 'error', seconds());
      const transient = isTransientFailure(err);
      if (!transient) failures += 1;
      if (failures >= policy.maxAttempts) {
        await deadLetter(message, ctx, policy, producer, err, attempt);
        consumerMetrics.deadLettered(policy.groupId, ctx.topic, 'handler_failed');
        log.error({ err, attempts: attempt, eventType: event.type }, 'event dead-lettered after its last attempt');
        return 'dead-lettered';
      }
      log.warn(
        { err, attempt, transient, eventType: event.type },
        transient ? 'handler failed: a dependency is unavailable; retrying until it is back' : 'handler failed, retrying',
      );
      const wait = transient ? Math.min(backoffMs(policy, attempt), TRANSIENT_RETRY_MAX_MS) : backoffMs(policy, failures);
      if (!(await backoff(wait, ctx))) return 'abandoned';
      consumerMetrics.retry(policy.groupId, ctx.topic);
    }
  }
}

function backoffMs(policy: DeliveryPolicy, attempt: number): number {
  return Math.min(policy.retryBackoffMs * 2 ** (attempt - 1), policy.maxRetryBackoffMs);
}

/** Waits, heartbeating every second; false when the wait was cut short by a stop or revocation. */
async function backoff(ms: number, ctx: DeliveryContext): Promise<boolean> {
  let left = ms;
  while (left > 0) {
    if (!ctx.stillOwned()) return false;
    const slice = Math.min(left, 1_000);
    await sleep(slice, ctx.signal);
    left -= slice;
    if (!ctx.stillOwned()) return false;
    await ctx.heartbeat();
  }
  return ctx.stillOwned();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function deadLetter(
  message: KafkaMessage,
  ctx: DeliveryContext,
  policy: DeliveryPolicy,
  producer: Producer,
  err: unknown,
  attempts: number,
): Promise<void> {
  const dlq = toDeadLetterMessage(message, {
    originalTopic: ctx.topic,
    originalPartition: ctx.partition,
    originalOffset: message.offset,
    group: policy.groupId,
    error: describeError(err),
    attempts,
    failedAt: new Date(),
  });
  // Must be acknowledged before the offset moves on; if this throws, the batch is retried.
  await producer.send({ topic: policy.deadLetterTopic, acks: -1, messages: [dlq] });
}

/**
 * The consumer span of one event's handling, child of the trace the event carries (ce_traceparent),
 * whether it is handled alone (an attempt) or within a batch unit.
 */
export function consumerSpan(
  event: EventEnvelope,
  ctx: Pick<DeliveryContext, 'topic' | 'partition'>,
  groupId: string,
  extra: Record<string, string | number>,
): Span {
  return startSpan(`${ctx.topic} process`, {
    kind: 'consumer',
    traceparent: event.metadata.traceparent,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.destination.name': ctx.topic,
      'messaging.consumer.group.name': groupId,
      'messaging.message.id': event.id,
      'messaging.kafka.destination.partition': ctx.partition,
      'onestop.event_type': event.type,
      ...extra,
    },
  });
}
