// Offsets are committed only for handled messages: a stopped consumer resumes exactly after the
// last message it finished, and a message still being retried is never skipped. They are committed
// on an interval, at stop and before a rebalance — not once per fetched batch.
import { EventConsumer, type EventConsumerOptions } from './consumer';
import type { EventEnvelope } from './event-types';
import {
  committedOffsets,
  deleteTopics,
  fastGroup,
  interleavedEvents,
  metricValue,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from './int-helpers.spec';
import { KafkaEventPublisher } from './publisher';
import { ensureTopics } from './topics';

const kafka = testKafka();
const deadLetters = uniqueName('dlq');
const topics: string[] = [deadLetters];

/** A topic of one partition and `events` events of one stream for it, published all at once or one at a time. */
async function topicFor(
  events: number,
): Promise<{ topic: string; ids: string[]; next: () => Promise<void>; rest: () => Promise<void>; close: () => Promise<void> }> {
  const topic = uniqueName('commit');
  topics.push(topic);
  await ensureTopics(kafka, [topic, deadLetters], { partitions: 1 });
  const published = interleavedEvents(['HS-100'], events);
  const publisher = new KafkaEventPublisher(kafka, topic);
  await publisher.connect();
  let sent = 0;
  return {
    topic,
    ids: published.map((e) => e.id),
    next: () => publisher.publish([published[sent++]]),
    rest: () => publisher.publish(published.slice(sent)),
    close: () => publisher.disconnect(),
  };
}

async function topicWith(events: number): Promise<{ topic: string; ids: string[] }> {
  const t = await topicFor(events);
  await t.rest();
  await t.close();
  return t;
}

function consumer(topic: string, groupId: string, handler: EventConsumerOptions['handler'], extra: Partial<EventConsumerOptions> = {}) {
  return new EventConsumer(kafka, {
    groupId,
    topics: [topic],
    deadLetterTopic: deadLetters,
    handler,
    logger: testLogger,
    ...fastGroup,
    ...extra,
  });
}

afterAll(() => deleteTopics(kafka, topics));

it('stopped mid-way, a consumer commits what it finished and resumes right after it', async () => {
  const { topic, ids } = await topicWith(20);
  const groupId = uniqueName('group');
  const firstRun: EventEnvelope[] = [];
  let releaseEighth!: () => void;
  const eighthHeld = new Promise<void>((resolve) => (releaseEighth = resolve));
  const first = consumer(topic, groupId, async (e) => {
    if (e.streamVersion === 8) await eighthHeld; // still working when stop() is called
    firstRun.push(e);
  });
  await first.start();
  await waitFor('the 8th event in the handler', () => firstRun.length === 7);
  const stopping = first.stop();
  releaseEighth();
  await stopping;

  expect(firstRun.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect((await committedOffsets(kafka, groupId, topic)).get(0)).toBe('8');

  const secondRun: EventEnvelope[] = [];
  const second = consumer(topic, groupId, async (e) => {
    secondRun.push(e);
  });
  await second.start();
  try {
    await waitFor('the rest consumed', () => secondRun.length >= 12);
  } finally {
    await second.stop();
  }
  expect(secondRun.map((e) => e.streamVersion)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  expect([...firstRun, ...secondRun].map((e) => e.id)).toEqual(ids);
});

it('a message waiting for a retry when the consumer stops stays uncommitted and comes back first', async () => {
  const { topic, ids } = await topicWith(5);
  const groupId = uniqueName('group');
  const handled: number[] = [];
  let failures = 0;
  const first = consumer(
    topic,
    groupId,
    async (e) => {
      if (e.streamVersion === 3) {
        failures += 1;
        throw new Error('projection store unavailable');
      }
      handled.push(e.streamVersion);
    },
    { maxAttempts: 100, retryBackoffMs: 60_000 },
  );
  await first.start();
  await waitFor('event 3 failing', () => failures === 1);
  await first.stop(); // cuts the 60 s backoff short

  expect(handled).toEqual([1, 2]);
  expect((await committedOffsets(kafka, groupId, topic)).get(0)).toBe('2');

  const again: string[] = [];
  const second = consumer(topic, groupId, async (e) => {
    again.push(e.id);
  });
  await second.start();
  try {
    await waitFor('the rest consumed', () => again.length >= 3);
  } finally {
    await second.stop();
  }
  expect(again).toEqual(ids.slice(2));
});

it('waitUntilCaughtUp resolves once everything on the topic at start was handled', async () => {
  const { topic, ids } = await topicWith(30);
  const handled = new Set<string>();
  const c = consumer(topic, uniqueName('group'), async (e) => {
    handled.add(e.id);
  });
  await c.start();
  try {
    await c.waitUntilCaughtUp({ timeoutMs: 30_000 });
    expect(ids.every((id) => handled.has(id))).toBe(true);
  } finally {
    await c.stop();
  }
  await expect(c.waitUntilCaughtUp()).rejects.toThrow(/not started/);
});

it('a batch handler gets the events as units in order; a failing unit comes again one by one, its bad event dead-lettered', async () => {
  const { topic, ids } = await topicWith(30);
  const units: number[][] = [];
  const single: number[] = [];
  const c = consumer(
    topic,
    uniqueName('group'),
    async (e) => {
      if (e.streamVersion === 17) throw new Error('unusable payload');
      single.push(e.streamVersion);
    },
    {
      maxAttempts: 1,
      maxBatchSize: 8,
      batchHandler: async (events) => {
        if (events.some((e) => e.streamVersion === 17)) throw new Error('unusable payload');
        units.push(events.map((e) => e.streamVersion));
      },
    },
  );
  await c.start();
  try {
    await c.waitUntilCaughtUp({ timeoutMs: 30_000 });
  } finally {
    await c.stop();
  }
  // Every event once, in order, either in a unit or alone; 17 alone and dead-lettered.
  const seen = [...units.flat(), ...single].sort((a, b) => a - b);
  expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1).filter((v) => v !== 17));
  expect(units.every((u) => u.length <= 8 && u.every((v, i) => i === 0 || v === u[i - 1] + 1))).toBe(true);
  expect(single).not.toContain(17);
  expect(units.flat()).not.toContain(17);
  expect(ids).toHaveLength(30);
});

it('commits on its interval and at stop, not once per fetched batch', async () => {
  const { topic, next, close } = await topicFor(12);
  const groupId = uniqueName('group');
  const handled: number[] = [];
  const c = consumer(topic, groupId, async (e) => void handled.push(e.streamVersion), { commitIntervalMs: 600_000 });
  await c.start();
  try {
    // Each event published once the one before was handled: twelve fetched batches of one.
    for (let i = 1; i <= 12; i++) {
      await next();
      await waitFor(`event ${i} handled`, () => handled.length === i);
    }
    expect(await metricValue('onestop_consumer_offset_commits_total', { group: groupId, outcome: 'success' })).toBeUndefined();
    expect((await committedOffsets(kafka, groupId, topic)).get(0)).toBe('-1');
  } finally {
    await c.stop();
    await close();
  }
  expect(handled).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  // The stop committed everything handled, in one request.
  expect((await committedOffsets(kafka, groupId, topic)).get(0)).toBe('12');
  expect(await metricValue('onestop_consumer_offset_commits_total', { group: groupId, outcome: 'success' })).toBe(1);
});

it('commits what it handled within its interval while no new message comes', async () => {
  const { topic, next, close } = await topicFor(3);
  const groupId = uniqueName('group');
  let handled = 0;
  const c = consumer(topic, groupId, async () => void (handled += 1), { commitIntervalMs: 200 });
  await c.start();
  try {
    for (let i = 1; i <= 3; i++) await next();
    await waitFor('three handled', () => handled === 3);
    await waitFor('the third committed with the consumer idle', async () => (await committedOffsets(kafka, groupId, topic)).get(0) === '3');
  } finally {
    await c.stop();
    await close();
  }
});
