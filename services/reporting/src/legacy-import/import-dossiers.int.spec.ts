// The import's writes on the real PostgreSQL event store: an import stopped half-way is completed by
// running it again (only the missing dossiers are written), each dossier's events are one
// hash-chained commit claiming its code, and a code already held by a dossier received on the
// platform refuses the whole file by row, writing nothing.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { Pool } from 'pg';
import { encodeEvent } from '@onestop/contracts';
import { PostgresEventStore, verifyChain } from '@onestop/eventstore';
import { examplePath, referenceData } from '../testing/legacy-import.spec';
import { readCsv } from './export-file';
import { importDossiers, importRequestId } from './import-dossiers';
import { planDossier, type ImportRun, type PlannedDossier } from './plan';
import { validateRows } from './validate';

const PG_URL = process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop';
const pg = new Pool({ connectionString: PG_URL, max: 2 });
const schemas: string[] = [];

async function freshStore(): Promise<PostgresEventStore> {
  const schema = `t_legacy_import_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  const store = new PostgresEventStore(pg, { schema, source: 'onestop.intake' });
  await store.ensureSchema();
  return store;
}

async function eventCount(store: PostgresEventStore): Promise<number> {
  const r = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${store.schema}.events`);
  return Number(r.rows[0].n);
}

const run: ImportRun = {
  sha256: 'cd'.repeat(32),
  fileName: 'legacy-export.csv',
  format: 'csv',
  importedAt: new Date(),
  importedBy: 'ops-test',
};

function planned(): PlannedDossier[] {
  const read = readCsv(fs.readFileSync(examplePath('legacy-export.csv'), 'utf8'));
  const checked = 'rows' in read ? validateRows(read.rows, referenceData()) : undefined;
  if (!checked || !('dossiers' in checked)) throw new Error('the example file does not validate');
  return checked.dossiers.map((d) => planDossier(d, run, { catalogueVersion: 'cat', unitsVersion: 'units' }));
}

afterAll(async () => {
  for (const s of schemas) await pg.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
  await pg.end();
});

describe('importing dossiers into the event store', () => {
  it('completes an import stopped half-way, writing only the missing dossiers, each one hash-chained commit', async () => {
    const store = await freshStore();
    const all = planned();
    const first = await importDossiers(store, all.slice(0, 3), run);
    expect('outcome' in first && first.outcome).toMatchObject({ dossiers: 3, imported: 3, alreadyImported: 0 });
    const rest = await importDossiers(store, all, run);
    expect('outcome' in rest && rest.outcome).toMatchObject({ dossiers: 10, imported: 7, alreadyImported: 3 });
    const total = all.reduce((n, d) => n + d.events.length, 0);
    expect(await eventCount(store)).toBe(total);

    for (const d of all) {
      const events = await store.readStream(d.dossierId);
      expect(events.map((e) => e.id)).toEqual(d.events.map((e) => e.id));
      expect(verifyChain(events)).toEqual([]);
      const commit = await store.findByReservation(d.code);
      expect(commit).toMatchObject({
        streamId: d.dossierId,
        requestId: importRequestId(d.dossierId),
        firstVersion: 1,
        lastVersion: d.events.length,
      });
    }
    const again = await importDossiers(store, all, run);
    expect('outcome' in again && again.outcome).toMatchObject({ imported: 0, alreadyImported: 10, events: 0 });
    expect(await eventCount(store)).toBe(total);
  });

  it('refuses the file when a code is already held by a dossier received on the platform, writing nothing', async () => {
    const store = await freshStore();
    const type = 'onestop.intake.v1.DossierReceived';
    await store.append('d-received-on-the-platform', [{ type, data: encodeEvent(type, { dossierId: 'd-received-on-the-platform' }) }], {
      expectedVersion: 'no_stream',
      reservation: { key: 'TRUCNINH-200921-0001', scope: 'TRUCNINH-200921', seq: 1 },
    });
    const result = await importDossiers(store, planned(), run);
    expect(result).toEqual({
      problems: [
        {
          row: 10,
          field: 'code',
          message: 'TRUCNINH-200921-0001 is already the code of dossier d-received-on-the-platform in the event store',
        },
      ],
    });
    expect(await eventCount(store)).toBe(1);
  });
});
