// A message that keeps failing goes to the dead-letter topic after bounded attempts while the
// partition moves on; operators list dead letters and replay them to the original topic.
import { EventConsumer } from './consumer';
import { listDeadLetters, replayDeadLetters } from './dead-letters';
import type { EventEnvelope } from './event-types';
import { deleteTopics, fastGroup, interleavedEvents, testKafka, testLogger, uniqueName, waitFor } from './int-helpers.spec';
import { javaCompatiblePartitioner } from './partitioning';
import { KafkaEventPublisher } from './publisher';
import { readTopicToEnd, type TopicMessage } from './read-topic';
import { ensureTopics } from './topics';

const kafka = testKafka();
const topic = uniqueName('events');
const deadLetters = uniqueName('dlq');
const groupId = uniqueName('group');

beforeAll(() => ensureTopics(kafka, [topic, deadLetters], { partitions: 1 }));
afterAll(() => deleteTopics(kafka, [topic, deadLetters]));

it('dead-letters a poison event after maxAttempts, keeps going, and replays it on request', async () => {
  const [poison, next, last] = interleavedEvents(['HS-777'], 3);
  const publisher = new KafkaEventPublisher(kafka, topic);
  await publisher.connect();
  await publisher.publish([poison, next, last]);

  let poisonAttempts = 0;
  let cured = false;
  const handled: EventEnvelope[] = [];
  const consumer = new EventConsumer(kafka, {
    groupId,
    topics: [topic],
    deadLetterTopic: deadLetters,
    maxAttempts: 3,
    retryBackoffMs: 10,
    handler: async (e) => {
      if (e.id === poison.id && !cured) {
        poisonAttempts += 1;
        throw new Error('cannot project: unknown procedure code');
      }
      handled.push(e);
    },
    logger: testLogger,
    ...fastGroup,
  });
  await consumer.start();
  try {
    await waitFor('the next events handled', () => handled.length === 2);
    expect(handled.map((e) => e.id)).toEqual([next.id, last.id]);
    expect(poisonAttempts).toBe(3);

    const raw: TopicMessage[] = [];
    await readTopicToEnd(kafka, deadLetters, (m) => {
      raw.push(m);
    });
    expect(raw).toHaveLength(1);
    const [dead] = raw;
    const header = (name: string) => dead.headers[name]?.toString();
    expect(dead.key?.toString()).toBe('HS-777');
    expect(Buffer.from(poison.data).equals(dead.value!)).toBe(true);
    expect(header('ce_id')).toBe(poison.id);
    expect(header('ce_type')).toBe(poison.type);
    expect(header('dlq_original_topic')).toBe(topic);
    expect(header('dlq_original_partition')).toBe('0');
    expect(header('dlq_original_offset')).toBe('0');
    expect(header('dlq_group')).toBe(groupId);
    expect(header('dlq_attempts')).toBe('3');
    expect(header('dlq_error')).toBe('Error: cannot project: unknown procedure code');
    expect(Number.isNaN(Date.parse(header('dlq_failed_at')!))).toBe(false);

    const listed = await listDeadLetters(kafka, { deadLetterTopic: deadLetters, originalTopic: topic });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ eventId: poison.id, dossierId: 'HS-777', group: groupId, attempts: 3, originalOffset: '0' });
    expect(await listDeadLetters(kafka, { deadLetterTopic: deadLetters, originalTopic: 'some.other.topic' })).toEqual([]);

    cured = true;
    const replayed = await replayDeadLetters(kafka, { deadLetterTopic: deadLetters, filter: (dl) => dl.eventId === poison.id });
    expect(replayed.map((dl) => dl.eventId)).toEqual([poison.id]);
    await waitFor('the replayed event handled', () => handled.length === 3);
    expect(handled[2]).toMatchObject({ id: poison.id, streamId: 'HS-777', streamVersion: 1, offset: '3', metadata: poison.metadata });
  } finally {
    await consumer.stop();
    await publisher.disconnect();
  }
});

it('dead-letters a message that is not a CloudEvent without calling the handler', async () => {
  const producer = kafka.producer({ createPartitioner: javaCompatiblePartitioner });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key: 'HS-888', value: 'not protobuf', headers: { ce_id: 'x' } }] });
  await producer.disconnect();
  const publisher = new KafkaEventPublisher(kafka, topic);
  await publisher.connect();
  const [good] = interleavedEvents(['HS-888'], 1);
  await publisher.publish([good]);
  await publisher.disconnect();

  const handled: string[] = [];
  const consumer = new EventConsumer(kafka, {
    groupId: uniqueName('group'),
    topics: [topic],
    deadLetterTopic: deadLetters,
    handler: async (e) => {
      handled.push(e.id);
    },
    logger: testLogger,
    ...fastGroup,
  });
  await consumer.start();
  try {
    await waitFor('the good event handled', () => handled.includes(good.id));
  } finally {
    await consumer.stop();
  }
  const listed = await listDeadLetters(kafka, { deadLetterTopic: deadLetters });
  const undecodable = listed.find((dl) => dl.key?.toString() === 'HS-888');
  expect(undecodable).toMatchObject({ attempts: 0, eventId: 'x' });
  expect(undecodable!.error).toMatch(/CloudEventDecodeError: .*ce_specversion is missing/);
});

it('retries a failure of an unavailable dependency past maxAttempts instead of dead-lettering it', async () => {
  const [event] = interleavedEvents(['HS-999'], 1);
  const publisher = new KafkaEventPublisher(kafka, topic);
  await publisher.connect();
  await publisher.publish([event]);
  await publisher.disconnect();

  let attempts = 0;
  const handled: string[] = [];
  const consumer = new EventConsumer(kafka, {
    groupId: uniqueName('group'),
    topics: [topic],
    deadLetterTopic: deadLetters,
    maxAttempts: 2,
    retryBackoffMs: 10,
    handler: async (e) => {
      if (e.id !== event.id) return;
      attempts += 1;
      // the store is down for the first five attempts (more than maxAttempts), then back
      if (attempts <= 5) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      handled.push(e.id);
    },
    logger: testLogger,
    ...fastGroup,
  });
  await consumer.start();
  try {
    await waitFor('the event handled once the store is back', () => handled.includes(event.id));
  } finally {
    await consumer.stop();
  }
  expect(attempts).toBe(6);
  const listed = await listDeadLetters(kafka, { deadLetterTopic: deadLetters });
  expect(listed.filter((dl) => dl.eventId === event.id)).toEqual([]);
});

it('lists nothing when the dead-letter topic does not exist', async () => {
  expect(await listDeadLetters(kafka, { deadLetterTopic: uniqueName('absent') })).toEqual([]);
});
