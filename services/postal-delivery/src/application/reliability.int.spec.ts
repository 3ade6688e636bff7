// Reliability of the integration through the running application: a provider outage and its
// recovery (one order, never two), a desk outage (the hand-over reaches intake once it is back),
// replays of history that call nobody, and a rebuild instance with side effects off.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@onestop/eventstore';
import { postal, postalEvents } from '@onestop/contracts';
import { createKafka, EventConsumer } from '@onestop/messaging';
import { eventStoreSchemaName, loadConfig } from '@onestop/config';
import { admin } from '../adapters/provider/simulator.spec';
import { reactionsHandler, resultLegHandler } from '../adapters/kafka/handlers';
import { MongoDossierFacts } from '../adapters/store/dossier-facts';
import { EventStoreShipmentStreams } from '../adapters/store/shipment-streams';
import { MongoWorkQueue } from '../adapters/store/work-queue';
import { postalConfigSchema } from '../config';
import { EVENT_SOURCE, startPostalDelivery } from '../service';
import { advance, docs, dossierReceived, logger, pickupRequest, startHarness, waitFor, type Harness } from '../testing/harness.spec';
import { ResultLeg } from './results';
import { Reactions } from './work/reactions';

jest.setTimeout(90_000);

const ShipmentState = postalEvents.ShipmentState;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const shipmentOf = async (id: string) => (await h.shipment({ $case: 'shipmentId', shipmentId: id }))[0];
const workItem = (id: string) =>
  h.mongo
    .db(h.config.MONGO_DB)
    .collection('work')
    .findOne({ _id: id as never });

async function requestPickup(): Promise<string> {
  const r = await h.rpc<postal.RequestPickupRequest, postal.RequestPickupResponse>('requestPickup', pickupRequest(), 'citizen_portal');
  return r.shipment!.shipmentId;
}

async function collectAndHandOver(id: string): Promise<void> {
  await waitFor('the provider order', async () => (await shipmentOf(id)).waybillNumber !== '');
  await h.rpc(
    'recordCollection',
    {
      requestId: `${id}-c`,
      shipmentId: id,
      documents: docs(['TK01', 'CCCD']),
      sealed: true,
      feesCollectedVnd: 50_000,
      feeReceiptNumber: 'BL-1',
      collectedBy: '',
      collectedAt: undefined,
    },
    'postal_provider',
  );
  await h.rpc('recordHandover', {
    requestId: `${id}-h`,
    shipmentId: id,
    handedBy: 'postman-2',
    documents: docs(['TK01', 'CCCD']),
    feesHandedOverVnd: 50_000,
    feeReceiptNumber: 'BL-1',
    handedOverAt: undefined,
  });
}

