// The parts every event-sourced service starts the same way: its own database and event store,
// the topics it uses, the Kafka publisher of its topic and the outbox relay that feeds it.
import { type Db, MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import { MongoEventStore, OutboxRelay } from '@onestop/eventstore';
import { createKafka, ensureTopics, type KafkaClient, KafkaEventPublisher, TOPICS } from '@onestop/messaging';

export interface EventSourcedRuntimeOptions {
  /** Kafka client id, e.g. 'intake'. */
  clientId: string;
  /** Event source name stored with each event and sent as ce_source, e.g. 'onestop.intake'. */
  source: string;
  /** The topic this service produces. */
  topic: string;
  /** Other topics it consumes (created if missing, like its own and the dead-letter topic). */
  consumes: string[];
  /** Default TOPICS.deadLetter. */
  deadLetterTopic?: string;
  mongoUrl: string;
  mongoDb: string;
  brokers: string[];
  logger: Logger;
  clock?: () => Date;
}

export interface EventSourcedRuntime {
  mongo: MongoClient;
  db: Db;
  store: MongoEventStore;
  kafka: KafkaClient;
  publisher: KafkaEventPublisher;
  relay: OutboxRelay;
  /** Stops the relay, then the publisher, then the database connection. */
  stop(): Promise<void>;
}

export async function startEventSourcedRuntime(o: EventSourcedRuntimeOptions): Promise<EventSourcedRuntime> {
  const mongo = await new MongoClient(o.mongoUrl).connect();
  const db = mongo.db(o.mongoDb);
  const store = new MongoEventStore(db, { source: o.source, clock: o.clock });
  await store.ensureIndexes();

  const kafka = createKafka({ brokers: o.brokers, clientId: o.clientId, logger: o.logger });
  await ensureTopics(kafka, [...new Set([o.topic, ...o.consumes, o.deadLetterTopic ?? TOPICS.deadLetter])]);
  const publisher = new KafkaEventPublisher(kafka, o.topic, { logger: o.logger, source: o.source });
  await publisher.connect();
  const relay = new OutboxRelay(store, publisher, { logger: o.logger, clock: o.clock });
  relay.start();

  return {
    mongo,
    db,
    store,
    kafka,
    publisher,
    relay,
    async stop() {
      await relay.stop();
      await publisher.disconnect();
      await mongo.close();
    },
  };
}
