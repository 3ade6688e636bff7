// Composition of postal-delivery: builds the adapters and use cases from the configuration and
// starts them; main.ts calls it, and so do the integration tests (with their own topics).
import { createRpc, startGrpcServer, TokenIssuer, TokenVerifier } from '@onestop/grpc-kit';
import type { Logger } from '@onestop/logging';
import { providerMetrics } from '@onestop/observability';
import { EventConsumer, TOPICS, type EventHandler } from '@onestop/messaging';
import { eventStoreSchemaName, loadConfig } from '@onestop/config';
import { clockConfigSchema, startClock, startEventSourcedRuntime } from '@onestop/runtime';
import { ProviderUnavailableError } from './application/errors';
import { Pickups } from './application/pickups';
import { StatusPoller } from './application/poller';
import type { PostalProvider } from './application/ports';
import { ShipmentProjection } from './application/projection';
import { ProviderStatusIngest } from './application/provider-status';
import { ShipmentQueries } from './application/queries';
import { realSleep } from './application/resilience/backoff';
import { CircuitBreaker } from './application/resilience/circuit-breaker';
import { ResultLeg } from './application/results';
import { createJobs } from './application/work/jobs';
import { Reactions } from './application/work/reactions';
import { WorkRunner } from './application/work/runner';
import { postalRegistration } from './adapters/grpc/postal-handlers';
import { startWebhookServer } from './adapters/http/webhook-server';
import { GrpcDeskGateway } from './adapters/intake/grpc-desk-gateway';
import { projectionHandler, reactionsHandler, resultLegHandler } from './adapters/kafka/handlers';
import { HttpPostalProvider, PROVIDER } from './adapters/provider/http-postal-provider';
import { MongoDossierFacts } from './adapters/store/dossier-facts';
import { EventStoreShipmentStreams } from './adapters/store/shipment-streams';
import { MongoShipmentViews } from './adapters/store/shipment-views';
import { MongoWaybillIndex } from './adapters/store/waybill-index';
import { MongoWorkQueue } from './adapters/store/work-queue';
import type { PostalConfig } from './config';

export const EVENT_SOURCE = 'onestop.postal-delivery';

export interface Topics {
  postal: string;
  intake: string;
  processing: string;
  deadLetter: string;
}

export interface StartOptions {
  logger: Logger;
  topics?: Topics;
  /** Before every consumer group id (tests keep their groups apart). */
  groupPrefix?: string;
  /** Kafka consumer group timings (tests use short ones). */
  groupTimings?: { sessionTimeoutMs?: number; heartbeatIntervalMs?: number; rebalanceTimeoutMs?: number; maxWaitTimeMs?: number };
}

export interface RunningPostalDelivery {
  grpcPort: number;
  httpPort: number;
  provider: PostalProvider;
  breaker: CircuitBreaker;
  runner: WorkRunner | undefined;
  poller: StatusPoller | undefined;
  stop(): Promise<void>;
}

