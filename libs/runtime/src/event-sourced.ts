// The parts every event-sourced service starts the same way: its event store on PostgreSQL (own
// schema, where processing also keeps its deadline timers), its MongoDB database for the rest
// (work items, queues, views), the topics it uses, the Kafka publisher of its topic and the
// outbox relay that feeds it.
import { type Db, MongoClient } from 'mongodb';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { type EventPublisher, OutboxRelay, PostgresEventStore, validSchemaName } from '@onestop/eventstore';
import { outboxMetrics } from '@onestop/observability';
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
  /** PostgreSQL server of the event store (PG_URL). */
  pgUrl: string;
  /** The service's schema in it (PG_SCHEMA). */
  pgSchema: string;
  /** Connections of the event store's pool (default 10). */
  pgPoolSize?: number;
  brokers: string[];
  logger: Logger;
  clock?: () => Date;
  /** The clock is simulated: every event this service records is marked (metadata.simulatedClock). */
  simulatedClock?: boolean;
}

export interface EventSourcedRuntime {
  mongo: MongoClient;
  db: Db;
  pg: Pool;
  store: PostgresEventStore;
  kafka: KafkaClient;
  publisher: KafkaEventPublisher;
  relay: OutboxRelay;
  /** Stops the relay, then the publisher, then the database connections. */
  stop(): Promise<void>;
}

export async function startEventSourcedRuntime(o: EventSourcedRuntimeOptions): Promise<EventSourcedRuntime> {
  const schema = validSchemaName(o.pgSchema, 'PG_SCHEMA');
  const pg = new Pool({ connectionString: o.pgUrl, max: o.pgPoolSize ?? 10, application_name: o.clientId });
  // An idle client's error (e.g. the server restarted) must not crash the process; the pool replaces it.
  pg.on('error', (err) => o.logger.warn({ err }, 'idle PostgreSQL connection failed'));
  const store = new PostgresEventStore(pg, { schema, source: o.source, clock: o.clock });
  if (o.simulatedClock) {
    const append = store.append.bind(store);
    store.append = (streamId, events, options) =>
      append(streamId, events, { ...options, metadata: { ...options.metadata, simulatedClock: true } });
  }
  try {
    await store.ensureSchema();
  } catch (err) {
    await pg.end().catch(() => undefined);
    throw new Error(`event store: cannot prepare schema ${schema} at PG_URL (${redacted(o.pgUrl)}): ${(err as Error).message}`, {
      cause: err,
    });
  }
  const mongo = await new MongoClient(o.mongoUrl).connect();
  const db = mongo.db(o.mongoDb);

  const kafka = createKafka({ brokers: o.brokers, clientId: o.clientId, logger: o.logger });
  await ensureTopics(kafka, [...new Set([o.topic, ...o.consumes, o.deadLetterTopic ?? TOPICS.deadLetter])]);
  const publisher = new KafkaEventPublisher(kafka, o.topic, { logger: o.logger, source: o.source });
  await publisher.connect();
  const relay = new OutboxRelay(store.outbox, measured(publisher, o.topic), { logger: o.logger, clock: o.clock });
  // The backlog gauge counts what waits for the broker, parked commits included (read at scrape time).
  outboxMetrics.registerBacklog(async () => {
    const r = await pg.query<{ n: string }>(
      `SELECT coalesce(sum(last_version - first_version + 1), 0) AS n FROM ${schema}.commits WHERE published_at IS NULL`,
    );
    return Number(r.rows[0]?.n ?? 0);
  });
  // This instance's commits wake its relay for their streams; another instance's relay publishes
  // that instance's commits (claiming them here too would only contend for the same locks).
  // Polling covers a lost connection and an instance that died before publishing.
  const listening = await store.listen(
    (streamId, origin) => {
      if (origin === 'here') relay.nudge(streamId);
      else if (origin === 'any') relay.nudge();
    },
    (err) => o.logger.warn({ err }, 'event store LISTEN connection failed; reconnecting (the relay keeps polling)'),
  );
  relay.start();
  o.logger.info({ schema, pg: redacted(o.pgUrl) }, 'event store ready');

  return {
    mongo,
    db,
    pg,
    store,
    kafka,
    publisher,
    relay,
    async stop() {
      await listening.close();
      await relay.stop();
      await publisher.disconnect();
      await pg.end();
      await mongo.close();
    },
  };
}

/** The publisher, observed: publish lag and count per topic once the broker acknowledged. */
function measured(publisher: EventPublisher, topic: string): EventPublisher {
  return {
    async publish(events) {
      await publisher.publish(events);
      outboxMetrics.published(
        topic,
        events.map((e) => e.recordedAt),
      );
    },
  };
}

/** The URL without its password, for logs and errors. */
function redacted(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
