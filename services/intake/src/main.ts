// intake — the one-stop desk. Wiring only: config, adapters, start, stop on signal.
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { loadConfigOrExit } from '@onestop/config';
import { MongoEventStore, OutboxRelay } from '@onestop/eventstore';
import { createRpc, startGrpcServer, TokenVerifier } from '@onestop/grpc-kit';
import { createLogger } from '@onestop/logging';
import { createKafka, ensureTopics, EventConsumer, KafkaEventPublisher, TOPICS } from '@onestop/messaging';
import { Desk } from './application/desk';
import { intakeRegistration } from './adapters/grpc/intake-handlers';
import { onlineQueueHandler } from './adapters/kafka/online-queue-projector';
import { processingFactsHandler } from './adapters/kafka/processing-facts';
import { loadReferenceData } from './adapters/reference-files';
import { EventStoreDossierStreams } from './adapters/store/dossier-streams';
import { OnlineQueueStore } from './adapters/store/online-queue';
import { intakeConfigSchema } from './config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(intakeConfigSchema);
  const logger = createLogger('intake', config.LOG_LEVEL);
  const reference = loadReferenceData({ catalogue: config.CATALOGUE_FILE, units: config.UNITS_FILE, calendar: config.CALENDAR_FILE });
  logger.info({ catalogue: reference.catalogue.version, units: reference.units.version, calendar: reference.calendar.version }, 'reference data loaded');

  const mongo = await new MongoClient(config.MONGO_URL).connect();
  const db = mongo.db(config.MONGO_DB);
  const store = new MongoEventStore(db, { source: 'onestop.intake' });
  await store.ensureIndexes();
  const queue = new OnlineQueueStore(db);
  await queue.ensureIndexes();

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'intake', logger });
  await ensureTopics(kafka, [TOPICS.intake, TOPICS.processing, TOPICS.deadLetter]);
  const publisher = new KafkaEventPublisher(kafka, TOPICS.intake, { logger });
  await publisher.connect();
  const relay = new OutboxRelay(store, publisher, { logger });
  relay.start();

  const desk = new Desk({ streams: new EventStoreDossierStreams(store, () => relay.nudge()), reference, queue, clock: () => new Date(), newId: randomUUID });
  const consumers = [
    new EventConsumer(kafka, { groupId: 'intake.online-queue', topics: [TOPICS.intake], handler: onlineQueueHandler(queue), logger }),
    new EventConsumer(kafka, { groupId: 'intake.processing-facts', topics: [TOPICS.processing], handler: processingFactsHandler(desk), logger }),
  ];
  for (const c of consumers) await c.start();

  const rpc = createRpc({ verifier: new TokenVerifier(config.AUTH_JWT_SECRET), logger });
  const server = await startGrpcServer({ host: config.GRPC_HOST, port: config.GRPC_PORT, services: [intakeRegistration(desk, rpc)], logger });
  logger.info({ grpc: `${config.GRPC_HOST}:${server.port}` }, 'intake listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'intake stopping');
    await server.stop();
    for (const c of consumers) await c.stop();
    await relay.stop();
    await publisher.disconnect();
    await mongo.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`intake failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
