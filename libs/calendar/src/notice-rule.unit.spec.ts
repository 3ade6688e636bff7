// "The agency must notify the desk at least 1 working day before the deadline" (domain §2, step 6).
import { loadCalendar } from './load';
import { vnTime as at } from '@onestop/test-support';

const calendar = loadCalendar();

describe('workingDaysBefore', () => {
  it.each([
    ['a deadline mid-morning', '2024-03-12 10:00', 1, '2024-03-11 10:00'],
    ['a deadline at opening', '2024-03-12 07:00', 1, '2024-03-11 07:00'],
    ['a deadline at closing', '2024-03-12 17:00', 1, '2024-03-12 07:00'],
    ['a deadline in the afternoon', '2024-03-12 15:00', 1, '2024-03-11 15:00'],
    ['a deadline on Monday', '2024-03-18 09:00', 1, '2024-03-15 09:00'],
    ['a deadline after Tết 2020', '2020-02-03 09:00', 1, '2020-01-31 09:00'],
    ['two days before, after Tết 2020', '2020-02-03 09:00', 2, '2020-01-30 09:00'],
    ['three days before, across Tết 2020', '2020-02-03 09:00', 3, '2020-01-22 09:00'],
    ['a deadline after a làm bù Saturday', '2024-05-06 09:00', 1, '2024-05-04 09:00'],
    ['half a working day', '2024-03-12 10:00', 0.5, '2024-03-11 16:00'],
    ['no working days', '2024-03-12 10:00', 0, '2024-03-12 10:00'],
  ])('%s: %s, %s day(s) before -> %s', (_case, deadline, n, expected) => {
    expect(calendar.workingDaysBefore(at(deadline), n)).toEqual(at(expected));
  });

  it('rejects a negative count', () => {
    expect(() => calendar.workingDaysBefore(at('2024-03-12 10:00'), -1)).toThrow(/^n: /);
  });
});

describe('isAtLeastWorkingDaysBefore', () => {
  it.each([
    ['exactly one working day ahead', '2024-03-11 10:00', '2024-03-12 10:00', true],
    ['one minute too late', '2024-03-11 10:01', '2024-03-12 10:00', false],
    ['after hours, a full day still ahead', '2024-03-11 17:30', '2024-03-12 17:00', true],
    ['after hours, one minute short', '2024-03-11 17:00', '2024-03-12 16:59', false],
    ['on Friday for a Monday deadline', '2024-03-15 09:00', '2024-03-18 09:00', true],
    ['on Saturday for a Monday 09:00 deadline', '2024-03-16 09:00', '2024-03-18 09:00', false],
    ['before Tết 2026 for a deadline just after it', '2026-02-13 10:00', '2026-02-23 10:00', true],
    ['after the deadline', '2024-03-13 10:00', '2024-03-12 10:00', false],
  ])('%s: now %s, deadline %s -> %s', (_case, now, deadline, expected) => {
    expect(calendar.isAtLeastWorkingDaysBefore(at(now), at(deadline), 1)).toBe(expected);
  });

  it('agrees with workingDaysBefore: in time exactly up to that instant', () => {
    const deadline = at('2026-02-24 10:00');
    const latest = calendar.workingDaysBefore(deadline, 1);
    expect(latest).toEqual(at('2026-02-23 10:00'));
    expect(calendar.isAtLeastWorkingDaysBefore(latest, deadline, 1)).toBe(true);
    expect(calendar.isAtLeastWorkingDaysBefore(new Date(latest.getTime() + 1), deadline, 1)).toBe(false);
  });
});
