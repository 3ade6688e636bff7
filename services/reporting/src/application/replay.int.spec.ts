import { randomUUID } from 'node:crypto';
import type { LiveProjection } from './live-projection';
import { replayProjection, type ReplayProgress } from './replay';
import { replayCheck } from './replay-check';
import type { DossierView } from '../domain/dossier-view';
import type { KafkaClient } from '@onestop/messaging';
import type { StoredEvent, TopicOffsets } from './ports';
import { KafkaEventSource } from '../adapters/kafka/kafka-event-source';
import { MongoProjectionStore } from '../adapters/store/mongo-projection-store';
import { dossierReceived } from '../testing/events.spec';
import { eventually, TestPlatform } from '../testing/platform.spec';

jest.setTimeout(180_000);

const T = (iso: string) => new Date(iso);

async function allViews(store: { views(): AsyncIterable<DossierView> }): Promise<DossierView[]> {
  const out: DossierView[] = [];
  for await (const v of store.views()) out.push(v);
  return out;
}

describe('rebuilding the projection from the Kafka history', () => {
  let platform: TestPlatform;
  let projection: LiveProjection;
  const dossiers: string[] = [];

  beforeAll(async () => {
    platform = await TestPlatform.start();
    projection = await platform.liveProjection();
    const { intake, processing, postal } = platform.producers;
    for (let i = 0; i < 6; i++) {
      const d = randomUUID();
      dossiers.push(d);
      const day = `2020-05-0${i + 1}`;
      await intake.emit(
        d,
        'DossierReceived',
        dossierReceived(d, {
          dossierCode: `H40-2005${i}-000${i}`,
          channel: 1 + (i % 3),
          receivedAt: T(`${day}T01:00:00Z`),
          dueAt: T(`${day}T10:00:00Z`),
        }),
        T(`${day}T01:00:00Z`),
      );
      await processing.emit(d, 'CaseOpened', { dossierId: d, status: 4, agencyCode: 'TUPHAP' }, T(`${day}T02:00:00Z`));
      if (i % 2 === 0)
        await processing.emit(
          d,
          'ResultIssued',
          { dossierId: d, status: 9, processingEndedAt: T(`${day}T08:00:00Z`) },
          T(`${day}T08:00:00Z`),
        );
      if (i === 3)
        await processing.emit(
          d,
          'SupplementRequested',
          { dossierId: d, status: 5, requestedAt: T(`${day}T03:00:00Z`), reason: 'ID copy' },
          T(`${day}T03:00:00Z`),
        );
      if (i === 4)
        await postal.emit(
          d,
          'ResultShipmentRequested',
          { shipmentId: d, dossierId: d, requestedAt: T(`${day}T09:00:00Z`) },
          T(`${day}T09:00:00Z`),
        );
    }
    await eventually('the live projection to hold every dossier', async () => {
      const views = await allViews(projection.store());
      return (
        views.length === dossiers.length &&
        views.every((v) => v.receivedAt && v.agencyCode === 'TUPHAP') &&
        views.filter((v) => v.status === 9).length === 3
      );
    });
  });

  afterAll(async () => {
    await projection?.stop();
    await platform?.stop();
  });

  it('finds no difference between a sandbox rebuild and the live read models', async () => {
    const result = await replayCheck({
      catalog: platform.catalog(),
      history: platform.eventSource(),
      sandbox: new MongoProjectionStore(platform.db('sandbox1'), 1),
    });
    expect(result.liveLagging).toBeNull();
    expect(result.differences).toEqual([]);
    expect(result.dossiersCompared).toBe(dossiers.length);
    expect(result.eventsRead).toBeGreaterThanOrEqual(dossiers.length * 2);
  });

  it('prints the difference when a live read model was altered', async () => {
    const live = projection.store();
    const altered = (await live.getView(dossiers[1])) as DossierView;
    await live.saveView({ ...altered, status: 10, outcome: 'late' });
    try {
      const result = await replayCheck({
        catalog: platform.catalog(),
        history: platform.eventSource(),
        sandbox: new MongoProjectionStore(platform.db('sandbox2'), 1),
      });
      expect(result.differences).toEqual([
        {
          dossierId: dossiers[1],
          dossierCode: altered.dossierCode,
          differences: [
            { path: 'outcome', live: '"late"', rebuilt: 'null' },
            { path: 'status', live: '10', rebuilt: '4' },
          ],
        },
      ]);
    } finally {
      await live.saveView(altered);
    }
  });

  it('refuses to start while another rebuild is recorded as running, and --force clears its leftovers', async () => {
    const catalog = platform.catalog();
    const leftover = catalog.store(7);
    await leftover.insertBuilt([], [{ pickupId: 'left-over', revision: 1, dossierId: null, events: [] }]);
    await catalog.startBuilding(7, 'reporting.dossiers.v7.crashed', new Date('2020-01-01T00:00:00Z'));
    await expect(replayProjection({ catalog, source: platform.eventSource() })).rejects.toThrow(
      'a rebuild into version 7 is recorded as running since 2020-01-01T00:00:00.000Z; if no replay is running, start again with --force',
    );
    expect(await catalog.versions()).toEqual([1, 7]);
    // Pretend the forced run fails right away (an unknown topic): the leftovers are gone all the same.
    const broken = new KafkaEventSource(platform.kafka, { topics: ['t.rep.no-such-topic'] });
    await expect(replayProjection({ catalog, source: broken, force: true })).rejects.toThrow(/do not exist/);
    expect(await catalog.versions()).toEqual([1]);
    expect((await catalog.pointer()).building).toBeNull();
  });

  it('rebuilds into a new version while the live one serves, switches the running instance, drops the old one', async () => {
    const catalog = platform.catalog();
    const before = await allViews(projection.store());
    expect(projection.liveVersion).toBe(1);
    const progress: ReplayProgress[] = [];
    const result = await replayProjection({
      catalog,
      source: platform.eventSource(),
      onProgress: (p) => progress.push(p),
      progressEveryMs: 50,
      instanceWaitMs: 60_000,
    });

    expect(result).toMatchObject({ from: 1, to: 2, droppedOld: true, poisonSkipped: 0 });
    expect(result.events.consumed).toBe(result.events.total);
    expect(progress.map((p) => p.phase)).toEqual(
      expect.arrayContaining(['switching', 'waiting for instances', 'dropping old version', 'done']),
    );
    expect(projection.liveVersion).toBe(2);
    expect(await allViews(projection.store())).toEqual(before);
    expect(await catalog.versions()).toEqual([2]);
    expect(await catalog.pointer()).toMatchObject({ live: 2, liveGroup: result.group, building: null });

    // The instance now feeds version 2 from where the replay stopped.
    const d = randomUUID();
    await platform.producers.intake.emit(d, 'DossierReceived', dossierReceived(d), T('2020-06-01T01:00:00Z'));
    await eventually('a new event in the new version', () => projection.store().getView(d));
  });

  it('gives the same read models when dossiers are inserted while the read goes on and their later events are applied after', async () => {
    const catalog = platform.catalog();
    const before = await allViews(projection.store());
    const topics = [platform.topics.intake, platform.topics.processing, platform.topics.postal];
    // The postal event of dossier 4 (ended before it) comes last, from a partition the read did
    // not know of: the dossier has been handed over by then, so the event is a late one.
    const source = new HoldingBack(
      platform.kafka,
      topics,
      platform.topics.deadLetter,
      (e) => e.topic === topics[2] && e.streamId === dossiers[4],
    );
    // No margin, a look after every event: ended dossiers leave as soon as every partition has passed them.
    const result = await replayProjection({ catalog, source, settleMarginMs: 0, settleEveryEvents: 1, instanceWaitMs: 60_000 });
    expect(result).toMatchObject({ from: 2, to: 3, droppedOld: true, poisonSkipped: 0, lateEvents: 1 });
    expect(result.settledEarly).toBeGreaterThanOrEqual(3);
    expect(projection.liveVersion).toBe(3);
    expect(await allViews(projection.store())).toEqual(before);
  });
});

/** The history with some events held back to the end, their partitions left out of the ends. */
class HoldingBack extends KafkaEventSource {
  constructor(
    kafka: KafkaClient,
    topics: readonly string[],
    deadLetterTopic: string,
    private readonly held: (e: StoredEvent) => boolean,
  ) {
    super(kafka, { topics, deadLetterTopic });
  }

  override async readHistory(
    handle: (e: StoredEvent) => Promise<void>,
    onUndecodable: (where: string, problem: string) => void,
    onEnds?: (topic: string, ends: ReadonlyMap<number, bigint>) => void,
  ): Promise<TopicOffsets> {
    const all: StoredEvent[] = [];
    const ends = new Map<string, ReadonlyMap<number, bigint>>();
    const read = await super.readHistory(
      async (e) => void all.push(e),
      onUndecodable,
      (topic, e) => ends.set(topic, e),
    );
    const late = all.filter(this.held);
    expect(late.length).toBeGreaterThan(0);
    for (const [topic, e] of ends)
      onEnds?.(topic, new Map([...e].filter(([p]) => !late.some((l) => l.topic === topic && l.partition === p))));
    for (const e of all) if (!this.held(e)) await handle(e);
    for (const e of late) await handle(e);
    return read;
  }
}
