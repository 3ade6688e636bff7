import { earlierOf, monthsOf, onTimeRate, receivedPerWeek, sixMonthsBefore, weekOf } from './series';

describe('dashboard series', () => {
  it('splits a period into its months, clipped to the period', () => {
    expect(monthsOf('2026-01-15', '2026-03-10')).toEqual([
      { key: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { key: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { key: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ]);
    expect(monthsOf('2025-11-01', '2026-01-31').map((m) => m.key)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsOf('2024-01-01', '2026-12-31', 12)).toHaveLength(12);
  });

  it('reaches back six whole months for the charts', () => {
    expect(sixMonthsBefore('2026-11-29')).toBe('2026-06-01');
    expect(sixMonthsBefore('2026-03-10')).toBe('2025-10-01');
    expect(earlierOf('2026-01-01', sixMonthsBefore('2026-03-10'))).toBe('2025-10-01');
  });

  it('counts early and on-time among the resolved', () => {
    expect(onTimeRate({ resolved: 4, early: 1, onTime: 2 })).toBe(0.75);
    expect(onTimeRate({ resolved: 0, early: 0, onTime: 0 })).toBeUndefined();
  });

  it('buckets dossiers by the Monday of their week in Vietnam’s time', () => {
    // Sunday 23:30 in Hanoi is still the week of Monday 2026-03-02
    expect(weekOf(new Date('2026-03-08T16:30:00Z'))).toBe('2026-03-02');
    // …and half an hour later, Monday 00:00 in Hanoi, the next week
    expect(weekOf(new Date('2026-03-08T17:00:00Z'))).toBe('2026-03-09');
    expect(
      receivedPerWeek([new Date('2026-03-03T03:00:00Z'), new Date('2026-03-04T03:00:00Z'), undefined], '2026-03-01', '2026-03-10'),
    ).toEqual([
      { week: '2026-02-23', received: 0 },
      { week: '2026-03-02', received: 2 },
      { week: '2026-03-09', received: 0 },
    ]);
  });
});