export async function startPostalDelivery(config: PostalConfig, o: StartOptions): Promise<RunningPostalDelivery> {
  const { logger } = o;
  const topics = o.topics ?? TOPICS;
  // "now": the system clock, or the simulation's shared clock (refused unless ONESTOP_SIMULATION=1).
  const shared = await startClock(loadConfig(clockConfigSchema), 'postal-delivery');
  const clock = shared.now;
  if (shared.simulated) logger.warn({ now: clock().toISOString() }, 'SIMULATED CLOCK: every event is marked simulatedClock');
  const sideEffects = config.SIDE_EFFECTS === 'on';

  const runtime = await startEventSourcedRuntime({
    clientId: 'postal-delivery',
    source: EVENT_SOURCE,
    topic: topics.postal,
    consumes: [topics.intake, topics.processing],
    deadLetterTopic: topics.deadLetter,
    mongoUrl: config.MONGO_URL,
    mongoDb: config.MONGO_DB,
    pgUrl: config.PG_URL,
    pgSchema: eventStoreSchemaName(config),
    brokers: config.KAFKA_BROKERS,
    logger,
    clock,
    simulatedClock: shared.simulated,
  });
  const { db, kafka, store, relay } = runtime;
  const work = new MongoWorkQueue(db);
  await work.ensureIndexes();
  const views = new MongoShipmentViews(db, config.SHIPMENTS_VIEW_VERSION);
  await views.ensureIndexes();
  const waybills = new MongoWaybillIndex(db, clock);
  const facts = new MongoDossierFacts(db);

  const streams = new EventStoreShipmentStreams(store, (commit) => relay.nudge(commit.streamId));
  const breaker = new CircuitBreaker({
    name: 'the postal provider',
    failureThreshold: config.PROVIDER_BREAKER_THRESHOLD,
    cooldownMs: config.PROVIDER_BREAKER_COOLDOWN_MS,
    now: () => Date.now(),
    isFailure: (err) => err instanceof ProviderUnavailableError,
    onStateChange: (from, to) => {
      providerMetrics.circuit(PROVIDER, to);
      logger[to === 'open' ? 'warn' : 'info']({ from, to }, 'provider circuit breaker');
    },
  });
  providerMetrics.circuit(PROVIDER, breaker.state, false);
  const provider = new HttpPostalProvider({
    baseUrl: config.PROVIDER_BASE_URL,
    apiKey: config.PROVIDER_API_KEY,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    attempts: config.PROVIDER_ATTEMPTS,
    backoff: { baseMs: config.PROVIDER_BACKOFF_BASE_MS, maxMs: config.PROVIDER_BACKOFF_MAX_MS },
    breaker,
    random: Math.random,
    sleep: realSleep,
    logger: logger.child({ component: 'provider' }),
  });
  const desk = new GrpcDeskGateway(config.INTAKE_GRPC_ADDR, new TokenIssuer(config.AUTH_JWT_SECRET));

  const policy = { maxDeliveryAttempts: config.RESULT_DELIVERY_MAX_ATTEMPTS };
  const ingest = new ProviderStatusIngest(streams, waybills, policy, clock);
  const projection = new ShipmentProjection(streams, views);
  const pickups = new Pickups(streams, desk, clock);
  const results = new ResultLeg(facts, work, streams, clock);
  const queries = new ShipmentQueries(streams, views, waybills);

  let runner: WorkRunner | undefined;
  let poller: StatusPoller | undefined;
  if (sideEffects) {
    const jobs = createJobs({
      streams,
      provider,
      desk,
      waybills,
      facts,
      ingest,
      clock,
      deskParty: () => ({ name: config.DESK_NAME, address: config.DESK_ADDRESS, phone: config.DESK_PHONE }),
      deskPreconditionRetries: 10,
    });
    runner = new WorkRunner({
      queue: work,
      jobs,
      clock,
      random: Math.random,
      backoff: { baseMs: config.WORK_BACKOFF_BASE_MS, maxMs: config.WORK_BACKOFF_MAX_MS },
      leaseMs: config.WORK_LEASE_MS,
      intervalMs: config.WORK_INTERVAL_MS,
      logger: logger.child({ component: 'work' }),
    });
    poller = new StatusPoller({
      views,
      provider,
      ingest,
      intervalMs: config.POLL_INTERVAL_MS,
      batchSize: config.POLL_BATCH,
      logger: logger.child({ component: 'poller' }),
    });
  }
  const reactions = new Reactions(work, clock, () => runner?.nudge());

  const consumer = (groupId: string, topicList: string[], handler: EventHandler) =>
    new EventConsumer(kafka, {
      groupId: `${o.groupPrefix ?? ''}${groupId}`,
      topics: topicList,
      handler,
      logger,
      deadLetterTopic: topics.deadLetter,
      ...o.groupTimings,
    });
  // With side effects off (a rebuild or audit instance) only the read model is built: nothing
  // calls the provider or the desk, and the groups that call for work keep their offsets.
  const consumers = [
    consumer(`postal-delivery.shipments-view.v${config.SHIPMENTS_VIEW_VERSION}`, [topics.postal], projectionHandler(projection)),
  ];
  if (sideEffects) {
    consumers.push(
      consumer('postal-delivery.reactions', [topics.postal], reactionsHandler(reactions, logger)),
      consumer('postal-delivery.result-leg', [topics.intake, topics.processing], resultLegHandler(results, logger)),
    );
  }
  for (const c of consumers) await c.start();
  runner?.start();
  poller?.start();

  const unary = createRpc({
    verifier: new TokenVerifier(config.AUTH_JWT_SECRET, { maxTtlSeconds: config.AUTH_TOKEN_MAX_TTL_SECONDS }),
    logger,
  });
  const grpcServer = await startGrpcServer({
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    services: [postalRegistration({ pickups, results, queries, provider }, unary)],
    logger,
  });
  const webhook = await startWebhookServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    secret: config.PROVIDER_WEBHOOK_SECRET,
    replayWindowSeconds: config.WEBHOOK_REPLAY_WINDOW_SECONDS,
    ingest,
    clock,
    logger,
  });

  return {
    grpcPort: grpcServer.port,
    httpPort: webhook.port,
    provider,
    breaker,
    runner,
    poller,
    stop: async () => {
      await grpcServer.stop();
      await webhook.stop();
      await poller?.stop();
      await runner?.stop();
      for (const c of consumers) await c.stop();
      desk.close();
      await runtime.stop();
      shared.stop();
    },
  };
}
