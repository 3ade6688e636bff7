// Officers' commands against the real document store: idempotency by request id, optimistic
// concurrency on the case stream, and the work queues that follow.
import type { EventStore, RecordedEvent } from '@onestop/eventstore';
import type { OfficerCommand } from '../domain/commands';
import { foldCase } from '../domain/case-state';
import { at, calendar, leader, specialist } from '../domain/fixtures.spec';
import { decodeCaseEvent, EventStoreCaseStreams } from '../adapters/store/case-streams';
import { processingOn, receivedDossier, TestClock, testDatabase, type Processing } from '../int-support.spec';
import { CaseCommands } from './case-commands';

const clock = new TestClock(at('2020-10-05 08:00'));
let database: Awaited<ReturnType<typeof testDatabase>>;
let p: Processing;

beforeAll(async () => {
  database = await testDatabase();
  p = await processingOn(database.db, clock);
});
afterAll(() => database.drop());

const present = (o: { state: { version: number; assigneeId: string } }) => ({ version: o.state.version, assignee: o.state.assigneeId });
const meta = (requestId: string, actor = leader) => ({ requestId, correlationId: `corr-${requestId}`, actor });
const assign = (officerId: string): OfficerCommand => ({ type: 'AssignOfficer', actor: leader, officerId, note: '' });

async function openCase(): Promise<string> {
  clock.set(at('2020-10-05 08:00'));
  const dossier = receivedDossier();
  await p.facts.apply({ type: 'DossierReceived', data: dossier }, { eventId: `received-${dossier.dossierId}` });
  return dossier.dossierId;
}

async function eventTypes(dossierId: string): Promise<string[]> {
  return (await p.store.readStream(dossierId)).map((e) => decodeCaseEvent(e).type);
}

/** The store, with `readStream` delegated to `read` (the other methods as they are). */
function storeReading(store: EventStore, read: (id: string) => Promise<RecordedEvent[]>): EventStore {
  return {
    append: (...args) => store.append(...args),
    appendNumbered: (...args) => store.appendNumbered(...args),
    readStream: (id) => read(id),
    streamVersion: (id) => store.streamVersion(id),
    findByRequestId: (id) => store.findByRequestId(id),
    findByReservation: (key) => store.findByReservation(key),
    maxReservedSeq: (scope) => store.maxReservedSeq(scope),
    listStreamIds: () => store.listStreamIds(),
    readAll: () => store.readAll(),
  };
}

/** A store whose reads wait until `parties` reads happened, so the commands race for real. */
function racingStore(store: EventStore, parties: number): EventStore {
  let waiting = 0;
  let release: () => void = () => undefined;
  const allLoaded = new Promise<void>((resolve) => (release = resolve));
  return storeReading(store, async (id) => {
    const events = await store.readStream(id);
    if (++waiting === parties) release();
    await allLoaded;
    return events;
  });
}

const refusedAs = (kind: string) => ({ rejection: expect.objectContaining({ kind }) });

