// The work queue and timer projection on the real stores (FerretDB/MongoDB, PostgreSQL): the
// topic's copy of a change this process projected right after its command costs no call to the
// stores, nor does a timer it stored already; a process that did not project it (another
// instance, or this one after a restart) catches up from the event store.
import { processingOn, receivedDossier, TestClock, testDatabase, type Processing } from '../int-support.spec';
import { at, calendar } from '../domain/fixtures.spec';
import { wantedAlerts } from '../domain/decide';
import { timerFor } from './case-projection';

const clock = new TestClock(at('2020-10-05 09:00'));
let database: Awaited<ReturnType<typeof testDatabase>>;
let p: Processing;
/** Another instance on the same stores, with nothing projected by itself. */
let other: Processing;

beforeAll(async () => {
  database = await testDatabase();
  p = await processingOn(database.db, clock);
  other = await processingOn(database.db, clock);
});
afterAll(() => database.drop());
afterEach(() => jest.restoreAllMocks());

/** Calls reaching the stores of `q` (the real methods run). */
function callsTo(q: Processing) {
  return {
    load: jest.spyOn(q.streams, 'load'),
    schedule: jest.spyOn(q.timerStore, 'schedule'),
    save: jest.spyOn(q.items, 'save'),
  };
}

it('a change this process projected costs nothing when the topic brings it; another instance projects it from the store', async () => {
  const dossier = receivedDossier();
  await p.facts.apply({ type: 'DossierReceived', data: dossier }, { eventId: `received-${dossier.dossierId}` });
  const { state } = await p.streams.load(dossier.dossierId);
  expect(state.version).toBeGreaterThan(0);
  const timers = (await p.timerStore.ofDossier(dossier.dossierId)).map((t) => t.id);
  expect(timers.length).toBeGreaterThan(0);

  const here = callsTo(p);
  for (let version = 1; version <= state.version; version++) await p.projection.refresh(dossier.dossierId, version);
  expect([here.load.mock.calls.length, here.schedule.mock.calls.length, here.save.mock.calls.length]).toEqual([0, 0, 0]);

  const there = callsTo(other);
  await other.projection.refresh(dossier.dossierId, state.version);
  expect(there.load).toHaveBeenCalledTimes(1);
  expect(there.save).toHaveBeenCalledTimes(1);
  // it does not know the timers are stored: it offers them all, and the store keeps one of each
  expect(there.schedule.mock.calls[0][0].map((t) => t.id).sort()).toEqual([...timers].sort());
  expect((await p.timerStore.ofDossier(dossier.dossierId)).map((t) => t.id).sort()).toEqual([...timers].sort());
  expect((await other.items.get(dossier.dossierId))?.version).toBe(state.version);
  // a version newer than what this process projected is read from the store
  await p.projection.refresh(dossier.dossierId, state.version + 1);
  expect(here.load).toHaveBeenCalledTimes(1);
});

it('a new state whose deadlines did not move stores no timer again; a moved deadline is stored', async () => {
  const dossier = receivedDossier();
  await p.facts.apply({ type: 'DossierReceived', data: dossier }, { eventId: `received-${dossier.dossierId}` });
  const { state } = await p.streams.load(dossier.dossierId);
  const here = callsTo(p);
  await p.projection.project({ ...state, version: state.version + 1 });
  expect(here.schedule).toHaveBeenCalledWith([]);
  expect(here.save).toHaveBeenCalledTimes(1);

  const later = new Date(state.dueAt!.getTime() + 24 * 3600_000);
  await p.projection.project({ ...state, version: state.version + 2, dueAt: later });
  expect(here.schedule.mock.calls[1][0].map((t) => t.dueAt)).toEqual(expect.arrayContaining([later]));
  expect((await p.timerStore.ofDossier(dossier.dossierId)).filter((t) => t.dueAt.getTime() === later.getTime()).length).toBeGreaterThan(0);
});

it("the topic's copy arriving while the command's own projection still writes waits for it, and costs no call", async () => {
  const dossier = receivedDossier();
  await p.facts.apply({ type: 'DossierReceived', data: dossier }, { eventId: `received-${dossier.dossierId}` });
  const { state } = await p.streams.load(dossier.dossierId);
  const next = { ...state, version: state.version + 1 };
  const here = callsTo(p);
  const projecting = p.projection.project(next); // under way, not awaited
  await p.projection.refresh(dossier.dossierId, next.version);
  await projecting;
  expect(here.load).not.toHaveBeenCalled();
  expect(here.save).toHaveBeenCalledTimes(1);
  expect((await p.items.get(dossier.dossierId))?.version).toBe(next.version);
});

it('timers scheduled with some already stored: the new ones are stored, the stored ones left as they are', async () => {
  const dossier = receivedDossier();
  await p.facts.apply({ type: 'DossierReceived', data: dossier }, { eventId: `received-${dossier.dossierId}` });
  const { state } = await p.streams.load(dossier.dossierId);
  const stored = wantedAlerts(state, 8).map((a) => timerFor(state.dossierId, a, calendar, 8));
  await p.timerStore.settle(stored[0].id, 'obsolete', at('2020-10-05 10:00'), 'moved');
  const moved = wantedAlerts({ ...state, dueAt: at('2020-10-12 08:00') }, 8).map((a) => timerFor(state.dossierId, a, calendar, 8));
  const fresh = moved.filter((t) => !stored.some((s) => s.id === t.id));
  expect(fresh.length).toBeGreaterThan(1);

  await other.timerStore.schedule([...stored, ...fresh]); // another instance offers them all: the stored ones are no-ops
  const rows = await p.timerStore.ofDossier(dossier.dossierId);
  expect(rows.map((d) => d.id).sort()).toEqual([...new Set([...stored, ...fresh].map((t) => t.id))].sort());
  expect(rows.find((d) => d.id === stored[0].id)?.state).toBe('obsolete');
});

it("a projection held up in the store (a backend restarting) holds neither the topic's copy nor the case's next projection", async () => {
  const dossier = receivedDossier();
  await p.facts.apply({ type: 'DossierReceived', data: dossier }, { eventId: `received-${dossier.dossierId}` });
  const { state } = await p.streams.load(dossier.dossierId);
  const save = p.items.save.bind(p.items);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const here = callsTo(p);
  here.save.mockImplementationOnce(async (view) => {
    await held; // the first write hangs until released; later ones reach the store at once
    await save(view);
  });
  const stuck = p.projection.project({ ...state, version: state.version + 1 });
  // Were either to wait for the held write, the test would never get past them (it is released after).
  await p.projection.refresh(dossier.dossierId, state.version + 1); // waits a moment, then reads the case itself
  await p.projection.project({ ...state, version: state.version + 2 });
  release();
  await stuck;
  expect(here.load).toHaveBeenCalledTimes(1);
  expect((await p.items.get(dossier.dossierId))?.version).toBe(state.version + 2);
});
