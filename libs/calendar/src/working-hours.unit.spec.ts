import { CalendarArgumentError } from './errors';
import { loadCalendar } from './load';
import { vnTime as at } from '@onestop/test-support';

const calendar = loadCalendar();

describe('addWorkingHours', () => {
  it.each([
    ['one hour in the morning', '2024-03-11 08:00', 1, '2024-03-11 09:00'],
    ['up to the lunch break', '2024-03-11 10:30', 1, '2024-03-11 11:30'],
    ['across the lunch break', '2024-03-11 10:30', 2, '2024-03-11 14:30'],
    ['up to closing time', '2024-03-11 16:00', 1, '2024-03-11 17:00'],
    ['across the night', '2024-03-11 16:00', 1.5, '2024-03-12 07:30'],
    ['a half day from opening', '2024-03-11 07:00', 4, '2024-03-11 11:00'],
    ['a half day from 08:00', '2024-03-11 08:00', 4, '2024-03-11 14:00'],
    ['a morning from opening', '2024-03-11 07:00', 4.5, '2024-03-11 11:30'],
    ['a full day from opening', '2024-03-11 07:00', 8, '2024-03-11 17:00'],
    ['a quarter hour more than a day', '2024-03-11 07:00', 8.25, '2024-03-12 07:15'],
    ['one minute', '2024-03-11 11:29', 1 / 60, '2024-03-11 11:30'],
    ['from lunch', '2024-03-11 12:00', 1, '2024-03-11 14:30'],
    ['from before opening', '2024-03-11 06:30', 1, '2024-03-11 08:00'],
    ['from 17:00', '2024-03-11 17:00', 1, '2024-03-12 08:00'],
    ['from a Sunday', '2024-03-10 10:00', 4, '2024-03-11 11:00'],
    ['over a weekend', '2024-03-15 15:00', 3, '2024-03-18 08:00'],
    ['over Tết 2026', '2026-02-13 16:00', 2, '2026-02-23 08:00'],
    ['over Tết 2020', '2020-01-22 16:30', 1, '2020-01-30 07:30'],
    ['into a làm bù Saturday', '2025-04-25 16:00', 2, '2025-04-26 08:00'],
    ['over a swapped Monday', '2024-04-26 16:00', 2, '2024-05-02 08:00'],
    ['over the year end', '2024-12-31 16:00', 2, '2025-01-02 08:00'],
  ])('%s: %s + %s h -> %s', (_case, start, hours, expected) => {
    expect(calendar.addWorkingHours(at(start), hours)).toEqual(at(expected));
  });

  it('adding nothing returns the same instant, even outside office hours', () => {
    expect(calendar.addWorkingHours(at('2024-03-10 10:00'), 0)).toEqual(at('2024-03-10 10:00'));
  });

  it('keeps sub-minute precision', () => {
    expect(calendar.addWorkingHours(at('2024-03-11 07:00'), 1 / 3600)).toEqual(new Date(at('2024-03-11 07:00').getTime() + 1000));
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p hours, naming the argument', (hours) => {
    expect(() => calendar.addWorkingHours(at('2024-03-11 07:00'), hours)).toThrow(CalendarArgumentError);
    expect(() => calendar.addWorkingHours(at('2024-03-11 07:00'), hours)).toThrow(/^hours: /);
  });

  it('rejects an invalid start', () => {
    expect(() => calendar.addWorkingHours(new Date('x'), 1)).toThrow('start: is an invalid Date');
  });
});

describe('subtractWorkingHours', () => {
  it.each([
    ['within the morning', '2024-03-11 10:00', 1, '2024-03-11 09:00'],
    ['back across lunch', '2024-03-11 14:30', 2, '2024-03-11 10:30'],
    ['back to the afternoon opening', '2024-03-11 14:30', 1, '2024-03-11 13:30'],
    ['back over the night', '2024-03-12 07:30', 1, '2024-03-11 16:30'],
    ['from a Sunday', '2024-03-10 12:00', 1, '2024-03-08 16:00'],
    ['back over Tết 2026', '2026-02-23 08:00', 2, '2026-02-13 16:00'],
    ['back into a làm bù Saturday', '2024-05-06 08:00', 2, '2024-05-04 16:00'],
  ])('%s: %s - %s h -> %s', (_case, end, hours, expected) => {
    expect(calendar.subtractWorkingHours(at(end), hours)).toEqual(at(expected));
  });
});

describe('workingHoursBetween', () => {
  it.each([
    ['the same instant', '2024-03-11 09:00', '2024-03-11 09:00', 0],
    ['a whole day', '2024-03-11 07:00', '2024-03-11 17:00', 8],
    ['a day from evening to evening', '2024-03-11 17:00', '2024-03-12 17:00', 8],
    ['across lunch', '2024-03-11 11:00', '2024-03-11 14:00', 1],
    ['within lunch', '2024-03-11 11:45', '2024-03-11 13:15', 0],
    ['the night', '2024-03-11 17:00', '2024-03-12 07:00', 0],
    ['over a weekend', '2024-03-15 16:00', '2024-03-18 08:00', 2],
    ['the weekend only', '2024-03-16 00:00', '2024-03-18 00:00', 0],
    ['two weeks around Tết 2020', '2020-01-20 07:00', '2020-02-03 07:00', 40],
    ['two weeks around Tết 2026', '2026-02-09 07:00', '2026-02-23 07:00', 40],
    ['across the year end', '2024-12-30 07:00', '2025-01-06 07:00', 32],
    ['a week with a làm bù Saturday', '2024-04-29 00:00', '2024-05-06 00:00', 24],
    ['one minute', '2024-03-11 16:59', '2024-03-11 17:00', 1 / 60],
  ])('%s: %s .. %s = %s h', (_case, a, b, hours) => {
    expect(calendar.workingHoursBetween(at(a), at(b))).toBeCloseTo(hours, 10);
  });

  it('is 0 when the second instant is not after the first, whatever the order', () => {
    const a = at('2024-03-11 08:00');
    const b = at('2024-03-12 10:00');
    expect(calendar.workingHoursBetween(a, b)).toBe(10); // 3.5 + 3.5 on Monday, 3 on Tuesday
    expect(calendar.workingHoursBetween(b, a)).toBe(0);
  });

  it('counts a whole year of office time: 2024 had 251 working days', () => {
    // 262 weekdays - 12 weekdays off (1 Jan; Tết 8, 9, 12, 13, 14 Feb; 18, 29, 30 Apr; 1 May; 2, 3 Sep) + Saturday 4 May.
    expect(calendar.workingHoursBetween(at('2024-01-01 00:00'), at('2025-01-01 00:00'))).toBe(251 * 8);
  });
});