describe('reliability', () => {
  it('while the provider is down the request waits (retried with backoff, breaker open); on recovery exactly one order is made', async () => {
    await admin(h.sim, 'POST', '/faults', { down: true });
    const id = await requestPickup();
    const item = await waitFor('retries of the order', async () => {
      const w = await workItem(`create-order:${id}`);
      return w && w.attempts >= 2 ? w : undefined;
    });
    expect(item.state).toBe('pending');
    expect(item.lastError).toMatch(/provider/);
    expect(h.service.breaker.state).not.toBe('closed');
    expect((await shipmentOf(id)).state).toBe(ShipmentState.SHIPMENT_STATE_REQUESTED);

    await admin(h.sim, 'POST', '/faults', {});
    const s = await waitFor('the order after recovery', async () => {
      const now = await shipmentOf(id);
      return now.state === ShipmentState.SHIPMENT_STATE_ORDER_CREATED ? now : undefined;
    });
    expect((await admin(h.sim, 'GET', `/orders?order_number=${s.orderNumber}`)).orders).toHaveLength(1);
    await waitFor('the breaker closed', () => h.service.breaker.state === 'closed');
  });

  it('a create the provider made but answered too late is retried into the same order', async () => {
    await admin(h.sim, 'POST', '/faults', { timeout_next: 1, hold_ms: 3_000 });
    const id = await requestPickup();
    const s = await waitFor('the order', async () => {
      const now = await shipmentOf(id);
      return now.waybillNumber ? now : undefined;
    });
    const orders = (await admin(h.sim, 'GET', `/orders?order_number=${s.orderNumber}`)).orders;
    expect(orders).toHaveLength(1);
    expect(orders[0].waybill_number).toBe(s.waybillNumber);
  });

  it('while intake is down the hand-over waits; it reaches intake once, when intake is back', async () => {
    const id = await requestPickup();
    h.intake.down = true;
    await collectAndHandOver(id);
    await waitFor('retries of the submission', async () => ((await workItem(`submit-dossier:${id}`))?.attempts ?? 0) >= 2);
    expect((await shipmentOf(id)).deskAcknowledged).toBe(false);
    h.intake.down = false;
    await waitFor('the submission', async () => (await shipmentOf(id)).deskAcknowledged);
    expect(h.intake.submissions.filter((s) => s.postalHandover?.pickupId === id)).toHaveLength(1);
  });

  it('replaying history from the beginning calls neither the provider nor the desk', async () => {
    const dossierId = randomUUID();
    await h.publishIntake(dossierId, dossierReceived(dossierId, '000.00.11.H40-240304-0900'));
    await h.publishResultIssued(dossierId);
    const s = await waitFor('the result shipment', async () => {
      const now = await shipmentOf(dossierId).catch(() => undefined);
      return now?.waybillNumber ? now : undefined;
    });
    await advance(h, s.waybillNumber, 12, 14);
    await waitFor('the outcome at the desk', async () => (await shipmentOf(dossierId)).deskAcknowledged);
    await h.sim.callbacks.idle();

    const before = {
      provider: (await h.simStats()).api_requests,
      submissions: h.intake.submissions.length,
      deliveries: h.intake.deliveries.length,
    };
    const db = h.mongo.db(h.config.MONGO_DB);
    const workBefore = await db.collection('work').countDocuments();
    const queue = new MongoWorkQueue(db);
    const pg = new Pool({ connectionString: h.config.PG_URL, max: 4 });
    const streams = new EventStoreShipmentStreams(
      new PostgresEventStore(pg, { schema: eventStoreSchemaName(h.config), source: EVENT_SOURCE }),
    );
    const clock = () => new Date();
    const kafka = createKafka({ brokers: h.config.KAFKA_BROKERS, clientId: 'replay-test' });
    const replays = [
      new EventConsumer(kafka, {
        groupId: `replay.reactions.${randomUUID()}`,
        topics: [h.topics.postal],
        deadLetterTopic: h.topics.deadLetter,
        handler: reactionsHandler(new Reactions(queue, clock), logger),
      }),
      new EventConsumer(kafka, {
        groupId: `replay.result-leg.${randomUUID()}`,
        topics: [h.topics.intake, h.topics.processing],
        deadLetterTopic: h.topics.deadLetter,
        handler: resultLegHandler(new ResultLeg(new MongoDossierFacts(db), queue, streams, clock), logger),
      }),
    ];
    for (const c of replays) await c.start();
    for (const c of replays) await c.waitUntilCaughtUp({ timeoutMs: 60_000 });
    for (const c of replays) await c.stop();
    await pg.end();

    expect(await db.collection('work').countDocuments()).toBe(workBefore);
    expect(await db.collection('work').countDocuments({ state: 'pending' })).toBe(0);
    expect((await h.simStats()).api_requests).toBe(before.provider);
    expect(h.intake.submissions.length).toBe(before.submissions);
    expect(h.intake.deliveries.length).toBe(before.deliveries);
  });

  it('an instance with side effects off rebuilds the read model from history and calls nobody', async () => {
    const id = await requestPickup();
    await waitFor('the order', async () => (await shipmentOf(id)).waybillNumber !== '');
    const before = (await h.simStats()).api_requests;
    const db = h.mongo.db(h.config.MONGO_DB);
    const config = loadConfig(postalConfigSchema, {
      KAFKA_BROKERS: h.config.KAFKA_BROKERS.join(','),
      MONGO_URL: h.config.MONGO_URL,
      MONGO_DB: h.config.MONGO_DB,
      PG_URL: h.config.PG_URL,
      AUTH_JWT_SECRET: h.config.AUTH_JWT_SECRET,
      GRPC_PORT: '0',
      HTTP_PORT: '0',
      INTAKE_GRPC_ADDR: h.config.INTAKE_GRPC_ADDR,
      PROVIDER_BASE_URL: h.config.PROVIDER_BASE_URL,
      PROVIDER_API_KEY: h.config.PROVIDER_API_KEY,
      POLL_INTERVAL_MS: '100',
      WORK_INTERVAL_MS: '100',
      SIDE_EFFECTS: 'off',
      SHIPMENTS_VIEW_VERSION: '2',
    });
    const rebuild = await startPostalDelivery(config, { logger, topics: h.topics, groupPrefix: `rebuild.${randomUUID().slice(0, 8)}.` });
    try {
      expect(rebuild.runner).toBeUndefined();
      expect(rebuild.poller).toBeUndefined();
      const live = await db.collection('shipments_v1').countDocuments();
      await waitFor('the rebuilt read model', async () => (await db.collection('shipments_v2').countDocuments()) >= live);
      const v1 = await db.collection('shipments_v1').findOne({ _id: id as never });
      const v2 = await db.collection('shipments_v2').findOne({ _id: id as never });
      expect(v2?.state).toBe(v1?.state);
      expect(v2?.waybillNumber).toBe(v1?.waybillNumber);
    } finally {
      await rebuild.stop();
    }
    expect((await h.simStats()).api_requests).toBe(before);
  });
});
