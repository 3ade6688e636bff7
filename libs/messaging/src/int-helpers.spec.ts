// Shared helpers of this library's integration tests (not a test file itself: jest only runs
// *.unit.spec.ts / *.int.spec.ts; the build excludes *.spec.ts).
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { metricsRegistry } from '@onestop/observability';
import type { PublishableEvent } from './event-types';
import { createKafka, type KafkaClient } from './kafka-client';
import type { Logger } from './logger';

export const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

/** Quiet unless MESSAGING_TEST_LOG=debug (or another pino level) is set. */
export const testLogger: Logger = pino({ level: process.env.MESSAGING_TEST_LOG ?? 'silent' });

export function testKafka(): KafkaClient {
  return createKafka({ brokers, clientId: 'messaging-int-test', logger: testLogger });
}

export function uniqueName(what: string): string {
  return `t.messaging.${what}.${randomUUID().slice(0, 8)}`;
}

/** Short group timings so joins, rebalances and stops are quick in tests. */
export const fastGroup = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 300, rebalanceTimeoutMs: 10_000, maxWaitTimeMs: 200 };

export { waitFor } from '@onestop/test-support';

export function recordedEvent(streamId: string, version: number, overrides: Partial<PublishableEvent> = {}): PublishableEvent {
  return {
    id: randomUUID(),
    streamId,
    version,
    type: 'onestop.intake.v1.DossierReceived',
    data: new TextEncoder().encode(`${streamId}#${version}`),
    recordedAt: new Date(),
    metadata: { correlationId: `corr-${streamId}`, actor: { officerId: 'officer-1', role: 'desk_officer', unitCode: 'UBND-P1' } },
    prevHash: version === 1 ? '' : `hash-${streamId}-${version - 1}`, // the store's genesis: ''
    hash: `hash-${streamId}-${version}`,
    source: 'onestop.intake',
    ...overrides,
  };
}

/** Events of several dossiers, interleaved the way a busy service appends them. */
export function interleavedEvents(dossiers: string[], versions: number): PublishableEvent[] {
  const events: PublishableEvent[] = [];
  for (let v = 1; v <= versions; v += 1) for (const d of dossiers) events.push(recordedEvent(d, v));
  return events;
}

export async function deleteTopics(kafka: KafkaClient, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

export async function committedOffsets(kafka: KafkaClient, groupId: string, topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}

/** A sample of the process's metrics registry by family (or histogram sample) name and labels. */
export async function metricValue(name: string, labels: Record<string, string>): Promise<number | undefined> {
  // Histograms list their _count/_sum/_bucket samples under the family, each with its metricName.
  const samples = (await metricsRegistry.getMetricsAsJSON()).flatMap((m) =>
    m.values.map((v) => ({ ...v, name: (v as { metricName?: string }).metricName ?? m.name })),
  );
  const sample = samples.find(
    (v) => v.name === name && Object.entries(labels).every(([k, l]) => String((v.labels as Record<string, unknown>)[k]) === l),
  );
  return sample?.value;
}
