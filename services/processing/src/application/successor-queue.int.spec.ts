// A successor's work queue on the real read model (FerretDB/MongoDB): it lists the cases it
// carries on by (agency, unit) beside its own, and rows written before work items carried their
// dossier's unit get it from the case's events.
import { receivedDossier, processingOn, TestClock, testDatabase, type Processing } from '../int-support.spec';
import { at } from '../domain/fixtures.spec';

const clock = new TestClock(at('2020-10-05 09:00'));
let database: Awaited<ReturnType<typeof testDatabase>>;
let p: Processing;

beforeAll(async () => {
  database = await testDatabase();
  p = await processingOn(database.db, clock);
});
afterAll(() => database.drop());

async function openCase(unitCode: string, agencyCode: string): Promise<string> {
  const dossier = receivedDossier({ unitCode, agencyCode });
  await p.facts.apply({ type: 'DossierReceived', data: dossier }, { eventId: `received-${dossier.dossierId}` });
  return dossier.dossierId;
}

const newQueue = (agencyCode: string, carried?: { agencyCodes: string[]; unitCodes: string[] }) =>
  p.items
    .list({ agencyCode, carried, queue: 'new', now: clock.now(), offset: 0, limit: 100 })
    .then((rows) => rows.map((r) => r.dossierId).sort());

it('lists its own cases and the carried (agency, unit) pairs, no other', async () => {
  const own = await openCase('XMINHTHAI', 'XMINHTHAI-VHXH');
  const carried = await openCase('XTRUCDAI', 'TUPHAP');
  await openCase('TTCOLE', 'TUPHAP'); // another commune's predecessor
  await openCase('XTRUCDAI', 'KTHT'); // a department not in the scope given
  const scope = { agencyCodes: ['TUPHAP'], unitCodes: ['XMINHTHAI', 'XTRUCDAI'] };
  expect(await newQueue('XMINHTHAI-VHXH', scope)).toEqual([own, carried].sort());
  expect(await newQueue('XMINHTHAI-VHXH')).toEqual([own]);
  expect(await newQueue('XMINHTHAI-VHXH', { agencyCodes: [], unitCodes: ['XTRUCDAI'] })).toEqual([own]);
});

it("gives rows written without their dossier's unit that unit, once", async () => {
  const old = await openCase('XTRUCTHAI', 'TUPHAP');
  await p.items.collection.updateOne({ _id: old }, { $unset: { unitCode: '' } });
  const scope = { agencyCodes: ['TUPHAP'], unitCodes: ['XTRUCTHAI'] };
  expect(await newQueue('XMINHTHAI-KT', scope)).toEqual([]);
  expect(await p.projection.backfillUnits()).toBe(1);
  expect((await p.items.get(old))?.unitCode).toBe('XTRUCTHAI');
  expect(await newQueue('XMINHTHAI-KT', scope)).toEqual([old]);
  expect(await p.projection.backfillUnits()).toBe(0);
});
