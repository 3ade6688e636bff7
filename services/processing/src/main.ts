// processing — the agencies' handling of dossiers. Wiring only: config, adapters, start, stop on
// signal.
import { MongoClient } from 'mongodb';
import { DEFAULT_CALENDAR_PATH, loadCalendarRegistry } from '@onestop/calendar';
import { loadConfigOrExit } from '@onestop/config';
import { MongoEventStore, OutboxRelay } from '@onestop/eventstore';
import { createRpc, startGrpcServer, TokenVerifier } from '@onestop/grpc-kit';
import { createLogger } from '@onestop/logging';
import { createKafka, ensureTopics, EventConsumer, KafkaEventPublisher, TOPICS } from '@onestop/messaging';
import { CaseCommands } from './application/case-commands';
import { CaseProjection } from './application/case-projection';
import { CaseQueries } from './application/case-queries';
import { DeadlineTimers } from './application/deadline-timers';
import { IntakeFacts } from './application/intake-facts';
import { RegistryCalendars } from './adapters/calendar/calendars';
import { loadWorkflowCatalogue } from './adapters/files/workflow-file';
import { processingRegistration } from './adapters/grpc/processing-handlers';
import { intakeFactsHandler } from './adapters/kafka/intake-facts-consumer';
import { projectionHandler } from './adapters/kafka/projection-consumer';
import { MongoCaseStreams } from './adapters/store/case-streams';
import { MongoTimerStore } from './adapters/store/timer-store';
import { MongoWorkItemStore } from './adapters/store/work-item-store';
import { processingConfigSchema } from './config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(processingConfigSchema);
  const logger = createLogger('processing', config.LOG_LEVEL);
  const offset = config.CLOCK_OFFSET_MS;
  const clock = () => new Date(Date.now() + offset);
  const workflows = loadWorkflowCatalogue(config.WORKFLOWS_FILE);
  const calendarRegistry = loadCalendarRegistry(config.CALENDAR_FILES ?? [DEFAULT_CALENDAR_PATH]);
  logger.info({ workflows: workflows.version, calendars: calendarRegistry.versions(), clockOffsetMs: offset || undefined }, 'reference data loaded');

  const mongo = await new MongoClient(config.MONGO_URL).connect();
  const db = mongo.db(config.MONGO_DB);
  const store = new MongoEventStore(db, { source: 'onestop.processing', clock });
  await store.ensureIndexes();
  const items = new MongoWorkItemStore(db);
  await items.ensureIndexes();
  const timerStore = new MongoTimerStore(db, clock);
  await timerStore.ensureIndexes();

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'processing', logger });
  await ensureTopics(kafka, [TOPICS.intake, TOPICS.processing, TOPICS.deadLetter]);
  const publisher = new KafkaEventPublisher(kafka, TOPICS.processing, { logger });
  await publisher.connect();
  const relay = new OutboxRelay(store, publisher, { logger, clock });
  relay.start();

  const streams = new MongoCaseStreams(store, () => relay.nudge());
  const calendars = new RegistryCalendars(calendarRegistry, logger);
  const lead = config.DUE_SOON_LEAD_WORKING_HOURS;
  const projection = new CaseProjection({ streams, items, timers: timerStore, calendars, leadWorkingHours: lead, logger });
  const observe = projection.observe;
  const commands = new CaseCommands({ streams, calendars, clock, observe });
  const queries = new CaseQueries({ streams, items, workflows, clock });
  const facts = new IntakeFacts({ streams, calendars, workflows, clock, observe, logger });
  const timers = new DeadlineTimers({ timers: timerStore, streams, calendars, clock, leadWorkingHours: lead, observe, logger, pollIntervalMs: config.TIMER_POLL_INTERVAL_MS });

  const consumers = [
    new EventConsumer(kafka, { groupId: 'processing.intake-facts', topics: [TOPICS.intake], handler: intakeFactsHandler(facts, logger), logger }),
    new EventConsumer(kafka, { groupId: 'processing.projection', topics: [TOPICS.processing], handler: projectionHandler(projection), logger }),
  ];
  for (const c of consumers) await c.start();
  timers.start();

  const rpc = createRpc({ verifier: new TokenVerifier(config.AUTH_JWT_SECRET), logger });
  const server = await startGrpcServer({ host: config.GRPC_HOST, port: config.GRPC_PORT, services: [processingRegistration(commands, queries, rpc)], logger });
  logger.info({ grpc: `${config.GRPC_HOST}:${server.port}` }, 'processing listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'processing stopping');
    await server.stop();
    await timers.stop();
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
  process.stderr.write(`processing failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
