// Imported first by an integration test that runs the service on its own topics: TOPICS and the
// consumer groups take KAFKA_TOPIC_PREFIX when @onestop/messaging is loaded, so it is set before.
import { randomUUID } from 'node:crypto';

export const TEST_TOPIC_PREFIX = `t.intake.${randomUUID().slice(0, 8)}.`;
process.env.KAFKA_TOPIC_PREFIX = TEST_TOPIC_PREFIX;
