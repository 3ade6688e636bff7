// Biểu II.06a across the map change of 1 July 2025, with the shipped administrative map: a 2020
// dossier of Trực Đại commune (merged into Minh Thái) finished in 2026 counts once in the 2020
// report (received, in progress) and once in a 2025–2026 report (carried over, resolved) — under
// Trực Đại as it was, or rolled up to Minh Thái.
import * as path from 'node:path';
import { loadAdminMap, rollUp } from '@onestop/admin-map';
import { identityViolations, officialReport, type ReportOptions } from './official-report';
import { periodOrThrow } from './period';
import type { ReportDossier } from './classify';
import { dossier, vn } from '../testing/facts.spec';

const map = loadAdminMap(path.resolve(__dirname, '../../../intake/data/units.json'));
const rolledUp: ReportOptions = { unitView: 'rolled_up', rollUp: (u, day) => rollUp(map, u, day) };

const at = (unitCode: string, d: ReportDossier, level = 'commune'): ReportDossier => ({ ...d, unitCode, level });

const DOSSIERS = [
  // Received at Trực Đại in 2020, finished by Minh Thái on 6 January 2026 (late).
  at('XTRUCDAI', dossier('old', { received: '2020-09-15 09:00', due: '2020-09-30 17:00', ended: '2026-01-06 09:00' })),
  // Received at Trực Thái a few days before the merger, resolved after it.
  at('XTRUCTHAI', dossier('cross', { received: '2025-06-25 09:00', due: '2025-07-15 17:00', ended: '2025-07-10 10:00' })),
  // Received at Minh Thái's centre in 2026.
  at('XMINHTHAI', dossier('new', { received: '2026-02-02 09:00', due: '2026-02-20 17:00', ended: '2026-02-10 10:00' })),
  // Cổ Lễ town, closed in 2020: in the 2020 report only.
  at('TTCOLE', dossier('cole', { received: '2020-03-02 09:00', due: '2020-03-10 17:00', ended: '2020-03-05 10:00' })),
];

const rowOf = (r: ReturnType<typeof officialReport>, key: string) => r.rows.find((x) => x.key === key);

describe('the 2020 report (2020-01-01 .. 2020-12-31), judged on 2026-03-01', () => {
  const period = periodOrThrow('2020-01-01', '2020-12-31');
  const now = vn('2026-03-01 00:00');

  it('counts the Trực Đại dossier received and in progress (overdue) under Trực Đại, whichever the view', () => {
    for (const options of [{}, rolledUp]) {
      const r = officialReport(DOSSIERS, period, 'unit', now, options);
      expect(r.rows.map((x) => x.key)).toEqual(['TTCOLE', 'XTRUCDAI']);
      expect(rowOf(r, 'XTRUCDAI')).toMatchObject({ received: 1, counterOrPostal: 1, inProgress: 1, overdue: 1, resolved: 0 });
      expect(r.total).toMatchObject({ received: 2, resolved: 1, inProgress: 1 });
      expect(identityViolations(r.total)).toEqual([]);
    }
  });
});

describe('a 2025–2026 report (2025-01-01 .. 2026-06-30) crossing 1 July 2025', () => {
  const period = periodOrThrow('2025-01-01', '2026-06-30');
  const now = vn('2026-07-01 00:00');

  it('at the time: each dossier under the unit it was received at', () => {
    const r = officialReport(DOSSIERS, period, 'unit', now);
    expect(r.unitView).toBe('at_the_time');
    expect(r.rows.map((x) => x.key)).toEqual(['XMINHTHAI', 'XTRUCDAI', 'XTRUCTHAI']);
    expect(rowOf(r, 'XTRUCDAI')).toMatchObject({ received: 1, carriedOver: 1, resolved: 1, late: 1, inProgress: 0 });
    expect(rowOf(r, 'XTRUCTHAI')).toMatchObject({ received: 1, counterOrPostal: 1, resolved: 1, early: 1 });
    expect(rowOf(r, 'XMINHTHAI')).toMatchObject({ received: 1, counterOrPostal: 1, resolved: 1, early: 1 });
  });

  it("rolled up: Trực Đại's and Trực Thái's dossiers count under Minh Thái, the totals unchanged", () => {
    const plain = officialReport(DOSSIERS, period, 'unit', now);
    const r = officialReport(DOSSIERS, period, 'unit', now, rolledUp);
    expect(r.unitView).toBe('rolled_up');
    expect(r.rows.map((x) => x.key)).toEqual(['XMINHTHAI']);
    expect(rowOf(r, 'XMINHTHAI')).toMatchObject({
      received: 3,
      carriedOver: 1,
      counterOrPostal: 2,
      resolved: 3,
      early: 2,
      late: 1,
      inProgress: 0,
    });
    expect(r.total).toEqual(plain.total);
    expect(identityViolations(r.total)).toEqual([]);
  });

  it('rolls up to the successor in force at the period end: a period ending before 1 July 2025 keeps the old communes', () => {
    const r = officialReport(DOSSIERS, periodOrThrow('2025-06-01', '2025-06-30'), 'unit', now, rolledUp);
    expect(r.rows.map((x) => x.key)).toEqual(['XTRUCDAI', 'XTRUCTHAI']);
  });
});
