// Imported first by an integration test that runs on its own topics: TOPICS and consumer groups
// take KAFKA_TOPIC_PREFIX when @onestop/messaging is loaded, so the prefix is set before that.
import { randomUUID } from 'node:crypto';

export const TEST_TOPIC_PREFIX = `t.rep.${randomUUID().slice(0, 8)}.`;
process.env.KAFKA_TOPIC_PREFIX = TEST_TOPIC_PREFIX;
