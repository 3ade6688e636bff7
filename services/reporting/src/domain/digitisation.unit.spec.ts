// Digitisation appears in the report: intake's ComponentsDigitised and ResultDigitised, translated
// and folded like every event, give the rate per unit and field in the period statistics.
import { translateEvent, toDossierFact } from '../application/translate/translate';
import { dossierReceived, incoming, SOURCES } from '../testing/events.spec';
import { fact, vn } from '../testing/facts.spec';
import { foldDossier } from './fold';
import type { DossierFact } from './facts';
import { periodOrThrow } from './period';
import { StatisticsBuilder, type StatisticsDossier } from './statistics';

const T = 'onestop.intake.v1.';
const SHA = 'b'.repeat(64);

function factsOf(dossierId: string, payloads: [string, Record<string, unknown>][]): DossierFact[] {
  return payloads.map(([type, payload], i) => {
    const e = incoming(SOURCES.intake, T + type, dossierId, i + 1, payload);
    const t = translateEvent(e);
    if (!t) throw new Error(`${type} is not translated`);
    return toDossierFact(e, t, dossierId);
  });
}

const docs = (...codes: string[]) => codes.map((componentCode) => ({ componentCode, form: 1, count: 1, fileRef: '' }));
const copy = (by: string) => ({
  fileRef: 'archive://x.pdf',
  sha256: SHA,
  pageCount: 3,
  digitisedBy: by,
  digitisedAt: new Date('2020-03-02T02:00:00Z'),
});

describe('digitisation rate in the period statistics', () => {
  const d1 = foldDossier('d1', [
    ...factsOf('d1', [
      ['DossierReceived', dossierReceived('d1', { documents: docs('DON', 'CCCD', 'SOHK') })],
      [
        'ComponentsDigitised',
        {
          dossierId: 'd1',
          components: [
            { componentCode: 'DON', scanned: copy('desk-1') },
            { componentCode: 'CCCD', scanned: copy('desk-1') },
            { componentCode: 'SOHK', reused: { dossierCode: 'H40-200101-0001', componentCode: 'SOHK' }, reusedFromDossierId: 'd0' },
          ],
          recordedBy: 'desk-1',
          recordedAt: new Date('2020-03-02T02:00:00Z'),
          unitCode: 'H40',
          fieldCode: 'TP',
        },
      ],
    ]),
    fact('d1', 'onestop.processing', 1, { kind: 'result_ready', at: vn('2020-03-03 10:00'), verdict: 'early' }),
    ...factsOf('d1', [['ResultDigitised', { dossierId: 'd1', copy: copy('desk-1'), unitCode: 'H40', fieldCode: 'TP' }]]).map((f) => ({
      ...f,
      meta: { ...f.meta, streamVersion: 3 },
    })),
  ]);
  const d2 = foldDossier(
    'd2',
    factsOf('d2', [['DossierReceived', dossierReceived('d2', { dossierCode: 'H40-200302-0002', documents: docs('DON', 'CCCD') })]]),
  );

  it('folds the digitised components and the result into the dossier view, with a line on the timeline', () => {
    expect([d1?.componentsReceived, d1?.componentsScanned, d1?.componentsReused, d1?.resultDigitised]).toEqual([
      3,
      ['DON', 'CCCD'],
      ['SOHK'],
      true,
    ]);
    expect(d1?.timeline.map((t) => t.summary)).toContain('Digitised at the desk: 2 scanned, 1 reused from an earlier copy');
  });

  it('reports per unit and field: components digitised or reused out of those received, results digitised out of those issued', () => {
    const s = new StatisticsBuilder(periodOrThrow('2020-03-01', '2020-03-31'), vn('2020-04-01 00:00'), () => 0);
    for (const v of [d1, d2]) s.add(v as StatisticsDossier);
    expect(s.build().digitisation).toEqual([
      {
        unitCode: 'H40',
        fieldCode: 'TP',
        dossiers: 2,
        componentsReceived: 5,
        componentsDigitised: 2,
        componentsReused: 1,
        componentRate: 0.6,
        resultsIssued: 1,
        resultsDigitised: 1,
        resultRate: 1,
      },
    ]);
  });

  it('leaves out dossiers received outside the period', () => {
    const s = new StatisticsBuilder(periodOrThrow('2020-04-01', '2020-04-30'), vn('2020-05-01 00:00'), () => 0);
    s.add(d1 as StatisticsDossier);
    expect(s.build().digitisation).toEqual([]);
  });
});
