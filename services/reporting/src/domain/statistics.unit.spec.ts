import { periodOrThrow } from './period';
import { StatisticsBuilder, type StatisticsDossier } from './statistics';
import { dossier, vn } from '../testing/facts.spec';

function full(base: ReturnType<typeof dossier>, more: Partial<StatisticsDossier> = {}): StatisticsDossier {
  return {
    ...base,
    clockStartedAt: base.receivedAt,
    waitedWorkingHours: 0,
    supplementRequests: [],
    apologies: [],
    satisfaction: [],
    ...more,
  };
}

describe('period statistics beside Biểu II.06a', () => {
  const period = periodOrThrow('2020-07-01', '2020-09-30');
  // Working hours are stubbed as whole elapsed hours so the averages can be counted by hand.
  const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3600_000;

  const build = (ds: StatisticsDossier[]) => {
    const s = new StatisticsBuilder(period, vn('2021-01-01 00:00'), hours);
    ds.forEach((d) => s.add(d));
    return s.build();
  };

  it('shares the channels of the dossiers received in the period, postal apart from the counter', () => {
    const s = build([
      full(dossier('a', { channel: 'counter', received: '2020-07-01 08:00' })),
      full(dossier('b', { channel: 'postal', received: '2020-07-02 08:00' })),
      full(dossier('c', { channel: 'online', received: '2020-07-03 08:00' })),
      full(dossier('d', { channel: 'online', received: '2020-07-04 08:00' })),
      full(dossier('e', { channel: 'counter', received: '2020-06-30 08:00' })), // carried over: not a receipt of the period
    ]);
    expect(s.receivedInPeriod).toBe(4);
    expect(s.channels).toEqual([
      { channel: 'counter', received: 1, share: 0.25 },
      { channel: 'online', received: 2, share: 0.5 },
      { channel: 'postal', received: 1, share: 0.25 },
    ]);
  });

  it('computes the on-time rate and the average processing time per procedure, waiting excluded', () => {
    const s = build([
      full(dossier('a', { received: '2020-07-01 08:00', due: '2020-07-03 17:00', ended: '2020-07-02 08:00' })), // early, 24 h
      full(dossier('b', { received: '2020-07-01 08:00', due: '2020-07-03 17:00', ended: '2020-07-03 20:00' }), { waitedWorkingHours: 10 }), // on time, 60 - 10 h
      full(dossier('c', { received: '2020-07-01 08:00', due: '2020-07-03 17:00', ended: '2020-07-04 08:00' })), // late, 72 h
      full(dossier('d', { received: '2020-07-01 08:00', due: '2020-07-03 17:00' })), // open: no time
    ]);
    expect(s.resolved).toBe(3);
    expect(s.onTimeRate).toBeCloseTo(2 / 3);
    expect(s.processingTime).toEqual([
      { procedureCode: 'P1', procedureName: 'Chứng thực', resolved: 3, averageWorkingHours: (24 + 50 + 72) / 3 },
    ]);
  });

  it('leaves a dossier out of the average when the calendar cannot count its hours', () => {
    const s = new StatisticsBuilder(period, vn('2021-01-01 00:00'), () => null);
    s.add(full(dossier('a', { received: '2020-07-01 08:00', due: '2020-07-03 17:00', ended: '2020-07-02 08:00' })));
    expect(s.build()).toMatchObject({ resolved: 1, onTimeRate: 1, processingTime: [] });
  });

  it('counts apologies issued in the period and dossiers with more than one supplement request', () => {
    const s = build([
      full(dossier('a', { received: '2020-07-01 08:00' }), {
        apologies: [{ at: vn('2020-07-05 08:00'), newDueAt: null, reason: '' }],
        supplementRequests: [vn('2020-07-02 08:00'), vn('2020-07-04 08:00')],
      }),
      full(dossier('b', { received: '2020-07-01 08:00' }), {
        apologies: [{ at: vn('2020-10-05 08:00'), newDueAt: null, reason: '' }],
        supplementRequests: [vn('2020-07-02 08:00'), vn('2020-10-04 08:00')],
      }),
    ]);
    expect(s).toMatchObject({ apologies: 1, dossiersApologised: 1, moreThanOneSupplementRequest: 1 });
  });

  it('averages satisfaction by criterion over the evaluations made in the period', () => {
    const s = build([
      full(dossier('a', { received: '2020-06-01 08:00', ended: '2020-06-02 08:00' }), {
        satisfaction: [
          {
            at: vn('2020-07-01 09:00'),
            scores: [
              { criterion: 'attitude', score: 5 },
              { criterion: 'time', score: 3 },
            ],
          },
        ],
      }),
      full(dossier('b', { received: '2020-07-01 08:00' }), {
        satisfaction: [{ at: vn('2020-07-02 09:00'), scores: [{ criterion: 'attitude', score: 4 }] }],
      }),
      full(dossier('c', { received: '2020-07-01 08:00' }), {
        satisfaction: [{ at: vn('2020-10-02 09:00'), scores: [{ criterion: 'attitude', score: 1 }] }],
      }),
    ]);
    expect(s.satisfaction).toEqual([
      { criterion: 'attitude', evaluations: 2, averageScore: 4.5, distribution: [0, 0, 0, 1, 1] },
      { criterion: 'time', evaluations: 1, averageScore: 3, distribution: [0, 0, 1, 0, 0] },
    ]);
  });
});
