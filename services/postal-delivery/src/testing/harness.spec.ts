// Test helper (not a test file): postal-delivery as main.ts starts it — real FerretDB and Kafka
// (own database, topics and consumer groups per harness), the provider simulator over HTTP, and
// intake played by FakeIntake over gRPC — plus clients to drive it.
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import * as grpc from '@grpc/grpc-js';
import { common, encodeEvent, intakeEvents, postal, processingEvents } from '@onestop/contracts';
import { call, grpcClient, TokenIssuer, type Role } from '@onestop/grpc-kit';
import { silentLogger } from '@onestop/logging';
import { createKafka, fromKafkaMessage, KafkaEventPublisher, readTopicToEnd, type EventEnvelope } from '@onestop/messaging';
import pino from 'pino';
import type { RunningSimulator } from '../../../../infra/postal-simulator/src/server';
import { admin, SIM_API_KEY, SIM_SECRET, startTestSimulator } from '../adapters/provider/simulator.spec';
import { eventStoreSchemaName, loadConfig } from '@onestop/config';
import { postalConfigSchema, type PostalConfig } from '../config';
import { startPostalDelivery, type RunningPostalDelivery, type Topics } from '../service';
import { FakeIntake, PROCEDURE_CODE, UNIT } from './fake-intake.spec';

export const SECRET = 'postal-int-test-secret-0123456789abcdef';
export const logger = process.env.POSTAL_TEST_LOG ? pino({ level: process.env.POSTAL_TEST_LOG }) : silentLogger();

import { waitFor } from '@onestop/test-support';

export { waitFor };

type Unary<Req, Res> = (
  req: Req,
  md: grpc.Metadata,
  opts: Partial<grpc.CallOptions>,
  cb: (e: grpc.ServiceError | null, r: Res) => void,
) => grpc.ClientUnaryCall;

export interface Harness {
  sim: RunningSimulator;
  intake: FakeIntake;
  service: RunningPostalDelivery;
  config: PostalConfig;
  topics: Topics;
  mongo: MongoClient;
  rpc<Req, Res>(method: keyof postal.PostalServiceClient, req: Req, role?: Role, unit?: string): Promise<Res>;
  shipment(key: postal.GetShipmentRequest['key']): Promise<postal.Shipment[]>;
  publishIntake(dossierId: string, payload: intakeEvents.DossierReceived): Promise<string>;
  publishResultIssued(dossierId: string): Promise<string>;
  postalEvents(): Promise<EventEnvelope[]>;
  simStats(): Promise<{ api_requests: number; by_route: Record<string, number> }>;
  stop(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const run = randomUUID().slice(0, 8);
  const topics: Topics = {
    postal: `t.postal.${run}.postal`,
    intake: `t.postal.${run}.intake`,
    processing: `t.postal.${run}.processing`,
    deadLetter: `t.postal.${run}.dlq`,
  };
  const sim = await startTestSimulator();
  const intake = new FakeIntake();
  const intakeAddr = await intake.start(SECRET);
  const config = loadConfig(postalConfigSchema, {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    MONGO_URL: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/',
    MONGO_DB: `t_postal_${run}`,
    ...(process.env.PG_URL ? { PG_URL: process.env.PG_URL } : {}),
    AUTH_JWT_SECRET: SECRET,
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    INTAKE_GRPC_ADDR: intakeAddr,
    PROVIDER_BASE_URL: sim.url,
    PROVIDER_API_KEY: SIM_API_KEY,
    PROVIDER_WEBHOOK_SECRET: SIM_SECRET,
    PROVIDER_TIMEOUT_MS: '1000',
    PROVIDER_ATTEMPTS: '2',
    PROVIDER_BACKOFF_BASE_MS: '20',
    PROVIDER_BACKOFF_MAX_MS: '100',
    PROVIDER_BREAKER_THRESHOLD: '3',
    PROVIDER_BREAKER_COOLDOWN_MS: '500',
    POLL_INTERVAL_MS: '3600000',
    WORK_INTERVAL_MS: '100',
    WORK_BACKOFF_BASE_MS: '100',
    WORK_BACKOFF_MAX_MS: '400',
    WORK_LEASE_MS: '5000',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const groupPrefix = `t.postal.${run}.`;
  const fast = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 300, rebalanceTimeoutMs: 10_000, maxWaitTimeMs: 200 };
  const service = await startPostalDelivery(config, { logger, topics, groupPrefix, groupTimings: fast });
  await admin(sim, 'POST', '/config', { webhook_url: `http://127.0.0.1:${service.httpPort}/webhooks/provider` });

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'postal-int-test' });
  const intakePublisher = new KafkaEventPublisher(kafka, topics.intake, { source: 'onestop.intake' });
  const processingPublisher = new KafkaEventPublisher(kafka, topics.processing, { source: 'onestop.processing' });
  await intakePublisher.connect();
  await processingPublisher.connect();
  const client = grpcClient(postal.PostalServiceClient, `127.0.0.1:${service.grpcPort}`);
  const issuer = new TokenIssuer(SECRET);
  const mongo = await new MongoClient(config.MONGO_URL).connect();

