// The operator's dead-letter round trip on the real Kafka, in a topic namespace of its own: an
// event reporting's consumer cannot handle goes to the dead-letter topic after its attempts; the
// CLI lists it, replays it to the original topic once the cause is gone, and the consumer then
// handles it.
import { TEST_TOPIC_PREFIX } from '../testing/topic-prefix.spec';
import { randomUUID } from 'node:crypto';
import { encodeEvent } from '@onestop/contracts';
import {
  createKafka,
  ensureTopics,
  KafkaEventPublisher,
  listDeadLetters,
  readTopicToEnd,
  TOPICS,
  type PublishableEvent,
  type TopicMessage,
} from '@onestop/messaging';
import type { RunningSubscription } from '../application/ports';
import { HISTORY_TOPICS, KafkaEventSource } from '../adapters/kafka/kafka-event-source';
import { dossierReceived, SOURCES } from '../testing/events.spec';
import { eventually } from '../testing/platform.spec';
import { runCli } from './main';

jest.setTimeout(120_000);

const RECEIVED = 'onestop.intake.v1.DossierReceived';
const GROUP = 'reporting.dead-letter-test';

function received(dossierId: string): PublishableEvent {
  return {
    id: randomUUID(),
    streamId: dossierId,
    version: 1,
    type: RECEIVED,
    source: SOURCES.intake,
    data: encodeEvent(RECEIVED, dossierReceived(dossierId)),
    recordedAt: new Date('2020-03-02T01:00:00Z'),
    metadata: { correlationId: randomUUID(), actor: { officerId: 'desk-1', role: 'desk_officer', unitCode: 'H40' } },
    prevHash: null,
    hash: randomUUID().replace(/-/g, ''),
  };
}

async function cli(...argv: string[]) {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    progress: () => undefined,
    progressDone: () => undefined,
  };
  const code = await runCli(argv, io, { ...process.env });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

async function messagesOf(topic: string, eventId: string): Promise<TopicMessage[]> {
  const found: TopicMessage[] = [];
  await readTopicToEnd(kafka, topic, (m) => {
    if (m.headers.ce_id?.toString() === eventId) found.push(m);
  });
  return found;
}

const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', clientId: 't-reporting-dead-letters' });
const source = new KafkaEventSource(kafka, { maxAttempts: 2, retryBackoffMs: 10 });
const poison = received(randomUUID());
const healthy = received(randomUUID());
const handled: string[] = [];
let cured = false;
let subscription: RunningSubscription | undefined;

beforeAll(async () => {
  expect(TOPICS.deadLetter).toBe(`${TEST_TOPIC_PREFIX}onestop.deadletter.v1`);
  await ensureTopics(kafka, [...HISTORY_TOPICS, TOPICS.deadLetter], { partitions: 2 });
  const publisher = new KafkaEventPublisher(kafka, TOPICS.intake);
  await publisher.connect();
  await publisher.publish([poison, healthy]);
  await publisher.disconnect();
  subscription = source.subscribe(GROUP, async (e) => {
    if (e.id === poison.id && !cured) throw new Error('cannot project: unknown procedure code P1');
    handled.push(e.id);
  });
  await subscription.start();
  await eventually(
    'the healthy event handled and the poison dead-lettered',
    async () => handled.includes(healthy.id) && (await listDeadLetters(kafka)).length === 1,
  );
});

afterAll(async () => {
  await subscription?.stop();
  await source.deleteGroup(GROUP).catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [...HISTORY_TOPICS, TOPICS.deadLetter] }).catch(() => undefined);
  await admin.disconnect();
});

describe('dead-letters on the real Kafka', () => {
  it('lists the dead letter with where it came from and why it failed', async () => {
    const json = await cli('dead-letters', 'list', '--format', 'json');
    expect(json.code).toBe(0);
    const [original] = await messagesOf(TOPICS.intake, poison.id);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        originalTopic: TOPICS.intake,
        originalPartition: original.partition,
        originalOffset: original.offset,
        group: GROUP,
        eventId: poison.id,
        eventType: RECEIVED,
        dossierId: poison.streamId,
        attempts: 2,
        error: 'Error: cannot project: unknown procedure code P1',
        deadLetterTopic: TOPICS.deadLetter,
      }),
    ]);
    const table = await cli('dead-letters', 'list', '--topic', 'intake', '--group', GROUP, '--limit', '5');
    expect(table.stdout).toContain(`${TOPICS.intake}[${original.partition}]@${original.offset}`);
    expect(table.stdout).toMatch(new RegExp(`${poison.id}\\s+${RECEIVED.replace(/\./g, '\\.')}\\s+${poison.streamId}\\s+2\\s`));
    expect(table.stdout).toContain('1 dead letter(s)');
    expect((await cli('dead-letters', 'list', '--topic', 'processing')).stdout).toBe(
      `no dead letters in ${TOPICS.deadLetter} matching the filter\n`,
    );
    expect((await cli('dead-letters', 'list', '--group', 'processing.intake-facts', '--format', 'json')).stdout).toBe('[]\n');
  });

  it('replays nothing on a dry run and names a dossier without dead letters', async () => {
    const dry = await cli('dead-letters', 'replay', '--dossier', poison.streamId, '--dry-run');
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain(`would replay ${TOPICS.intake}`);
    expect(dry.stdout).toContain(`event ${poison.id} ${RECEIVED} dossier ${poison.streamId} (group ${GROUP}`);
    expect(await messagesOf(TOPICS.intake, poison.id)).toHaveLength(1);
    const none = await cli('dead-letters', 'replay', '--dossier', healthy.streamId);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`no dead letter of dossier ${healthy.streamId}\n`);
    expect(none.stdout).toBe('replayed 0 dead letter(s) to their original topics\n');
  });

  it('replays the chosen event to its original topic, where the consumer handles it', async () => {
    cured = true;
    const replay = await cli('dead-letters', 'replay', '--event-id', poison.id);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain(`replayed ${TOPICS.intake}`);
    expect(replay.stdout).toContain('replayed 1 dead letter(s) to their original topics\n');
    const copies = await messagesOf(TOPICS.intake, poison.id);
    expect(copies).toHaveLength(2);
    const [first, again] = copies;
    expect(again.partition).toBe(first.partition);
    expect(BigInt(again.offset)).toBeGreaterThan(BigInt(first.offset));
    expect(again.key?.toString()).toBe(poison.streamId);
    expect(again.value?.equals(first.value!)).toBe(true);
    expect(Object.keys(again.headers).filter((h) => h.startsWith('dlq_'))).toEqual([]);
    await eventually('the replayed event handled', async () => handled.includes(poison.id));
    expect((await listDeadLetters(kafka)).map((dl) => dl.eventId)).toEqual([poison.id]);
  });
});
