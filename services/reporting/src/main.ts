// reporting — read models, the official report, audit. Wiring only: config, adapters, start,
// stop on signal.
import { loadAdminMap, rollUp } from '@onestop/admin-map';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { loadCalendar } from '@onestop/calendar';
import { loadConfigOrExit } from '@onestop/config';
import { createRpc, startGrpcServer, TokenVerifier } from '@onestop/grpc-kit';
import { createLogger } from '@onestop/logging';
import { clockConfigSchema, runService, startClock } from '@onestop/runtime';
import { createKafka, ensureTopics, TOPICS } from '@onestop/messaging';
import { LiveProjection } from './application/live-projection';
import { ReportingQueries } from './application/reporting-queries';
import { workingHoursOn } from './application/working-hours';
import { reportingRegistration } from './adapters/grpc/reporting-handlers';
import { successionOn } from './adapters/grpc/succession';
import { HISTORY_TOPICS, KafkaEventSource } from './adapters/kafka/kafka-event-source';
import { MongoProjectionCatalog } from './adapters/store/mongo-projection-catalog';
import { reportingConfigSchema } from './config';

runService('reporting', async () => {
  const config = loadConfigOrExit(reportingConfigSchema);
  const logger = createLogger('reporting', config.LOG_LEVEL);
  const calendar = config.CALENDAR_FILE ? loadCalendar(config.CALENDAR_FILE) : loadCalendar();

  const mongo = await new MongoClient(config.MONGO_URL).connect();
  const catalog = new MongoProjectionCatalog(mongo.db(config.MONGO_DB));
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'reporting', logger });
  await ensureTopics(kafka, [...HISTORY_TOPICS, TOPICS.deadLetter]);
  const source = new KafkaEventSource(kafka, { maxAttempts: config.PROJECTION_MAX_ATTEMPTS, logger });

  const projection = new LiveProjection({ catalog, source, logger, instanceId: `reporting-${randomUUID()}` });
  await projection.start();
  // "now" (as-of, due-soon and overdue judged at): the system clock or the simulation's shared clock.
  const shared = await startClock(loadConfigOrExit(clockConfigSchema), 'reporting');
  const clock = shared.now;
  const map = loadAdminMap(config.UNITS_FILE);
  // who carries which units and dissolved agencies' cases on, on the map as of the clock
  const succession = successionOn(map, clock);
  const queries = new ReportingQueries({
    store: () => projection.store(),
    workingHours: workingHoursOn(calendar),
    clock,
    rollUp: (unitCode, day) => rollUp(map, unitCode, day),
  });

  const rpc = createRpc({
    verifier: new TokenVerifier(config.AUTH_JWT_SECRET, { maxTtlSeconds: config.AUTH_TOKEN_MAX_TTL_SECONDS }),
    logger,
  });
  const registration = reportingRegistration(
    {
      queries,
      clock,
      reportingBody: config.REPORTING_BODY,
      districtUnitCode: config.DISTRICT_UNIT_CODE,
      carriesOn: succession.carriesOn,
      succession,
      lookupLimits: {
        perClient: { limit: config.LOOKUP_MAX_PER_MINUTE, windowMs: 60_000 },
        failuresPerCode: { limit: config.LOOKUP_MAX_FAILURES_PER_CODE, windowMs: config.LOOKUP_FAILURE_WINDOW_SECONDS * 1000 },
      },
      projectionStatus: async () => {
        const pointer = await catalog.pointer();
        return { pointer, progress: await source.progress(pointer.liveGroup) };
      },
    },
    rpc,
  );
  const server = await startGrpcServer({ host: config.GRPC_HOST, port: config.GRPC_PORT, services: [registration], logger });
  logger.info({ grpc: `${config.GRPC_HOST}:${server.port}`, projectionVersion: projection.liveVersion }, 'reporting listening');

  return {
    logger,
    running: {
      async stop() {
        await server.stop();
        await projection.stop();
        await mongo.close();
        shared.stop();
      },
    },
  };
});
