// Support for running several instances of each service: a client that spreads calls over the
// instances and retries a failed call with the same request (so a retry after a kill is the
// same request, and "acknowledged" means a response came back), reading a run's topics, and
// `ops verify` against the run's stores.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { decodeEvent, type common, type intakeEvents, type processingEvents } from '@onestop/contracts';
import type { Consumer } from 'kafkajs';
import { createKafka, fromKafkaMessage, readTopicToEnd, type EventEnvelope, type KafkaClient } from '@onestop/messaging';
import { ROOT, type Platform } from './platform';

/** gRPC codes a client may retry with the same request: the instance went away or timed out. */
const RETRIABLE = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.CANCELLED,
  grpc.status.UNKNOWN,
  grpc.status.INTERNAL,
  grpc.status.ABORTED,
  grpc.status.RESOURCE_EXHAUSTED,
]);

export function retriable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' && RETRIABLE.has(code);
}

/**
 * Calls `attempt(client)` on the preferred instance; on a retriable failure tries the next
 * instance (round robin) after a short pause, with the same request, until `timeoutMs` passed.
 * `retries` counts the repeated attempts (for the test's report).
 */
export class SpreadClient<C> {
  retries = 0;
  private stopped = false;
  constructor(
    readonly clients: C[],
    private readonly timeoutMs = 120_000,
  ) {}

  /** No more retries: a call under way fails at its next failure (the test is over). */
  stop(): void {
    this.stopped = true;
  }

  async call<T>(preferred: number, attempt: (client: C) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (let i = preferred, pause = 100; ; i++, pause = Math.min(pause * 2, 2000)) {
      try {
        return await attempt(this.clients[i % this.clients.length]);
      } catch (err) {
        if (!retriable(err) || Date.now() > deadline || this.stopped) throw err;
        this.retries++;
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }
}

/** The run's topic names (the services prefix them with the run id). */
export function runTopics(platform: Platform): { intake: string; processing: string; postal: string } {
  const p = platform.env.KAFKA_TOPIC_PREFIX ?? '';
  return { intake: `${p}onestop.intake.events.v1`, processing: `${p}onestop.processing.events.v1`, postal: `${p}onestop.postal.events.v1` };
}

/** Every event of a topic up to its current end. */
export async function readEvents(topic: string): Promise<EventEnvelope[]> {
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', clientId: 'e2e-reader' });
  const events: EventEnvelope[] = [];
  await readTopicToEnd(kafka, topic, (m) => {
    events.push(fromKafkaMessage(m, m.topic, m.partition));
  });
  return events;
}

interface Waiter {
  probe: () => unknown;
  settle: (value: unknown, err?: Error) => void;
}

/**
 * Follows the run's topics from their beginning, as one consumer, and keeps every message: the
 * test waits on what the services publish (a case's due-soon alert, the desk noting a result)
 * without polling them, and audits the topics at the end from what it holds once it has read
 * them to their current ends. Messages are kept as they came (a relay may send one event twice).
 */
export class EventTail {
  /** Every message, in the order read. */
  readonly messages: EventEnvelope[] = [];
  private readonly bySubject = new Map<string, EventEnvelope[]>();
  /** Per "topic:partition", the offset after the last message read. */
  private readonly next = new Map<string, bigint>();
  private readonly waiters = new Set<Waiter>();
  private failure: Error | undefined;

  private constructor(
    private readonly kafka: KafkaClient,
    private readonly consumer: Consumer,
    private readonly groupId: string,
    readonly topics: string[],
  ) {}

  static async start(topics: string[]): Promise<EventTail> {
    const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', clientId: 'e2e-tail' });
    const groupId = `e2e.tail.${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 60_000 });
    const tail = new EventTail(kafka, consumer, groupId, topics);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) tail.fail(e.payload.error);
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const at = `${batch.topic}:${batch.partition}`;
        for (const m of batch.messages) {
          if (BigInt(m.offset) < (tail.next.get(at) ?? 0n)) continue; // read again after a rebalance
          const e = fromKafkaMessage(m, batch.topic, batch.partition);
          tail.messages.push(e);
          tail.bySubject.set(e.subject, [...(tail.bySubject.get(e.subject) ?? []), e]);
          tail.next.set(at, BigInt(m.offset) + 1n);
        }
        tail.wake();
      },
    });
    return tail;
  }

  /** The messages about one dossier (its subject), in partition order. */
  of(subject: string): EventEnvelope[] {
    return this.bySubject.get(subject) ?? [];
  }

  /** Resolves with the probe's first truthy value, probed now and after every batch read. */
  until<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        probe,
        settle: (v, err) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (err) reject(err);
          else resolve(v as T);
        },
      };
      const timer = setTimeout(() => waiter.settle(undefined, new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      this.waiters.add(waiter);
      this.check(waiter);
    });
  }

  /** Waits until the tail has read every topic up to where it ends now; returns the messages. */
  async caughtUp(timeoutMs = 120_000): Promise<EventEnvelope[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = new Map<string, bigint>();
    try {
      for (const topic of this.topics)
        for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > 0n) ends.set(`${topic}:${p.partition}`, BigInt(p.high));
    } finally {
      await admin.disconnect();
    }
    const behind = () => [...ends].filter(([at, end]) => (this.next.get(at) ?? 0n) < end).map(([at]) => at);
    await this.until(`the tail to reach the topics' ends`, () => behind().length === 0, timeoutMs).catch((err: Error) => {
      throw new Error(`${err.message} (behind: ${behind().join(', ')})`);
    });
    return [...this.messages];
  }

