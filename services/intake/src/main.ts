// intake — the one-stop desk. Wiring only: config, adapters, start, stop on signal.
import { randomUUID } from 'node:crypto';
import { loadConfigOrExit, eventStoreSchemaName } from '@onestop/config';
import { createRpc, startGrpcServer, TokenVerifier } from '@onestop/grpc-kit';
import { createLogger } from '@onestop/logging';
import { EventConsumer, TOPICS } from '@onestop/messaging';
import { clockConfigSchema, runService, startClock, startEventSourcedRuntime } from '@onestop/runtime';
import { Desk } from './application/desk';
import { intakeRegistration } from './adapters/grpc/intake-handlers';
import { onlineQueueHandler } from './adapters/kafka/online-queue-projector';
import { processingFactsHandler } from './adapters/kafka/processing-facts';
import { loadReferenceData } from './adapters/reference-files';
import { EventStoreDossierStreams } from './adapters/store/dossier-streams';
import { OnlineQueueStore } from './adapters/store/online-queue';
import { intakeConfigSchema } from './config';

runService('intake', async () => {
  const config = loadConfigOrExit(intakeConfigSchema);
  const logger = createLogger('intake', config.LOG_LEVEL);
  const reference = loadReferenceData({ catalogue: config.CATALOGUE_FILE, units: config.UNITS_FILE, calendar: config.CALENDAR_FILE });
  logger.info({ catalogue: reference.catalogue.version, units: reference.units.version, calendar: reference.calendar.version }, 'reference data loaded');
  // "now": the system clock, or the simulation's shared clock (refused unless ONESTOP_SIMULATION=1).
  const clock = await startClock(loadConfigOrExit(clockConfigSchema), 'intake');
  if (clock.simulated) logger.warn({ now: clock.now().toISOString() }, 'SIMULATED CLOCK: every event is marked simulatedClock');

  const runtime = await startEventSourcedRuntime({
    clientId: 'intake',
    source: 'onestop.intake',
    topic: TOPICS.intake,
    consumes: [TOPICS.processing],
    mongoUrl: config.MONGO_URL,
    mongoDb: config.MONGO_DB,
    pgUrl: config.PG_URL,
    pgSchema: eventStoreSchemaName(config),
    brokers: config.KAFKA_BROKERS,
    logger,
    clock: clock.now,
    simulatedClock: clock.simulated,
  });
  const queue = new OnlineQueueStore(runtime.db);
  await queue.ensureIndexes();

  const streams = new EventStoreDossierStreams(runtime.store, () => runtime.relay.nudge());
  const desk = new Desk({ streams, reference, queue, clock: clock.now, newId: randomUUID });
  const consumers = [
    new EventConsumer(runtime.kafka, { groupId: 'intake.online-queue', topics: [TOPICS.intake], handler: onlineQueueHandler(queue), logger }),
    new EventConsumer(runtime.kafka, { groupId: 'intake.processing-facts', topics: [TOPICS.processing], handler: processingFactsHandler(desk), logger }),
  ];
  for (const c of consumers) await c.start();

  const rpc = createRpc({ verifier: new TokenVerifier(config.AUTH_JWT_SECRET), logger });
  const server = await startGrpcServer({ host: config.GRPC_HOST, port: config.GRPC_PORT, services: [intakeRegistration(desk, rpc)], logger });
  logger.info({ grpc: `${config.GRPC_HOST}:${server.port}` }, 'intake listening');

  return {
    logger,
    running: {
      async stop() {
        await server.stop();
        for (const c of consumers) await c.stop();
        await runtime.stop();
        clock.stop();
      },
    },
  };
});
