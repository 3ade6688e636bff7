// Sets where an idle consumer group starts, for several topics at once: one short-lived member
// joins the group, commits the offsets and leaves. kafkajs' admin.setOffsets does one topic per
// call, each call joining the group and then waiting for a first fetch of a paused topic (up to
// maxWaitTime, 5 s by default): about 15 s for the three history topics of a rebuild, measured as
// the largest fixed cost of `ops replay`.
import type { KafkaClient } from './kafka-client';

/** Per topic, per partition: the offset the group reads next. */
export type GroupOffsets = ReadonlyMap<string, ReadonlyMap<number, bigint>>;

/** Group states in which nobody consumes (kafkajs names them as the broker does). */
const IDLE_STATES = new Set(['Empty', 'Dead']);

/**
 * Commits `offsets` for `groupId`, which must have no running member (as for
 * admin.setOffsets); partitions not named keep what the group had. Resolves once committed.
 */
export async function commitGroupOffsets(kafka: KafkaClient, groupId: string, offsets: GroupOffsets): Promise<void> {
  const entries = [...offsets].flatMap(([topic, partitions]) =>
    [...partitions].map(([partition, offset]) => ({ topic, partition, offset: offset.toString() })),
  );
  if (entries.length === 0) return;
  const topics = [...new Set(entries.map((e) => e.topic))];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 30_000, rebalanceTimeout: 60_000 });
  await consumer.connect();
  try {
    const { state } = await consumer.describeGroup();
    if (!IDLE_STATES.has(state)) {
      throw new Error(`commitGroupOffsets: group "${groupId}" has running members (state ${state}); stop them first`);
    }
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
    });
    // Nothing is consumed: the topics are paused at once, and without autoCommit a batch fetched
    // before the pause commits nothing.
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    consumer.pause(topics.map((topic) => ({ topic })));
    await joined;
    await consumer.commitOffsets(entries);
  } finally {
    await consumer.disconnect();
  }
}