  /** Fails whoever still waits, leaves and deletes the tail's consumer group. */
  async stop(): Promise<void> {
    this.fail(new Error('the event tail was stopped'));
    await this.consumer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.groupId]);
    } finally {
      await admin.disconnect();
    }
  }

  private check(w: Waiter): void {
    try {
      const v = w.probe();
      if (v) w.settle(v);
    } catch (err) {
      w.settle(undefined, err as Error);
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) this.check(w);
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const w of [...this.waiters]) w.settle(undefined, err);
  }
}

export interface DeadlineAlertCount {
  dossierDueSoon: Map<string, number>;
  /** Overdue alerts on the dossier deadline (not a step's) per dossier. */
  dossierOverdue: Map<string, number>;
  overdue: number;
}

/** Whether an event is processing's due-soon or overdue alert on a dossier's deadline (not a step's). */
export function isDossierAlert(e: EventEnvelope, alert: 'DueSoon' | 'Overdue'): boolean {
  if (e.type !== `onestop.processing.v1.${alert}`) return false;
  return !decodeEvent<processingEvents.DueSoon | processingEvents.Overdue>(e.type, e.data).stepCode;
}

/** Whether an event is intake noting, on its own stream, that processing moved the dossier to `status`. */
export function notesStatus(e: EventEnvelope, status: common.NationalStatus): boolean {
  return (
    e.type === 'onestop.intake.v1.ProcessingStatusNoted' &&
    decodeEvent<intakeEvents.ProcessingStatusNoted>(e.type, e.data).status === status
  );
}

/**
 * DueSoon and Overdue alerts on the dossier deadline per dossier (counted by event id, so a
 * message the relay sent twice counts once), and how many Overdue alerts there are in all.
 */
export function deadlineAlerts(processingEventsOnTopic: EventEnvelope[]): DeadlineAlertCount {
  const dossierDueSoon = new Map<string, number>();
  const dossierOverdue = new Map<string, number>();
  const seen = new Set<string>();
  let overdue = 0;
  for (const e of processingEventsOnTopic) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (e.type === 'onestop.processing.v1.Overdue') overdue++;
    for (const [alert, counts] of [
      ['DueSoon', dossierDueSoon],
      ['Overdue', dossierOverdue],
    ] as const)
      if (isDossierAlert(e, alert)) counts.set(e.subject, (counts.get(e.subject) ?? 0) + 1);
  }
  return { dossierDueSoon, dossierOverdue, overdue };
}

/** The distinct event ids among Kafka messages (a relay may send one event twice). */
export function distinctEventIds(events: EventEnvelope[]): Set<string> {
  return new Set(events.map((e) => e.id));
}

export interface VerifyOutcome {
  exitCode: number | null;
  output: string;
  storeEvents: number;
  /** Kafka messages: at least one per stored event; more where a relay re-sent after a crash (consumers dedupe by event id). */
  kafkaEvents: number;
  /** Stored events the outbox has not published yet. */
  unpublished: number;
  problems: number;
  digest: string | null;
}

/** `npm run ops -- verify` on the run's three event stores and topics. */
export function opsVerify(platform: Platform): VerifyOutcome {
  const pg = platform.env.PG_URL ?? '';
  const schema = (name: string) => `${platform.runId}_${name}`.toLowerCase();
  const stores = [
    `onestop.intake=${pg}#${schema('intake')}`,
    `onestop.processing=${pg}#${schema('processing')}`,
    `onestop.postal-delivery=${pg}#${schema('postal_delivery')}`,
  ];
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, 'services/reporting/dist/cli/main.js'), 'verify', ...stores.flatMap((s) => ['--store', s])],
    {
      env: { ...platform.env, MONGO_DB: `${platform.runId}_reporting` },
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  const m = /verified (\d+) stored events and (\d+) Kafka messages.*?: (\d+) problem/.exec(output);
  const digest = /digest ([0-9a-f]{64})/.exec(output)?.[1] ?? null;
  return {
    exitCode: res.status,
    output,
    storeEvents: Number(m?.[1] ?? -1),
    kafkaEvents: Number(m?.[2] ?? -1),
    unpublished: Number(/\((\d+) not yet published/.exec(output)?.[1] ?? 0),
    problems: Number(m?.[3] ?? -1),
    digest,
  };
}

/** Dossier codes UNIT-YYMMDD-NNNN grouped by unit and day: the sequence numbers found, sorted. */
export function codeSequences(codes: string[]): Map<string, number[]> {
  const byDay = new Map<string, number[]>();
  for (const code of codes) {
    const m = /^(.+-\d{6})-(\d+)$/.exec(code);
    if (!m) throw new Error(`dossier code ${code} is not UNIT-YYMMDD-NNNN`);
    byDay.set(m[1], [...(byDay.get(m[1]) ?? []), Number(m[2])]);
  }
  for (const list of byDay.values()) list.sort((a, b) => a - b);
  return byDay;
}
