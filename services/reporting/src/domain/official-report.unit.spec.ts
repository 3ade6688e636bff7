import { identityViolations, officialReport, zeroCounts, type ReportCounts } from './official-report';
import { periodOrThrow } from './period';
import { dossier, vn } from '../testing/facts.spec';

// Hand-counted fixture for 2020-01-01 .. 2020-09-30 (the article's nine months). Times are
// Vietnamese local time. Each line says where the dossier must land.
const FIXTURE = [
  // Tư pháp (TP)
  dossier('A', { channel: 'counter', received: '2020-02-03 09:00', due: '2020-02-05 17:00', ended: '2020-02-04 10:00' }), // received, early
  dossier('B', { channel: 'online', received: '2020-03-02 08:00', due: '2020-03-04 17:00', ended: '2020-03-04 16:59' }), // online, on time
  dossier('C', { channel: 'postal', received: '2020-04-01 08:00', due: '2020-04-03 10:00', ended: '2020-04-03 23:30' }), // postal, on time (same calendar day)
  dossier('D', { channel: 'counter', received: '2020-05-04 08:00', due: '2020-05-06 17:00', ended: '2020-05-07 00:30' }), // late (next calendar day)
  dossier('E', { received: '2019-12-20 08:00', due: '2020-01-10 17:00', ended: '2020-01-08 10:00' }), // carried over, early
  dossier('F', { received: '2019-12-01 08:00', due: '2019-12-20 17:00', ended: '2019-12-15 10:00' }), // closed before: not counted
  dossier('G', { received: '2020-09-20 08:00', due: '2020-09-29 17:00' }), // in progress, overdue
  dossier('H', { received: '2020-09-25 08:00', due: '2020-10-02 17:00' }), // in progress, within time
  dossier('I', { received: '2020-09-28 08:00', due: '2020-09-30 10:00', ended: '2020-10-01 08:00' }), // ended after the period: in progress, overdue
  dossier('Q', { received: '2019-12-31 16:00', due: '2020-01-02 17:00', ended: '2020-01-01 00:00' }), // carried over (ends at from), early
  // Lao động - Thương binh và Xã hội (LDTBXH)
  dossier('J', { field: 'LDTBXH', received: '2019-11-01 08:00', due: '2019-12-01 17:00' }), // carried over, in progress overdue
  dossier('K', {
    field: 'LDTBXH',
    channel: 'online',
    received: '2020-06-01 08:00',
    due: '2020-06-10 17:00',
    ended: '2020-06-03 08:00',
    endKind: 'withdrawn',
  }),
  dossier('L', { field: 'LDTBXH', received: '2020-07-01 08:00', due: '2020-07-20 17:00', ended: '2020-07-10 08:00', endKind: 'stopped' }),
  dossier('M', { field: 'LDTBXH', refused: '2020-08-01 08:00' }), // refused at reception: apart
  dossier('N', { field: 'LDTBXH', received: '2020-10-01 00:10', due: '2020-10-05 17:00' }), // after the period: not counted
  dossier('O', { field: 'LDTBXH', received: '2020-09-30 23:50', due: '2020-10-05 17:00' }), // last minute: received, within time
  dossier('P', { field: 'LDTBXH', received: '2019-12-30 08:00', due: '2020-01-10 17:00', ended: '2020-01-02 08:00', endKind: 'withdrawn' }), // carried over, withdrawn
];

const counts = (c: Partial<ReportCounts>): ReportCounts => ({ ...zeroCounts(), ...c });

