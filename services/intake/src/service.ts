// Composition of intake: builds the desk and its adapters and starts them. main.ts calls
// startIntake with the configuration; the integration tests build the same desk on their own
// store and clock with buildDesk, instead of wiring it a second time.
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Commit, EventStore } from '@onestop/eventstore';
import { eventStoreSchemaName } from '@onestop/config';
import { createRpc, startGrpcServer, TokenVerifier } from '@onestop/grpc-kit';
import type { Logger } from '@onestop/logging';
import { EventConsumer, TOPICS } from '@onestop/messaging';
import { startEventSourcedRuntime } from '@onestop/runtime';
import { Desk } from './application/desk';
import type { ReferenceData } from './application/ports';
import { intakeRegistration } from './adapters/grpc/intake-handlers';
import { onlineQueueBatchHandler, onlineQueueHandler } from './adapters/kafka/online-queue-projector';
import { processingFactsHandler } from './adapters/kafka/processing-facts';
import { dossierCommands, EventStoreDossierStreams } from './adapters/store/dossier-streams';
import { OnlineQueueStore } from './adapters/store/online-queue';
import type { IntakeConfig } from './config';

export const EVENT_SOURCE = 'onestop.intake';

export interface DeskParts {
  db: Db;
  store: EventStore;
  reference: ReferenceData;
  clock: () => Date;
  /** Called after every append with its commit (the outbox relay's nudge for that stream). */
  onAppended?: (commit: Commit) => void;
  newId?: () => string;
}

/** The desk and the stores it needs on one database (indexes ensured). */
export async function buildDesk(p: DeskParts) {
  const queue = new OnlineQueueStore(p.db);
  await queue.ensureIndexes();
  /** A desk on another store (tests put a barrier in front of the store). */
  const deskOn = (store: EventStore) =>
    new Desk({
      streams: new EventStoreDossierStreams(store),
      commands: dossierCommands(store, p.onAppended),
      reference: p.reference,
      queue,
      clock: p.clock,
      newId: p.newId ?? randomUUID,
    });
  return { queue, streams: new EventStoreDossierStreams(p.store), desk: deskOn(p.store), deskOn };
}

export interface IntakeStartOptions {
  logger: Logger;
  reference: ReferenceData;
  /** "now" (default the system clock; a simulation's shared clock in a demo). */
  clock?: () => Date;
  /** Marks every event recorded on a simulated clock. */
  simulatedClock?: boolean;
}

export interface RunningIntake {
  grpcPort: number;
  stop(): Promise<void>;
}

export async function startIntake(config: IntakeConfig, o: IntakeStartOptions): Promise<RunningIntake> {
  const { logger } = o;
  const runtime = await startEventSourcedRuntime({
    clientId: 'intake',
    source: EVENT_SOURCE,
    topic: TOPICS.intake,
    consumes: [TOPICS.processing],
    mongoUrl: config.MONGO_URL,
    mongoDb: config.MONGO_DB,
    pgUrl: config.PG_URL,
    pgSchema: eventStoreSchemaName(config),
    brokers: config.KAFKA_BROKERS,
    logger,
    clock: o.clock,
    simulatedClock: o.simulatedClock,
  });
  const { queue, desk } = await buildDesk({
    db: runtime.db,
    store: runtime.store,
    reference: o.reference,
    clock: o.clock ?? (() => new Date()),
    onAppended: (commit) => runtime.relay.nudge(commit.streamId),
  });
  const consumers = [
    new EventConsumer(runtime.kafka, {
      groupId: 'intake.online-queue',
      topics: [TOPICS.intake],
      handler: onlineQueueHandler(queue),
      batchHandler: onlineQueueBatchHandler(queue),
      logger,
    }),
    new EventConsumer(runtime.kafka, {
      groupId: 'intake.processing-facts',
      topics: [TOPICS.processing],
      handler: processingFactsHandler(desk),
      logger,
    }),
  ];
  for (const c of consumers) await c.start();

  const rpc = createRpc({
    verifier: new TokenVerifier(config.AUTH_JWT_SECRET, { maxTtlSeconds: config.AUTH_TOKEN_MAX_TTL_SECONDS }),
    logger,
  });
  const server = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: [intakeRegistration(desk, rpc)],
    logger,
  });

  return {
    grpcPort: server.port,
    async stop() {
      await server.stop();
      for (const c of consumers) await c.stop();
      await runtime.stop();
    },
  };
}
