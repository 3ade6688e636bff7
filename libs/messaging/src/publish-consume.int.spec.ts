import { ConfigResourceTypes } from 'kafkajs';
import { EventConsumer } from './consumer';
import type { EventEnvelope } from './event-types';
import { deleteTopics, fastGroup, interleavedEvents, testKafka, testLogger, uniqueName, waitFor } from './int-helpers.spec';
import { partitionForKey } from './partitioning';
import { KafkaEventPublisher } from './publisher';
import { ensureTopics } from './topics';

const kafka = testKafka();
const topic = uniqueName('events');
const deadLetters = uniqueName('dlq');

beforeAll(() => ensureTopics(kafka, [topic, deadLetters]));
afterAll(() => deleteTopics(kafka, [topic, deadLetters]));

describe('ensureTopics', () => {
  it('creates 6 partitions kept forever, and is idempotent', async () => {
    await ensureTopics(kafka, [topic, deadLetters]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0].partitions).toHaveLength(6);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'retention.bytes', 'cleanup.policy'] }],
      });
      const config = Object.fromEntries(resources[0].configEntries.map((c) => [c.configName, c.configValue]));
      expect(config).toEqual({ 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' });
    } finally {
      await admin.disconnect();
    }
  });
});

describe('KafkaEventPublisher + EventConsumer', () => {
  it.each([1, 3])(
    'delivers every event with its attributes, in order per dossier, on the Java partition (%i partitions at a time)',
    async (concurrency) => {
      const dossiers = ['HS-001', 'HS-002', 'HS-003', 'HS-004', 'HS-005'].map((d) => `${d}-${concurrency}`);
      const events = interleavedEvents(dossiers, 6);
      const publisher = new KafkaEventPublisher(kafka, topic, { logger: testLogger });
      await publisher.connect();
      await publisher.publish(events.slice(0, 10));
      await publisher.publish(events.slice(10));
      await publisher.disconnect();

      const seen: EventEnvelope[] = [];
      const consumer = new EventConsumer(kafka, {
        groupId: uniqueName('group'),
        topics: [topic],
        deadLetterTopic: deadLetters,
        partitionsConsumedConcurrently: concurrency,
        handler: async (e) => {
          await new Promise((resolve) => setImmediate(resolve)); // let partitions interleave
          seen.push(e);
        },
        logger: testLogger,
        ...fastGroup,
      });
      await consumer.start();
      try {
        await waitFor('all events consumed', () => events.every((sent) => seen.some((e) => e.id === sent.id)));
      } finally {
        await consumer.stop();
      }

      const mine = new Set(events.map((e) => e.id));
      const seenHere = seen.filter((e) => mine.has(e.id));
      expect(seenHere).toHaveLength(events.length);
      for (const sent of events) {
        const got = seen.find((e) => e.id === sent.id)!;
        expect(got).toMatchObject({
          source: 'onestop.intake',
          type: sent.type,
          subject: sent.streamId,
          streamId: sent.streamId,
          streamVersion: sent.version,
          time: sent.recordedAt,
          hash: sent.hash,
          prevHash: sent.prevHash,
          metadata: sent.metadata,
          topic,
          partition: partitionForKey(sent.streamId, 6),
        });
        expect(Buffer.from(got.data).equals(Buffer.from(sent.data))).toBe(true);
      }
      for (const d of dossiers) {
        expect(seenHere.filter((e) => e.streamId === d).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
      }
    },
  );

  it('refuses to publish before connect()', async () => {
    const publisher = new KafkaEventPublisher(kafka, topic);
    await expect(publisher.publish(interleavedEvents(['HS-9'], 1))).rejects.toThrow(/connect\(\)/);
  });

  it('refuses to start on a topic that does not exist, naming it', async () => {
    const missing = uniqueName('missing');
    const consumer = new EventConsumer(kafka, {
      groupId: uniqueName('group'),
      topics: [missing],
      deadLetterTopic: deadLetters,
      handler: async () => {},
    });
    await expect(consumer.start()).rejects.toThrow(missing);
  });
});