describe('Biểu II.06a for 2020-01-01 .. 2020-09-30', () => {
  const period = periodOrThrow('2020-01-01', '2020-09-30');
  const report = officialReport(FIXTURE, period, 'field', vn('2021-01-01 00:00'));

  it('has one row per field, numbered, in code order', () => {
    expect(report.rows.map((r) => [r.no, r.key, r.label])).toEqual([
      [1, 'LDTBXH', 'Lao động - Thương binh và Xã hội'],
      [2, 'TP', 'Tư pháp'],
    ]);
  });

  it('counts the Tư pháp row as hand-counted', () => {
    const { no: _no, key: _key, label: _label, ...tp } = report.rows[1];
    expect(tp).toEqual(
      counts({
        received: 9,
        online: 1,
        counterOrPostal: 6,
        carriedOver: 2,
        resolved: 6,
        early: 3,
        onTime: 2,
        late: 1,
        inProgress: 3,
        withinTime: 1,
        overdue: 2,
      }),
    );
  });

  it('counts the LĐ-TB-XH row with withdrawn, stopped and refused dossiers apart', () => {
    const { no: _no, key: _key, label: _label, ...ld } = report.rows[0];
    expect(ld).toEqual(
      counts({
        received: 5,
        online: 1,
        counterOrPostal: 2,
        carriedOver: 2,
        inProgress: 2,
        withinTime: 1,
        overdue: 1,
        closedOtherwise: 3,
        withdrawn: 2,
        stopped: 1,
        refusedAtReception: 1,
      }),
    );
  });

  it('totals the rows', () => {
    expect(report.total).toEqual(
      counts({
        received: 14,
        online: 2,
        counterOrPostal: 8,
        carriedOver: 4,
        resolved: 6,
        early: 3,
        onTime: 2,
        late: 1,
        inProgress: 5,
        withinTime: 2,
        overdue: 3,
        closedOtherwise: 3,
        withdrawn: 2,
        stopped: 1,
        refusedAtReception: 1,
      }),
    );
  });

  it('keeps the identities col 3 = 4 + 5 + 6 and col 3 = 7 + 11 + closed otherwise on every row', () => {
    for (const row of [...report.rows, report.total]) expect(identityViolations(row)).toEqual([]);
  });

  it('judges overdue at "now" while the period is still running', () => {
    const known = FIXTURE.filter((d) => d.dossierId === 'G' || d.dossierId === 'H');
    const on26th = officialReport(known, period, 'field', vn('2020-09-26 12:00'));
    expect(on26th.rows[0]).toMatchObject({ inProgress: 2, withinTime: 2, overdue: 0 });
    expect(on26th.cutoff).toEqual(vn('2020-09-26 12:00'));
    const on30th = officialReport(known, period, 'field', vn('2020-09-30 12:00'));
    expect(on30th.rows[0]).toMatchObject({ inProgress: 2, withinTime: 1, overdue: 1 });
  });

  it('carries the second quarter into the third', () => {
    const q3 = officialReport(FIXTURE, periodOrThrow('2020-07-01', '2020-09-30'), 'field', vn('2021-01-01 00:00'));
    const tp = q3.rows.find((r) => r.key === 'TP');
    // Received in Q3: G, H, I. Nothing of TP from Q1/Q2 is open on 07-01.
    expect(tp).toMatchObject({ received: 3, carriedOver: 0, resolved: 0, inProgress: 3 });
    const ld = q3.rows.find((r) => r.key === 'LDTBXH');
    // J has been open since 2019: carried over; L received in Q3 and stopped; O received on the last evening.
    expect(ld).toMatchObject({
      received: 3,
      carriedOver: 1,
      counterOrPostal: 2,
      closedOtherwise: 1,
      stopped: 1,
      inProgress: 2,
      overdue: 1,
    });
    for (const row of [...q3.rows, q3.total]) expect(identityViolations(row)).toEqual([]);
  });

  it('groups by level with a label and the same totals', () => {
    const byLevel = officialReport(FIXTURE, period, 'level', vn('2021-01-01 00:00'));
    expect(byLevel.rows).toHaveLength(1);
    expect(byLevel.rows[0].label).toBe('Cấp huyện (district)');
    expect(byLevel.total).toEqual(report.total);
  });

  it('names each broken identity', () => {
    expect(identityViolations(counts({ received: 2, online: 1 }))).toEqual([
      'col 3 (2) != col 4 + 5 + 6 (1 + 0 + 0)',
      'col 3 (2) != col 7 + col 11 + closed otherwise (0 + 0 + 0)',
    ]);
  });
});