describe('concurrent actions on one case', () => {
  it('one wins, the other gets ABORTED (both acting on the version they saw)', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-05 09:00'));
    const results = await Promise.allSettled([
      p.commands.execute(meta('race-a'), dossierId, assign('officer-a'), { expectedVersion: 1, present }),
      p.commands.execute(meta('race-b'), dossierId, assign('officer-b'), { expectedVersion: 1, present }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toMatchObject(refusedAs('aborted'));
    expect(await eventTypes(dossierId)).toEqual(['CaseOpened', 'OfficerAssigned']);
  });

  it('one wins, the other gets ABORTED when both loaded the case before either appended', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-05 09:00'));
    const racing = new CaseCommands({
      streams: new EventStoreCaseStreams(racingStore(p.store, 2)),
      calendars: { forVersion: () => calendar },
      clock: clock.now,
    });
    const results = await Promise.allSettled([
      racing.execute(meta('race-c'), dossierId, assign('officer-c'), { present }),
      racing.execute(meta('race-d'), dossierId, assign('officer-d'), { present }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toMatchObject(refusedAs('aborted'));
    // The loser retries with the same request id and is decided on the new state.
    const retried = await p.commands.execute(
      meta(lost === results[0] ? 'race-c' : 'race-d'),
      dossierId,
      assign(lost === results[0] ? 'officer-c' : 'officer-d'),
      { present },
    );
    expect(retried.version).toBe(3);
  });

  it('a deadline alert appended meanwhile does not abort the officer: the command is decided again', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-05 10:00')); // the assign step (due 09:12) is overdue
    const loaded = await p.streams.load(dossierId);
    const timers = p.newTimers();
    let injected = false;
    const streams = new EventStoreCaseStreams(
      storeReading(p.store, async (id) => {
        const result = await p.store.readStream(id);
        if (!injected) {
          injected = true;
          await p.projection.project(foldCase(id, result.map(decodeCaseEvent)));
          await timers.runOnce(); // appends Overdue for the assign step
        }
        return result;
      }),
    );
    const commands = new CaseCommands({ streams, calendars: { forVersion: () => calendar }, clock: clock.now });
    const answer = await commands.execute(meta('after-timer'), dossierId, assign('officer-e'), { present });
    expect(loaded.state.version).toBe(1);
    expect(answer).toEqual({ version: 3, assignee: 'officer-e' });
    expect(await eventTypes(dossierId)).toEqual(['CaseOpened', 'Overdue', 'OfficerAssigned']);
  });
});

describe('idempotency by client request id', () => {
  it('a retry returns the first answer and appends nothing', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-05 09:00'));
    const first = await p.commands.execute(meta('assign-once'), dossierId, assign('officer-f'), { present });
    clock.set(at('2020-10-05 09:30'));
    const again = await p.commands.execute(meta('assign-once'), dossierId, assign('officer-f'), { present });
    expect(again).toEqual(first);
    expect(await eventTypes(dossierId)).toEqual(['CaseOpened', 'OfficerAssigned']);
  });

  it('a request id reused for another command is ALREADY_EXISTS', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-05 09:00'));
    await p.commands.execute(meta('used-once'), dossierId, assign('officer-g'), { present });
    const other: OfficerCommand = { type: 'CompleteStep', actor: specialist, stepCode: 'appraise', note: '' };
    await expect(p.commands.execute(meta('used-once', specialist), dossierId, other, { present })).rejects.toMatchObject(
      refusedAs('already_exists'),
    );
  });
});

describe("work queues (read model in processing's own database)", () => {
  it('follow the case: new, in progress per officer, due soon and overdue by the clock', async () => {
    const dossierId = await openCase();
    const listed = async (queue: Parameters<typeof p.items.list>[0]['queue'], now: Date, officerId?: string) =>
      (await p.items.list({ agencyCode: 'TUPHAP', officerId, queue, now, offset: 0, limit: 1000 }))
        .map((v) => v.dossierId)
        .includes(dossierId);
    expect(await listed('new', at('2020-10-05 08:30'))).toBe(true);
    clock.set(at('2020-10-05 09:00'));
    await p.commands.execute(meta(`q-${dossierId}`), dossierId, assign('officer-q'), { present });
    expect(await listed('new', at('2020-10-05 09:30'))).toBe(false);
    expect(await listed('in_progress', at('2020-10-05 09:30'), 'officer-q')).toBe(true);
    expect(await listed('in_progress', at('2020-10-05 09:30'), 'someone-else')).toBe(false);
    // Due Thursday 08:00: due soon from Wednesday 08:00 (one working day before), overdue from Thursday 08:00.
    expect(await listed('due_soon', at('2020-10-07 07:59'))).toBe(false);
    expect(await listed('due_soon', at('2020-10-07 08:00'))).toBe(true);
    expect(await listed('overdue', at('2020-10-08 07:59'))).toBe(false);
    expect(await listed('overdue', at('2020-10-08 08:00'))).toBe(true);
    expect(await listed('due_soon', at('2020-10-08 08:00'))).toBe(false);
  });

  it('never goes back to an older version', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-05 09:00'));
    await p.commands.execute(meta(`v-${dossierId}`), dossierId, assign('officer-v'), { present });
    const opened = (await p.streams.load(dossierId)).events.slice(0, 1);
    await p.projection.project(foldCase(dossierId, opened));
    expect(await p.items.get(dossierId)).toMatchObject({ version: 2, assigneeId: 'officer-v', stepCode: 'appraise' });
  });
});
