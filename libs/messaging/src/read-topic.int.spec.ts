import { deleteTopics, interleavedEvents, testKafka, uniqueName } from './int-helpers.spec';
import { KafkaEventPublisher } from './publisher';
import { readTopicToEnd, type TopicMessage } from './read-topic';
import { ensureTopics } from './topics';

const kafka = testKafka();
const topic = uniqueName('audit');
const empty = uniqueName('empty');

beforeAll(() => ensureTopics(kafka, [topic, empty], { partitions: 3 }));
afterAll(() => deleteTopics(kafka, [topic, empty]));

it('reads every message up to where the topic ended at the start, then stops', async () => {
  const publisher = new KafkaEventPublisher(kafka, topic);
  await publisher.connect();
  try {
    await publisher.publish(interleavedEvents(['HS-A1', 'HS-A2', 'HS-A3', 'HS-A4', 'HS-A5'], 5));
    const read: TopicMessage[] = [];
    const result = await readTopicToEnd(kafka, topic, async (m) => {
      if (read.length === 0) await publisher.publish(interleavedEvents(['HS-LATE'], 5)); // after the start
      read.push(m);
    });
    expect(result).toEqual({ messages: 25 });
    expect(read).toHaveLength(25);
    expect(read.some((m) => m.key?.toString() === 'HS-LATE')).toBe(false);
    for (const partition of [0, 1, 2]) {
      const offsets = read.filter((m) => m.partition === partition).map((m) => Number(m.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }

    expect(await readTopicToEnd(kafka, topic, () => undefined)).toEqual({ messages: 30 });
  } finally {
    await publisher.disconnect();
  }
});

it('returns at once for an empty topic and rejects an absent one', async () => {
  expect(await readTopicToEnd(kafka, empty, () => undefined)).toEqual({ messages: 0 });
  const absent = uniqueName('absent');
  await expect(readTopicToEnd(kafka, absent, () => undefined)).rejects.toThrow(absent);
});

it('stops with the error the callback throws', async () => {
  await expect(
    readTopicToEnd(kafka, topic, () => {
      throw new Error('audit sink full');
    }),
  ).rejects.toThrow('audit sink full');
});
