// Durable deadline timers against the real stores (the timers in PostgreSQL, next to the event
// store): each alert fires exactly once with two runner instances (two processes' worth of
// connections), and again after a restart without duplicates. The clock is injected and moved by
// the test.
import { processingEvents as ev } from '@onestop/contracts';
import { decodeCaseEvent } from '../adapters/store/case-streams';
import { MongoClient } from 'mongodb';
import { decide } from '../domain/decide';
import { at, calendar, leader } from '../domain/fixtures.spec';
import { MONGO_URL, processingOn, receivedDossier, TestClock, testDatabase, waitFor, type Processing } from '../int-support.spec';
import { timerId } from './case-projection';
import { timerRequestId } from './deadline-timers';

const clock = new TestClock(at('2020-10-05 08:00'));
let database: Awaited<ReturnType<typeof testDatabase>>;
let p: Processing;
const otherClients: MongoClient[] = [];

beforeAll(async () => {
  database = await testDatabase();
  p = await processingOn(database.db, clock);
});
afterAll(async () => {
  for (const c of otherClients) await c.close();
  await database.drop();
});

/** Processing as another process would have it: its own connection to the same database. */
async function anotherInstance(): Promise<Processing> {
  const client = await new MongoClient(MONGO_URL).connect();
  otherClients.push(client);
  return processingOn(client.db(database.db.databaseName), clock);
}

async function openCases(n: number): Promise<string[]> {
  clock.set(at('2020-10-05 08:00'));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = receivedDossier();
    await p.facts.apply({ type: 'DossierReceived', data: d }, { eventId: `received-${d.dossierId}` });
    ids.push(d.dossierId);
  }
  return ids;
}

async function alerts(dossierId: string): Promise<string[]> {
  const events = (await p.store.readStream(dossierId)).map(decodeCaseEvent);
  return events
    .filter((e) => e.type === 'DueSoon' || e.type === 'Overdue')
    .map((e) => {
      const d = e.data;
      return `${e.type}:${d.deadline === ev.DeadlineKind.DEADLINE_KIND_STEP ? d.stepCode : 'dossier'}@${d.dueAt?.toISOString()}`;
    });
}

const DOSSIER_DUE = at('2020-10-08 08:00').toISOString();
const ASSIGN_DUE = at('2020-10-05 09:12').toISOString();

describe('durable deadline timers', () => {
  it('two runner instances fire each alert exactly once', async () => {
    const ids = await openCases(6);
    const a = await anotherInstance();
    const b = await anotherInstance();
    clock.set(at('2020-10-07 08:00')); // one working day before the due time; the assign step is overdue
    const [ra, rb] = await Promise.all([a.newTimers().runOnce(), b.newTimers().runOnce()]);
    expect(ra.failed + rb.failed).toBe(0);
    for (const id of ids) {
      expect((await alerts(id)).sort()).toEqual([`DueSoon:dossier@${DOSSIER_DUE}`, `Overdue:assign@${ASSIGN_DUE}`]);
    }

    // Both running their polling loops while the due time passes.
    const runners = [a.newTimers(), b.newTimers()];
    runners.forEach((r) => r.start());
    clock.set(at('2020-10-08 09:00'));
    try {
      await waitFor('every overdue alert', async () => {
        for (const id of ids) if (!(await alerts(id)).some((x) => x.startsWith('Overdue:dossier'))) return false;
        return true;
      });
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    for (const id of ids) {
      expect((await alerts(id)).sort()).toEqual([
        `DueSoon:dossier@${DOSSIER_DUE}`,
        `Overdue:assign@${ASSIGN_DUE}`,
        `Overdue:dossier@${DOSSIER_DUE}`,
      ]);
    }
  });

  it('after a restart the pending timers are found again and fire once, nothing twice', async () => {
    const [id] = await openCases(1);
    clock.set(at('2020-10-07 08:00'));
    const first = (await anotherInstance()).newTimers();
    first.start();
    await waitFor('the due-soon alert', async () => (await alerts(id)).some((x) => x.startsWith('DueSoon')));
    await first.stop(); // the process goes away

    clock.set(at('2020-10-08 08:30'));
    const restarted = (await anotherInstance()).newTimers();
    await restarted.runOnce();
    await restarted.runOnce();
    expect((await alerts(id)).sort()).toEqual([
      `DueSoon:dossier@${DOSSIER_DUE}`,
      `Overdue:assign@${ASSIGN_DUE}`,
      `Overdue:dossier@${DOSSIER_DUE}`,
    ]);
    const settled = await p.timerStore.ofDossier(id);
    expect(settled.map((t) => [t.kind, t.state]).sort()).toEqual([
      ['dossier_due_soon', 'fired'],
      ['dossier_overdue', 'fired'],
      ['step_overdue', 'fired'],
    ]);
  });

  it('a runner that died after appending but before settling does not emit again', async () => {
    const [id] = await openCases(1);
    clock.set(at('2020-10-07 08:00'));
    const alert = {
      kind: 'dossier_due_soon' as const,
      alert: 'due_soon' as const,
      deadline: 'dossier' as const,
      dueAt: at('2020-10-08 08:00'),
      stepCode: '',
    };
    const { state } = await p.streams.load(id);
    // What the dead runner did: the append with the timer id as request id, and nothing more.
    const decision = decide({ type: 'FireDeadlineAlert', ...alert, leadWorkingHours: 8 }, state, { now: clock.now(), time: calendar });
    if (!decision.ok) throw new Error('expected the alert to be due');
    await p.streams.commands.execute(
      {
        requestId: timerRequestId(timerId(id, alert)),
        correlationId: 'x',
        actor: { officerId: 'system:deadline-timer', role: 'service', unitCode: 'TUPHAP' },
      },
      { name: 'FireDeadlineAlert', streamId: id, authorize: () => undefined, decide: () => decision, respond: () => null },
    );
    expect((await p.timerStore.ofDossier(id)).find((t) => t.id === timerId(id, alert))).toMatchObject({ state: 'pending' });

    await (await anotherInstance()).newTimers().runOnce();
    expect((await alerts(id)).filter((x) => x.startsWith('DueSoon'))).toHaveLength(1);
    expect((await p.timerStore.ofDossier(id)).find((t) => t.id === timerId(id, alert))).toMatchObject({ state: 'fired' });
  });

  it('an apology moves the deadline: the old timers become obsolete and new ones fire at the new time', async () => {
    const [id] = await openCases(1);
    clock.set(at('2020-10-06 09:00'));
    await p.commands.execute(
      { requestId: `apology-${id}`, correlationId: 'c', actor: leader },
      id,
      { type: 'IssueApology', actor: leader, reason: 'cần xác minh', newDueAt: at('2020-10-12 17:00') },
      { present: () => ({}) },
    );
    clock.set(at('2020-10-08 09:00'));
    await p.newTimers().runOnce();
    expect(await alerts(id)).toEqual([`Overdue:assign@${ASSIGN_DUE}`]);
    const old = (await p.timerStore.ofDossier(id)).filter((t) => t.dueAt.getTime() === at('2020-10-08 08:00').getTime());
    expect(old.map((t) => t.state)).toEqual(['obsolete', 'obsolete']);
    clock.set(at('2020-10-12 17:00'));
    await p.newTimers().runOnce();
    expect((await alerts(id)).filter((x) => x.includes('dossier'))).toEqual([`Overdue:dossier@${at('2020-10-12 17:00').toISOString()}`]);
  });
});
