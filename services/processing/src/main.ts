// processing — the agencies' handling of dossiers. Wiring only: config, adapters, start, stop on
// signal.
import { DEFAULT_CALENDAR_PATH, loadCalendarRegistry } from '@onestop/calendar';
import { loadConfigOrExit, eventStoreSchemaName } from '@onestop/config';
import { createRpc, startGrpcServer, TokenVerifier } from '@onestop/grpc-kit';
import { createLogger } from '@onestop/logging';
import { EventConsumer, TOPICS } from '@onestop/messaging';
import { clockConfigSchema, runService, startClock, startEventSourcedRuntime } from '@onestop/runtime';
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

runService('processing', async () => {
  const config = loadConfigOrExit(processingConfigSchema);
  const logger = createLogger('processing', config.LOG_LEVEL);
  const offset = config.CLOCK_OFFSET_MS;
  // "now": the system clock (shifted by CLOCK_OFFSET_MS), or the simulation's shared clock.
  const shared = await startClock(loadConfigOrExit(clockConfigSchema), 'processing', { offsetMs: offset });
  const clock = shared.now;
  if (shared.simulated) logger.warn({ now: clock().toISOString() }, 'SIMULATED CLOCK: every event is marked simulatedClock');
  const workflows = loadWorkflowCatalogue(config.WORKFLOWS_FILE);
  const calendarRegistry = loadCalendarRegistry(config.CALENDAR_FILES ?? [DEFAULT_CALENDAR_PATH]);
  logger.info({ workflows: workflows.version, calendars: calendarRegistry.versions(), clockOffsetMs: offset || undefined }, 'reference data loaded');

  const runtime = await startEventSourcedRuntime({
    clientId: 'processing',
    source: 'onestop.processing',
    topic: TOPICS.processing,
    consumes: [TOPICS.intake],
    mongoUrl: config.MONGO_URL,
    mongoDb: config.MONGO_DB,
    pgUrl: config.PG_URL,
    pgSchema: eventStoreSchemaName(config),
    brokers: config.KAFKA_BROKERS,
    logger,
    clock,
    simulatedClock: shared.simulated,
  });
  const { db, kafka, relay } = runtime;
  const items = new MongoWorkItemStore(db);
  await items.ensureIndexes();
  const timerStore = new MongoTimerStore(db, clock);
  await timerStore.ensureIndexes();

  const streams = new MongoCaseStreams(runtime.store, () => relay.nudge());
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

  return {
    logger,
    running: {
      async stop() {
        await server.stop();
        await timers.stop();
        for (const c of consumers) await c.stop();
        await runtime.stop();
        shared.stop();
      },
    },
  };
});
