// Composition of processing: builds the use cases and their adapters and starts them. main.ts
// calls startProcessing with the configuration; the integration tests build the same use cases on
// their own store and clock with buildProcessing, instead of wiring them a second time.
import type { CalendarRegistry } from '@onestop/calendar';
import type { Commit, EventStore } from '@onestop/eventstore';
import { eventStoreSchemaName } from '@onestop/config';
import { createRpc, startGrpcServer, TokenVerifier } from '@onestop/grpc-kit';
import type { Logger } from '@onestop/logging';
import { EventConsumer, TOPICS } from '@onestop/messaging';
import { startEventSourcedRuntime } from '@onestop/runtime';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import { CaseCommands } from './application/case-commands';
import { CaseProjection } from './application/case-projection';
import { CaseQueries } from './application/case-queries';
import { DeadlineTimers } from './application/deadline-timers';
import { IntakeFacts } from './application/intake-facts';
import { RegistryCalendars } from './adapters/calendar/calendars';
import { processingRegistration } from './adapters/grpc/processing-handlers';
import { intakeFactsHandler } from './adapters/kafka/intake-facts-consumer';
import { projectionHandler } from './adapters/kafka/projection-consumer';
import { EventStoreCaseStreams } from './adapters/store/case-streams';
import { moveTimersFromDocumentStore, PgTimerStore } from './adapters/store/timer-store';
import { MongoWorkItemStore } from './adapters/store/work-item-store';
import type { ProcessingConfig } from './config';
import type { WorkflowCatalogue } from './domain/workflow';
import type { AgencyCarriesOn } from './application/case-commands';
import type { AgencyCarriedScope } from './application/case-queries';

export const EVENT_SOURCE = 'onestop.processing';

export interface ProcessingParts {
  db: Db;
  store: EventStore;
  /** The event store's pool and schema: the deadline timers are kept there too. */
  pg: Pool;
  pgSchema: string;
  workflows: WorkflowCatalogue;
  calendarRegistry: CalendarRegistry;
  clock: () => Date;
  /** Working hours before a due time that a case is due soon. */
  leadWorkingHours: number;
  logger: Logger;
  /** Called after every append (the outbox relay's nudge). */
  onAppended?: (commit: Commit) => void;
  /** Whether an officer's agency carries a case's agency on (the administrative map); none: only the case's own. */
  agencyCarriesOn?: AgencyCarriesOn;
  /** The cases an agency carries on besides its own (the same rule, as a set): what its queues also list. */
  agencyCarriedScope?: AgencyCarriedScope;
}

/** The use cases and the stores they need on one database (indexes ensured); the deadline timers are made, not started. */
export async function buildProcessing(p: ProcessingParts) {
  const { clock, logger, workflows, leadWorkingHours } = p;
  const items = new MongoWorkItemStore(p.db);
  await items.ensureIndexes();
  const timerStore = new PgTimerStore(p.pg, p.pgSchema, clock);
  await timerStore.ensureSchema();
  const moved = await moveTimersFromDocumentStore(p.db, timerStore);
  if (moved > 0) logger.info({ timers: moved }, 'deadline timers moved from the document store to PostgreSQL');
  const streams = new EventStoreCaseStreams(p.store, p.onAppended);
  const calendars = new RegistryCalendars(p.calendarRegistry, logger);
  const projection = new CaseProjection({ streams, items, timers: timerStore, calendars, leadWorkingHours, logger });
  const observe = projection.observe;
  return {
    streams,
    items,
    timerStore,
    projection,
    commands: new CaseCommands({ streams, calendars, clock, observe, agencyCarriesOn: p.agencyCarriesOn }),
    queries: new CaseQueries({
      streams,
      items,
      workflows,
      clock,
      agencyCarriesOn: p.agencyCarriesOn,
      agencyCarriedScope: p.agencyCarriedScope,
    }),
    facts: new IntakeFacts({ streams, calendars, workflows, clock, observe, logger }),
    newTimers: (pollIntervalMs?: number) =>
      new DeadlineTimers({ timers: timerStore, streams, calendars, clock, leadWorkingHours, observe, logger, pollIntervalMs }),
  };
}

export interface ProcessingStartOptions {
  logger: Logger;
  workflows: WorkflowCatalogue;
  calendarRegistry: CalendarRegistry;
  clock: () => Date;
  /** Marks every event recorded on a simulated clock. */
  simulatedClock?: boolean;
  agencyCarriesOn?: AgencyCarriesOn;
  agencyCarriedScope?: AgencyCarriedScope;
}

export interface RunningProcessing {
  grpcPort: number;
  stop(): Promise<void>;
}

export async function startProcessing(config: ProcessingConfig, o: ProcessingStartOptions): Promise<RunningProcessing> {
  const { logger, clock } = o;
  const runtime = await startEventSourcedRuntime({
    clientId: 'processing',
    source: EVENT_SOURCE,
    topic: TOPICS.processing,
    consumes: [TOPICS.intake],
    mongoUrl: config.MONGO_URL,
    mongoDb: config.MONGO_DB,
    pgUrl: config.PG_URL,
    pgSchema: eventStoreSchemaName(config),
    brokers: config.KAFKA_BROKERS,
    logger,
    clock,
    simulatedClock: o.simulatedClock,
  });
  const { db, kafka, relay } = runtime;
  const built = await buildProcessing({
    db,
    store: runtime.store,
    pg: runtime.pg,
    pgSchema: eventStoreSchemaName(config),
    workflows: o.workflows,
    calendarRegistry: o.calendarRegistry,
    clock,
    leadWorkingHours: config.DUE_SOON_LEAD_WORKING_HOURS,
    logger,
    onAppended: (commit) => relay.nudge(commit.streamId),
    agencyCarriesOn: o.agencyCarriesOn,
    agencyCarriedScope: o.agencyCarriedScope,
  });
  const timers = built.newTimers(config.TIMER_POLL_INTERVAL_MS);
  // Rows from before work items carried their dossier's unit: filled in the background (idempotent).
  built.projection
    .backfillUnits()
    .then((n) => {
      if (n) logger.info({ workItems: n }, "work items given their dossier's unit");
    })
    .catch((err: unknown) => logger.warn({ err }, "work items not yet given their dossier's unit; the next start retries"));

  const consumers = [
    new EventConsumer(kafka, {
      groupId: 'processing.intake-facts',
      topics: [TOPICS.intake],
      handler: intakeFactsHandler(built.facts, logger),
      logger,
    }),
    new EventConsumer(kafka, {
      groupId: 'processing.projection',
      topics: [TOPICS.processing],
      handler: projectionHandler(built.projection),
      logger,
    }),
  ];
  for (const c of consumers) await c.start();
  timers.start();

  const rpc = createRpc({
    verifier: new TokenVerifier(config.AUTH_JWT_SECRET, { maxTtlSeconds: config.AUTH_TOKEN_MAX_TTL_SECONDS }),
    logger,
  });
  const server = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: [processingRegistration(built.commands, built.queries, rpc, { calendarCoverage: o.calendarRegistry.current.coverage })],
    logger,
  });

  return {
    grpcPort: server.port,
    async stop() {
      await server.stop();
      await timers.stop();
      for (const c of consumers) await c.stop();
      await runtime.stop();
    },
  };
}
