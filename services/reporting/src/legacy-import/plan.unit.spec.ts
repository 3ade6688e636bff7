// The plan of the example export, and what reporting makes of it: every planned event translated
// and folded as if it came from Kafka, then Biểu II.06a for the third quarter of 2020.
import * as fs from 'node:fs';
import { decodeEvent, legacyImportEvents as ev } from '@onestop/contracts';
import { foldEvents } from '../application/dossier-projector';
import type { StoredEvent } from '../application/ports';
import type { DossierView } from '../domain/dossier-view';
import { identityViolations, officialReport } from '../domain/official-report';
import { periodOrThrow } from '../domain/period';
import { readCsv } from './export-file';
import {
  DOSSIER_IMPORTED,
  legacyDossierId,
  planDossier,
  reservationOf,
  STATUS_IMPORTED,
  type ImportRun,
  type PlannedDossier,
} from './plan';
import { validateRows, type LegacyDossier } from './validate';
import { EXAMPLE_Q3_2020_TOTALS, examplePath, referenceData } from '../testing/legacy-import.spec';

const run: ImportRun = {
  sha256: 'ab'.repeat(32),
  fileName: 'legacy-export.csv',
  format: 'csv',
  importedAt: new Date('2026-11-29T09:00:00Z'),
  importedBy: 'ops-anh',
};

function exampleDossiers(): LegacyDossier[] {
  const read = readCsv(fs.readFileSync(examplePath('legacy-export.csv'), 'utf8'));
  const checked = 'rows' in read ? validateRows(read.rows, referenceData()) : undefined;
  if (!checked || !('dossiers' in checked)) throw new Error('the example file does not validate');
  return checked.dossiers;
}

const planned = exampleDossiers().map((d) => planDossier(d, run, { catalogueVersion: 'cat-1', unitsVersion: 'units-1' }));

/** The planned events as reporting would consume them: recorded at the import, on intake's topic. */
function asConsumed(p: PlannedDossier): StoredEvent[] {
  return p.events.map((e, i) => ({
    id: e.id,
    source: 'onestop.intake',
    type: e.type,
    streamId: p.dossierId,
    streamVersion: i + 1,
    recordedAt: run.importedAt,
    data: e.data,
    actorId: run.importedBy,
    dossierId: p.dossierId,
    topic: 'onestop.intake.events.v1',
    partition: 0,
    offset: String(i),
  }));
}

