// Consumers in one group share the partitions; together they see every event at least once, and
// when one leaves, the other takes over its partitions. A member kafkajs gives up on joins again.
import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';
import { EventConsumer } from './consumer';
import type { EventEnvelope } from './event-types';
import { deleteTopics, fastGroup, interleavedEvents, metricValue, testKafka, testLogger, uniqueName, waitFor } from './int-helpers.spec';
import { KafkaEventPublisher } from './publisher';
import { ensureTopics, topicPrefix } from './topics';

const kafka = testKafka();
const topic = uniqueName('events');
const deadLetters = uniqueName('dlq');
const groupId = uniqueName('group');

beforeAll(() => ensureTopics(kafka, [topic, deadLetters]));
afterAll(() => deleteTopics(kafka, [topic, deadLetters]));

/** Partitions per member, once the group is stable. */
async function assignments(): Promise<number[][]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    if (group.state !== 'Stable') return [];
    return group.members.map((m) => {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      return decoded?.assignment[topic] ?? [];
    });
  } finally {
    await admin.disconnect();
  }
}

function member(seen: EventEnvelope[], group = groupId): EventConsumer {
  return new EventConsumer(kafka, {
    groupId: group,
    topics: [topic],
    deadLetterTopic: deadLetters,
    handler: async (e) => {
      seen.push(e);
    },
    logger: testLogger,
    ...fastGroup,
  });
}

it('two members share the partitions and together see every event; one leaving hands over', async () => {
  const dossiers = Array.from({ length: 12 }, (_, i) => `HS-R${i}`);
  const publisher = new KafkaEventPublisher(kafka, topic);
  await publisher.connect();
  const seenByA: EventEnvelope[] = [];
  const seenByB: EventEnvelope[] = [];
  const a = member(seenByA);
  const b = member(seenByB);
  try {
    await a.start();
    await b.start();
    let shares: number[][] = [];
    await waitFor('both members assigned partitions', async () => {
      shares = await assignments();
      return shares.length === 2 && shares.every((s) => s.length > 0);
    });
    expect(shares.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);

    const firstWave = interleavedEvents(dossiers, 4);
    await publisher.publish(firstWave);
    const seenIds = () => new Set([...seenByA, ...seenByB].map((e) => e.id));
    await waitFor('first wave seen', () => firstWave.every((e) => seenIds().has(e.id)));
    expect(seenByA.length).toBeGreaterThan(0);
    expect(seenByB.length).toBeGreaterThan(0);
    for (const seen of [seenByA, seenByB]) {
      for (const d of dossiers) {
        const versions = seen.filter((e) => e.streamId === d).map((e) => e.streamVersion);
        expect(versions).toEqual([...versions].sort((x, y) => x - y));
      }
    }

    await b.stop();
    await waitFor('the remaining member owns every partition', async () => {
      const now = await assignments();
      return now.length === 1 && now[0].length === 6;
    });
    const secondWave = dossiers.map((d) => interleavedEvents([d], 5)[4]);
    await publisher.publish(secondWave);
    await waitFor('second wave seen by the remaining member', () => secondWave.every((e) => seenByA.some((s) => s.id === e.id)));
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await publisher.disconnect();
  }
});

it('a member whose join kafkajs gives up on (no restart) joins again by itself and handles what came meanwhile', async () => {
  const group = uniqueName('group');
  // Another client holds the group with an assignment protocol of its own: the broker refuses our
  // member's join (INCONSISTENT_GROUP_PROTOCOL), an error kafkajs does not restart a consumer after.
  const foreignAssigner: PartitionAssigner = () => ({
    name: 'ForeignAssigner',
    version: 1,
    assign: async ({ members, topics }) =>
      members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: { [topics[0]]: [] },
          userData: Buffer.alloc(0),
        }),
      })),
    protocol: ({ topics }) => ({
      name: 'ForeignAssigner',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    }),
  });
  const foreign = kafka.consumer({
    groupId: `${topicPrefix()}${group}`,
    partitionAssigners: [foreignAssigner],
    sessionTimeout: 6_000,
    heartbeatInterval: 300,
  });
  await foreign.connect();
  await foreign.subscribe({ topics: [topic] });
  await foreign.run({ eachMessage: async () => undefined });
  const seen: EventEnvelope[] = [];
  const ours = member(seen, group);
  const publisher = new KafkaEventPublisher(kafka, topic);
  await publisher.connect();
  try {
    await ours.start();
    // Refused, given up by kafkajs, and joining again on its own (again and again while refused).
    await waitFor('our member joining again', async () => ((await metricValue('onestop_consumer_restarts_total', { group })) ?? 0) >= 1);
    const events = interleavedEvents(['HS-RESTART'], 3);
    await publisher.publish(events);
    await foreign.disconnect(); // the group is ours to join now
    await waitFor('the events handled once the foreign member left', () => events.every((e) => seen.some((s) => s.id === e.id)), 60_000);
  } finally {
    await ours.stop();
    await foreign.disconnect();
    await publisher.disconnect();
  }
  expect(await metricValue('onestop_consumer_restarts_total', { group })).toBeGreaterThanOrEqual(1);
});
