// Support for running several instances of each service: a client that spreads calls over the
// instances and retries a failed call with the same request (so a retry after a kill is the
// same request, and "acknowledged" means a response came back), reading a run's topics, and
// `ops verify` against the run's stores.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { decodeEvent, type processingEvents } from '@onestop/contracts';
import { createKafka, fromKafkaMessage, readTopicToEnd, type EventEnvelope } from '@onestop/messaging';
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
  constructor(
    readonly clients: C[],
    private readonly timeoutMs = 120_000,
  ) {}

  async call<T>(preferred: number, attempt: (client: C) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (let i = preferred, pause = 100; ; i++, pause = Math.min(pause * 2, 2000)) {
      try {
        return await attempt(this.clients[i % this.clients.length]);
      } catch (err) {
        if (!retriable(err) || Date.now() > deadline) throw err;
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
    events.push(
      fromKafkaMessage(
        { key: m.key, value: m.value, headers: m.headers, offset: m.offset, timestamp: m.timestamp } as never,
        m.topic,
        m.partition,
      ),
    );
  });
  return events;
}

export interface DeadlineAlertCount {
  dossierDueSoon: Map<string, number>;
  /** Overdue alerts on the dossier deadline (not a step's) per dossier. */
  dossierOverdue: Map<string, number>;
  overdue: number;
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
    const isOverdue = /Overdue/.test(e.type);
    if (isOverdue) overdue++;
    if (!isOverdue && !/DueSoon/.test(e.type)) continue;
    const data = decodeEvent<processingEvents.DueSoon | processingEvents.Overdue>(e.type, e.data);
    if (data.stepCode) continue;
    const counts = isOverdue ? dossierOverdue : dossierDueSoon;
    counts.set(e.subject, (counts.get(e.subject) ?? 0) + 1);
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