describe('planning the import of a dossier', () => {
  it('derives the same stream and event ids from the same code, whatever the run', () => {
    const again = exampleDossiers().map((d) =>
      planDossier(d, { ...run, importedAt: new Date() }, { catalogueVersion: 'x', unitsVersion: 'y' }),
    );
    expect(again.map((p) => [p.dossierId, ...p.events.map((e) => e.id)])).toEqual(
      planned.map((p) => [p.dossierId, ...p.events.map((e) => e.id)]),
    );
    expect(planned[0].dossierId).toBe(legacyDossierId('TRUCNINH-200625-0004'));
    expect(planned[0].dossierId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(planned.map((p) => p.dossierId)).size).toBe(planned.length);
  });

  it('claims a platform-form code in its unit’s daily sequence and any other code under the unit’s legacy scope', () => {
    const receivedAt = new Date('2020-07-06T01:15:00Z');
    expect(reservationOf({ code: 'TRUCNINH-200706-0001', unitCode: 'TRUCNINH', receivedAt, row: 3 })).toEqual({
      key: 'TRUCNINH-200706-0001',
      scope: 'TRUCNINH-200706',
      seq: 1,
    });
    expect(reservationOf({ code: 'H40.52-200706-0017', unitCode: 'XTRUCNOI', receivedAt, row: 8 })).toEqual({
      key: 'H40.52-200706-0017',
      scope: 'legacy-import:XTRUCNOI',
      seq: 8,
    });
    expect(reservationOf({ code: 'TRUCNINH-200707-0001', unitCode: 'TRUCNINH', receivedAt, row: 3 }).scope).toBe('legacy-import:TRUCNINH');
  });

  it('records the receipt, each change, the result and its return, each with its original time and the file it came from', () => {
    const tnmt = planned.find((p) => p.code === 'TRUCNINH-200715-0002') as PlannedDossier;
    expect(tnmt.events.map((e) => e.type)).toEqual([DOSSIER_IMPORTED, ...Array<string>(5).fill(STATUS_IMPORTED)]);
    const received = decodeEvent<ev.LegacyDossierImported>(DOSSIER_IMPORTED, tnmt.events[0].data);
    expect(received).toMatchObject({
      dossierId: tnmt.dossierId,
      dossierCode: 'TRUCNINH-200715-0002',
      procedureCode: 'TNMT-01',
      receivedAt: new Date('2020-07-15T03:00:00Z'),
      dueAt: new Date('2020-07-29T03:00:00Z'),
      catalogueVersion: 'cat-1',
      source: {
        fileSha256: run.sha256,
        fileName: 'legacy-export.csv',
        fileFormat: 'csv',
        row: 5,
        importedAt: run.importedAt,
        importedBy: 'ops-anh',
      },
    });
    const statuses = tnmt.events.slice(1).map((e) => decodeEvent<ev.LegacyStatusImported>(STATUS_IMPORTED, e.data));
    expect(statuses.map((s) => [s.status, s.at?.toISOString()])).toEqual([
      [ev.LegacyStatus.LEGACY_STATUS_PROCESSING, '2020-07-15T07:00:00.000Z'],
      [ev.LegacyStatus.LEGACY_STATUS_SUPPLEMENT_REQUESTED, '2020-07-20T02:00:00.000Z'],
      [ev.LegacyStatus.LEGACY_STATUS_SUPPLEMENT_RECEIVED, '2020-07-24T03:00:00.000Z'],
      [ev.LegacyStatus.LEGACY_STATUS_RESULT_READY, '2020-08-06T09:00:00.000Z'],
      [ev.LegacyStatus.LEGACY_STATUS_RESULT_RETURNED, '2020-08-07T03:00:00.000Z'],
    ]);
    expect(statuses[2].newDueAt).toEqual(new Date('2020-08-04T03:00:00Z'));
    expect(statuses.every((s) => s.source?.fileSha256 === run.sha256)).toBe(true);
  });
});

describe('reporting on imported dossiers', () => {
  const views = planned.map((p) => foldEvents(p.dossierId, asConsumed(p)) as DossierView);

  it('folds each into a dossier view at its original times', () => {
    const tnmt = views.find((v) => v.dossierCode === 'TRUCNINH-200715-0002') as DossierView;
    expect(tnmt).toMatchObject({
      status: 10,
      channel: 'postal',
      unitCode: 'TRUCNINH',
      fieldCode: 'TNMT',
      receivedAt: new Date('2020-07-15T03:00:00Z'),
      dueAt: new Date('2020-08-04T03:00:00Z'),
      endKind: 'result',
      endedAt: new Date('2020-08-06T09:00:00Z'),
      outcome: 'late',
      returnedAt: new Date('2020-08-07T03:00:00Z'),
      supplementsReceived: 1,
    });
    expect(tnmt.timeline.map((t) => t.summary)[1]).toBe('In processing (imported from legacy-export.csv row 5)');
    const withdrawn = views.find((v) => v.dossierCode === 'TTNINHCUONG-200812-0001') as DossierView;
    expect(withdrawn).toMatchObject({ status: 7, endKind: 'withdrawn', unitCode: 'TTNINHCUONG' });
  });

  it('counts them in Biểu II.06a for the third quarter of 2020', () => {
    const report = officialReport(views, periodOrThrow('2020-07-01', '2020-09-30'), 'unit', new Date('2026-11-29T00:00:00Z'));
    expect(report.total).toEqual(EXAMPLE_Q3_2020_TOTALS);
    expect(identityViolations(report.total)).toEqual([]);
    expect(report.rows.map((r) => [r.key, r.received])).toEqual([
      ['TRUCNINH', 6],
      ['TTNINHCUONG', 1],
      ['XLIEMHAI', 1],
      ['XTRUCDAO', 1],
      ['XTRUCNOI', 1],
    ]);
  });
});
