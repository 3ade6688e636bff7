import { commitGroupOffsets } from './group-offsets';
import { committedOffsets, deleteTopics, fastGroup, interleavedEvents, testKafka, uniqueName, waitFor } from './int-helpers.spec';
import { KafkaEventPublisher } from './publisher';
import { ensureTopics } from './topics';

const kafka = testKafka();
const first = uniqueName('start-a');
const second = uniqueName('start-b');

beforeAll(() => ensureTopics(kafka, [first, second], { partitions: 3 }));
afterAll(() => deleteTopics(kafka, [first, second]));

it('commits the start offsets of several topics at once, and a member of the group starts there', async () => {
  const publisher = new KafkaEventPublisher(kafka, first);
  await publisher.connect();
  try {
    await publisher.publish(interleavedEvents(['HS-B1', 'HS-B2', 'HS-B3'], 4));
  } finally {
    await publisher.disconnect();
  }
  const groupId = uniqueName('group');
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(first)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const starts = new Map([...ends].map(([partition, end]) => [partition, partition === 0 ? 0n : end]));

  await commitGroupOffsets(
    kafka,
    groupId,
    new Map([
      [first, starts],
      [second, new Map([[1, 0n]])],
    ]),
  );

  expect(await committedOffsets(kafka, groupId, first)).toEqual(new Map([...starts].map(([p, o]) => [p, o.toString()])));
  expect((await committedOffsets(kafka, groupId, second)).get(1)).toBe('0');
  // A member of the group reads only what lies past the committed offsets: partition 0 whole.
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: fastGroup.maxWaitTimeMs });
  const seen: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [first], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push(`${partition}@${message.offset}`) });
    await waitFor('partition 0 read', () => seen.length >= Number(ends.get(0) ?? 0n));
  } finally {
    await consumer.disconnect();
  }
  expect(seen.every((s) => s.startsWith('0@'))).toBe(true);
  expect(seen).toHaveLength(Number(ends.get(0) ?? 0n));
});

it('refuses a group that has a running member', async () => {
  const groupId = uniqueName('busy');
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: fastGroup.maxWaitTimeMs });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [second], fromBeginning: true });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
    await consumer.run({ eachMessage: async () => undefined });
    await waitFor('the member joined', () => joined);
    await expect(commitGroupOffsets(kafka, groupId, new Map([[second, new Map([[0, 0n]])]]))).rejects.toThrow(
      `group "${groupId}" has running members`,
    );
  } finally {
    await consumer.disconnect();
  }
});
