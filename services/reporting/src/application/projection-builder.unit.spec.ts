import { foldEvents } from './dossier-projector';
import type { StoredEvent } from './ports';
import { ProjectionBuilder } from './projection-builder';
import { dossierReceived, incoming, SOURCES } from '../testing/events.spec';

const T = (iso: string) => new Date(iso);
let offset = 0;
const stored = (e: ReturnType<typeof incoming>, topic = 't'): StoredEvent => ({
  ...e,
  dossierId: null,
  topic,
  partition: 0,
  offset: String(offset++),
});

const pickupRequested = (pk: string, at: string) =>
  stored(incoming(SOURCES.postal, 'onestop.postal.v1.PickupRequested', pk, 1, { shipmentId: pk, requestedAt: T(at) }, T(at)));
const collected = (pk: string, at: string) =>
  stored(
    incoming(
      SOURCES.postal,
      'onestop.postal.v1.DossierCollected',
      pk,
      2,
      { shipmentId: pk, sealed: true, collectedBy: 'bd01', collectedAt: T(at) },
      T(at),
    ),
  );
const received = (d: string, pk: string, at: string) =>
  stored(
    incoming(
      SOURCES.intake,
      'onestop.intake.v1.DossierReceived',
      d,
      1,
      dossierReceived(d, { channel: 3, receivedAt: T(at), postalHandover: { pickupId: pk, waybillNumber: 'WB1', handedOverAt: T(at) } }),
      T(at),
    ),
  );
const resultIssued = (d: string, at: string) =>
  stored(
    incoming(SOURCES.processing, 'onestop.processing.v1.ResultIssued', d, 1, { dossierId: d, status: 9, processingEndedAt: T(at) }, T(at)),
  );

describe("the rebuild's fold in memory", () => {
  it("moves a pickup's earlier events into the dossier that names it, and routes its later ones there", () => {
    const b = new ProjectionBuilder();
    const events = [
      pickupRequested('pk1', '2020-03-01T01:00:00Z'),
      received('d1', 'pk1', '2020-03-02T01:00:00Z'),
      collected('pk1', '2020-03-01T05:00:00Z'),
      resultIssued('d1', '2020-03-03T01:00:00Z'),
    ];
    for (const e of events) b.add(e);
    const { dossiers, pickups } = b.records();
    expect(dossiers).toHaveLength(1);
    expect(dossiers[0]).toMatchObject({ dossierId: 'd1', revision: 1, pickups: ['pk1'] });
    expect(dossiers[0].events.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    // the same view the live projector folds from the same kept events
    expect(dossiers[0].view).toEqual(foldEvents('d1', dossiers[0].events));
    expect(dossiers[0].view.postalLegs.map((l) => l.leg)).toEqual(['dossier']);
    expect(pickups).toEqual([{ pickupId: 'pk1', revision: 1, dossierId: 'd1', events: [] }]);
  });

  it("keeps an event once, by id and by stream position, and keeps an unlinked pickup's events on the pickup", () => {
    const b = new ProjectionBuilder();
    const r = received('d2', 'pk-other', '2020-03-02T01:00:00Z');
    const again = { ...r, offset: '99' };
    const samePosition = { ...r, id: 'another-id' };
    const lonely = pickupRequested('pk2', '2020-03-01T01:00:00Z');
    for (const e of [r, again, samePosition, lonely]) b.add(e);
    const { dossiers, pickups } = b.records();
    expect(dossiers.map((d) => d.events.length)).toEqual([1]);
    expect(pickups.find((p) => p.pickupId === 'pk2')).toMatchObject({ dossierId: null, events: [{ id: lonely.id }] });
    expect(b.eventsRead).toBe(4);
  });

  it('counts and skips a poison event', () => {
    const b = new ProjectionBuilder();
    b.add({ ...resultIssued('d3', '2020-03-03T01:00:00Z'), data: Uint8Array.from([0x0a, 0xff, 0x01]) });
    b.add(resultIssued('d3', '2020-03-03T01:00:00Z'));
    expect(b.poisonSkipped).toBe(1);
    expect(b.records().dossiers).toHaveLength(1);
  });
});

describe('handing settled dossiers over early', () => {
  const inPartition = (e: StoredEvent, topic: string, at: number): StoredEvent => ({ ...e, topic, partition: 0, offset: String(at) });

  it('hands a dossier over once every partition has read past the margin after it, and keeps later events for it as late', () => {
    const b = new ProjectionBuilder({ settleMarginMs: 3600_000 });
    b.expectPartitions('intake', new Map([[0, 10n]]));
    b.expectPartitions('processing', new Map([[0, 10n]]));
    b.add(inPartition(received('d1', 'pk-a', '2020-03-02T01:00:00Z'), 'intake', 0));
    b.add(inPartition(resultIssued('d1', '2020-03-02T02:00:00Z'), 'processing', 0));
    // processing has not read past 03:00 yet
    b.add(inPartition(received('d2', 'pk-b', '2020-03-02T05:00:00Z'), 'intake', 1));
    expect(b.takeSettled()).toEqual([]);
    b.add(inPartition(received('d3', 'pk-c', '2020-03-02T06:00:00Z'), 'processing', 1));
    const settled = b.takeSettled();
    // d2 has not ended: it stays, whatever the time
    expect(settled.map((d) => d.dossierId)).toEqual(['d1']);
    expect(settled[0].view).toEqual(foldEvents('d1', settled[0].events));
    const late = inPartition(resultIssued('d1', '2020-03-02T03:00:00Z'), 'processing', 2);
    b.add({ ...late, id: 'late-one', streamVersion: 2 });
    expect(b.late.map((e) => e.id)).toEqual(['late-one']);
    expect(
      b
        .records()
        .dossiers.map((d) => d.dossierId)
        .sort(),
    ).toEqual(['d2', 'd3']);
  });

  it('hands nothing over before every partition has delivered an event', () => {
    const b = new ProjectionBuilder({ settleMarginMs: 0 });
    b.expectPartitions('intake', new Map([[0, 10n]]));
    b.expectPartitions('processing', new Map([[0, 10n]]));
    b.add(inPartition(resultIssued('d1', '2020-03-02T02:00:00Z'), 'processing', 0));
    b.add(inPartition(resultIssued('d2', '2020-03-09T02:00:00Z'), 'processing', 1));
    expect(b.takeSettled()).toEqual([]);
    // a partition read to its end no longer holds the others back; d2 is the newest processing read
    b.add(inPartition(received('d3', 'pk-c', '2020-03-10T06:00:00Z'), 'intake', 9));
    expect(b.takeSettled().map((d) => d.dossierId)).toEqual(['d1']);
  });
});
