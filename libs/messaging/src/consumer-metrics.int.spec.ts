// The consumer's metrics on a real broker: lag per partition reaches zero once everything is
// handled, every handler attempt is timed, a retry and a dead letter are counted.
import { EventConsumer } from './consumer';
import {
  deleteTopics,
  fastGroup,
  interleavedEvents,
  metricValue as value,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from './int-helpers.spec';
import { KafkaEventPublisher } from './publisher';
import { ensureTopics } from './topics';

const kafka = testKafka();
const topic = uniqueName('metrics');
const deadLetters = uniqueName('metrics-dlq');
const groupId = uniqueName('metrics-group');

beforeAll(() => ensureTopics(kafka, [topic, deadLetters], { partitions: 2 }));
afterAll(() => deleteTopics(kafka, [topic, deadLetters]));

it('records lag, handler latency, retries and dead letters by group and topic', async () => {
  const events = interleavedEvents(['HS-1', 'HS-2', 'HS-3'], 2);
  const poison = events[0];
  const publisher = new KafkaEventPublisher(kafka, topic);
  await publisher.connect();
  await publisher.publish(events);
  await publisher.disconnect();

  let handled = 0;
  const consumer = new EventConsumer(kafka, {
    groupId,
    topics: [topic],
    deadLetterTopic: deadLetters,
    maxAttempts: 2,
    retryBackoffMs: 10,
    handler: async (e) => {
      if (e.id === poison.id) throw new Error('poison');
      handled += 1;
    },
    logger: testLogger,
    ...fastGroup,
  });
  await consumer.start();
  try {
    await waitFor('every other event handled', () => handled === events.length - 1);
    const g = { group: groupId, topic };
    await waitFor(
      'lag zero on both partitions',
      async () =>
        (await value('onestop_consumer_lag_messages', { ...g, partition: '0' })) === 0 &&
        (await value('onestop_consumer_lag_messages', { ...g, partition: '1' })) === 0,
    );
    expect(await value('onestop_consumer_handler_duration_seconds_count', { ...g, outcome: 'success' })).toBe(events.length - 1);
    expect(await value('onestop_consumer_handler_duration_seconds_count', { ...g, outcome: 'error' })).toBe(2);
    expect(await value('onestop_consumer_retries_total', g)).toBe(1);
    expect(await value('onestop_consumer_dead_letters_total', { ...g, reason: 'handler_failed' })).toBe(1);
  } finally {
    await consumer.stop();
  }
});
