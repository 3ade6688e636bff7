import { randomUUID } from 'node:crypto';
import { listDeadLetters, toKafkaMessage } from '@onestop/messaging';
import type { LiveProjection } from './live-projection';
import { ReportingQueries } from './reporting-queries';
import { periodOrThrow } from '../domain/period';
import { dossierReceived } from '../testing/events.spec';
import { eventually, TestPlatform } from '../testing/platform.spec';

jest.setTimeout(120_000);

const T = (iso: string) => new Date(iso);

describe('the live dossier projection on Kafka and FerretDB', () => {
  let platform: TestPlatform;
  let projection: LiveProjection;

  beforeAll(async () => {
    platform = await TestPlatform.start();
    projection = await platform.liveProjection();
  });

  afterAll(async () => {
    await projection?.stop();
    await platform?.stop();
  });

  const view = (id: string) => projection.store().getView(id);

  it("folds one dossier's events from three topics, whichever topic delivers first", async () => {
    const { intake, processing, postal } = platform.producers;
    const d = randomUUID();
    // Processing and postal publish before intake's receipt reaches the topic.
    await processing.emit(
      d,
      'CaseOpened',
      {
        dossierId: d,
        status: 4,
        agencyCode: 'TUPHAP',
        handOff: { fromUnitCode: 'H40', toUnitCode: 'TUPHAP', handedAt: T('2020-03-02T02:00:00Z'), givenBy: 'desk-1' },
      },
      T('2020-03-02T02:00:00Z'),
    );
    await processing.emit(
      d,
      'ResultIssued',
      { dossierId: d, status: 9, processingEndedAt: T('2020-03-03T03:00:00Z'), timeliness: 1 },
      T('2020-03-03T03:00:00Z'),
    );
    await postal.emit(
      d,
      'ResultShipmentRequested',
      { shipmentId: d, dossierId: d, requestedAt: T('2020-03-03T04:00:00Z') },
      T('2020-03-03T04:00:00Z'),
    );
    const early = await eventually("processing's and postal's facts before any of intake's", async () => {
      const found = await view(d);
      // both of processing's events and postal's one applied (the topics are consumed in parallel)
      const processingAt = found?.positions.find((p) => p.source === 'onestop.processing')?.version;
      return found?.positions.length === 2 && processingAt === 2 ? found : null;
    });
    expect(early).toMatchObject({ status: 9, receivedAt: null, dossierCode: '' });
    await intake.emit(d, 'DossierReceived', dossierReceived(d, { agencyCode: 'TUPHAP' }), T('2020-03-02T01:00:00Z'));
    await intake.emit(
      d,
      'ResultReturned',
      { dossierId: d, method: 2, returnedAt: T('2020-03-04T02:00:00Z'), waybillNumber: 'WB-1' },
      T('2020-03-04T02:00:00Z'),
    );

    const v = await eventually('the returned result in the view', async () => {
      const found = await view(d);
      return found?.status === 10 && found.positions.length === 3 ? found : null;
    });
    expect(v).toMatchObject({
      dossierCode: 'H40-200302-0001',
      channel: 'counter',
      agencyCode: 'TUPHAP',
      receivedAt: T('2020-03-02T01:00:00Z'),
      endedAt: T('2020-03-03T03:00:00Z'),
      endKind: 'result',
      outcome: 'early',
    });
    expect(v.timeline.map((t) => t.eventType.split('.').pop())).toEqual([
      'DossierReceived',
      'CaseOpened',
      'ResultIssued',
      'ResultShipmentRequested',
      'ResultReturned',
    ]);
    expect(v.timeline.map((t) => t.status)).toEqual([2, 4, 9, 0, 10]);
    expect(v.postalLegs).toMatchObject([{ leg: 'result', shipmentId: d, waybillNumber: 'WB-1', status: 'delivered' }]);
  });

  it('changes nothing when events are delivered again', async () => {
    const { intake } = platform.producers;
    const d = randomUUID();
    await intake.emit(d, 'DossierReceived', dossierReceived(d), T('2020-03-05T01:00:00Z'));
    await intake.emit(
      d,
      'WithdrawalRequested',
      { dossierId: d, reason: 'moved away', requestedAt: T('2020-03-05T02:00:00Z') },
      T('2020-03-05T02:00:00Z'),
    );
    const before = await eventually('the withdrawal request in the view', async () => {
      const found = await view(d);
      return found?.withdrawalRequestedAt ? found : null;
    });
    // The outbox resends both events (as after a crash before marking them published).
    await intake.publisher.publish(await intake.store.readStream(d));
    const marker = randomUUID();
    await intake.emit(marker, 'DossierReceived', dossierReceived(marker), T('2020-03-05T03:00:00Z'));
    await eventually('a later event on the same topic', () => view(marker));
    // Same partition order is not guaranteed for another key: wait for the group to catch up too.
    await eventually('the group to catch up', async () => {
      const p = await platform.eventSource().progress((await platform.catalog().pointer()).liveGroup);
      return p.consumed === p.total;
    });
    expect(await view(d)).toEqual(before);
    expect(await projection.store().eventsOfDossier(d)).toHaveLength(2);
  });

  it('dead-letters a poison event after bounded retries and goes on with its partition', async () => {
    const d = randomUUID();
    const poisonId = randomUUID();
    const producer = platform.kafka.producer();
    await producer.connect();
    const poison = toKafkaMessage({
      id: poisonId,
      streamId: d,
      version: 1,
      type: 'onestop.intake.v1.DossierReceived',
      data: Uint8Array.from([0x0a, 0xff, 0x01]),
      recordedAt: T('2020-03-06T01:00:00Z'),
      metadata: {},
      hash: 'not-checked-here',
      source: 'onestop.intake',
    });
    await producer.send({ topic: platform.topics.intake, messages: [poison] });
    await producer.disconnect();
    // A good event of the same dossier: same key, same partition, after the poison.
    await platform.producers.intake.emit(d, 'DossierReceived', dossierReceived(d), T('2020-03-06T02:00:00Z'));

    const v = await eventually('the good event after the poison', () => view(d));
    expect(v.status).toBe(2);
    const letters = await listDeadLetters(platform.kafka, { deadLetterTopic: platform.topics.deadLetter });
    expect(letters.map((l) => l.eventId)).toContain(poisonId);
    expect(letters.find((l) => l.eventId === poisonId)?.error).toMatch(/payload does not decode/);
  });

  it('answers reports live and as of a past instant', async () => {
    const { intake, processing } = platform.producers;
    const d = randomUUID();
    await intake.emit(
      d,
      'DossierReceived',
      dossierReceived(d, { fieldCode: 'NV', receivedAt: T('2020-04-01T02:00:00Z'), dueAt: T('2020-04-03T10:00:00Z') }),
      T('2020-04-01T02:00:00Z'),
    );
    await processing.emit(
      d,
      'ResultIssued',
      { dossierId: d, status: 9, processingEndedAt: T('2020-04-06T02:00:00Z') },
      T('2020-04-06T02:00:00Z'),
    );
    await eventually('the result in the view', async () => (await view(d))?.status === 9);

    const queries = new ReportingQueries({
      store: () => projection.store(),
      workingHours: () => 8,
      clock: () => T('2020-12-31T00:00:00Z'),
    });
    const april = periodOrThrow('2020-04-01', '2020-04-30');
    const live = (await queries.officialReport(april, 'field')).rows.find((r) => r.key === 'NV');
    expect(live).toMatchObject({ received: 1, resolved: 1, late: 1, inProgress: 0 });
    // As known on 4 April: received, not yet resolved, and already past its appointed time.
    const asOf = (await queries.officialReport(april, 'field', T('2020-04-04T00:00:00Z'))).rows.find((r) => r.key === 'NV');
    expect(asOf).toMatchObject({ received: 1, resolved: 0, inProgress: 1, overdue: 1 });
    expect((await queries.dossier({ dossierId: d }, T('2020-04-04T00:00:00Z')))?.status).toBe(2);
    expect(await queries.dossier({ dossierId: d }, T('2020-03-01T00:00:00Z'))).toBeNull();
  });
});