  const publish = async (p: KafkaEventPublisher, streamId: string, type: string, payload: unknown, source: string) => {
    const id = randomUUID();
    await p.publish([
      {
        id,
        streamId,
        version: 1,
        type,
        data: encodeEvent(type, payload),
        recordedAt: new Date(),
        metadata: {},
        hash: `h-${id}`,
        prevHash: null,
        source,
      },
    ]);
    return id;
  };

  const h: Harness = {
    sim,
    intake,
    service,
    config,
    topics,
    mongo,
    async rpc<Req, Res>(method: keyof postal.PostalServiceClient, req: Req, role: Role = 'desk_officer', unit = UNIT): Promise<Res> {
      const token = await issuer.issue({ officerId: `${role}-1`, role, unitCode: unit });
      const fn = (client[method] as unknown as Unary<Req, Res>).bind(client);
      return call(fn, req, { token });
    },
    async shipment(key) {
      const r = await h.rpc<postal.GetShipmentRequest, postal.GetShipmentResponse>('getShipment', { key });
      return r.shipments;
    },
    publishIntake: (dossierId, payload) =>
      publish(intakePublisher, dossierId, 'onestop.intake.v1.DossierReceived', payload, 'onestop.intake'),
    publishResultIssued: (dossierId) =>
      publish(
        processingPublisher,
        dossierId,
        'onestop.processing.v1.ResultIssued',
        processingEvents.ResultIssued.fromPartial({ dossierId, issuedAt: new Date(), resultSummary: 'cấp bản sao' }),
        'onestop.processing',
      ),
    async postalEvents() {
      const out: EventEnvelope[] = [];
      await readTopicToEnd(kafka, topics.postal, (m) => {
        out.push(fromKafkaMessage(m, m.topic, m.partition));
      });
      return out;
    },
    simStats: () => admin(sim, 'GET', '/stats'),
    async stop() {
      client.close();
      await service.stop();
      await intakePublisher.disconnect();
      await processingPublisher.disconnect();
      await sim.close();
      await intake.stop();
      await mongo
        .db(config.MONGO_DB)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
      const pg = new Pool({ connectionString: config.PG_URL, max: 1 });
      await pg.query(`DROP SCHEMA IF EXISTS ${eventStoreSchemaName(config)} CASCADE`).catch(() => undefined);
      await pg.end();
      const a = kafka.admin();
      await a.connect();
      await a.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
      await a.disconnect();
    },
  };
  return h;
}

export const applicant: common.Applicant = {
  fullName: 'Nguyễn Văn An',
  idNumber: '036090001234',
  address: 'Xóm 3, xã Trực Hưng, huyện Trực Ninh, Nam Định',
  phone: '0912345678',
  email: '',
};

export function pickupRequest(overrides: Partial<postal.RequestPickupRequest> = {}): postal.RequestPickupRequest {
  return {
    requestId: randomUUID(),
    unitCode: UNIT,
    procedureCode: PROCEDURE_CODE,
    applicant,
    pickupFrom: undefined,
    resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
    note: '',
    ...overrides,
  };
}

export function dossierReceived(
  dossierId: string,
  dossierCode: string,
  resultDelivery = common.ResultDelivery.RESULT_DELIVERY_POST,
): intakeEvents.DossierReceived {
  return intakeEvents.DossierReceived.fromPartial({
    dossierId,
    dossierCode,
    unitCode: UNIT,
    procedureCode: PROCEDURE_CODE,
    channel: common.Channel.CHANNEL_COUNTER,
    applicant,
    resultDelivery,
    receivedAt: new Date(),
  });
}

export const docs = (codes: string[]): common.SubmittedDocument[] =>
  codes.map((componentCode) => ({ componentCode, form: common.DocumentForm.DOCUMENT_FORM_ORIGINAL, count: 1, fileRef: '' }));

/** Moves a simulated order along: each status a callback to the service. */
export async function advance(
  h: Harness,
  waybill: string,
  ...codes: (number | { status_code: number; cod_amount?: number; status_at?: string; note?: string })[]
): Promise<void> {
  for (const c of codes) await admin(h.sim, 'POST', `/orders/${waybill}/advance`, typeof c === 'number' ? { status_code: c } : c);
  await h.sim.callbacks.idle();
}

/**
 * A pickup requested by the citizen portal, once the provider has accepted the order and its
 * "created" status callback is recorded: nothing changes the shipment after that until a test
 * moves it (a version read then stays the version).
 */
export async function orderedPickup(h: Harness, request: postal.RequestPickupRequest = pickupRequest()): Promise<postal.Shipment> {
  const r = await h.rpc<postal.RequestPickupRequest, postal.RequestPickupResponse>('requestPickup', request, 'citizen_portal');
  const id = r.shipment!.shipmentId;
  await h.sim.callbacks.idle();
  return waitFor('the order and its "created" status', async () => {
    const [s] = await h.shipment({ $case: 'shipmentId', shipmentId: id });
    const has = (event: string) => s.tracking.some((t) => t.event === event);
    return has('ProviderOrderAccepted') && has('ProviderStatusReported') ? s : undefined;
  });
}
