import { CalendarArgumentError, CalendarCoverageError } from './errors';
import { loadCalendar } from './load';
import { vnTime as at } from '@onestop/test-support';

const calendar = loadCalendar();
/** An instant written in Viet Nam's local time, parsed independently of the library. */

describe('isWorkingDay', () => {
  it('accepts a date string or the local date of an instant', () => {
    expect(calendar.isWorkingDay('2024-03-11')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2024-03-10')).toBe(false); // Sunday
    // 2024-03-10T18:00Z is Monday 01:00 in Viet Nam, though still Sunday in UTC.
    expect(calendar.isWorkingDay(new Date('2024-03-10T18:00:00Z'))).toBe(true);
    expect(calendar.isWorkingDay(new Date('2024-03-10T16:59:59Z'))).toBe(false);
  });

  it('rejects what is not a date, naming the argument', () => {
    expect(() => calendar.isWorkingDay('2024-02-30')).toThrow(CalendarArgumentError);
    expect(() => calendar.isWorkingDay('11/03/2024')).toThrow(/^date: /);
    expect(() => calendar.isWorkingDay(new Date(Number.NaN))).toThrow('date: is an invalid Date');
  });

  it('refuses dates outside the edition instead of guessing', () => {
    expect(() => calendar.isWorkingDay('2017-12-29')).toThrow(CalendarCoverageError);
    expect(() => calendar.isWorkingDay('2028-01-03')).toThrow(
      'working calendar vn-2018-2027.2 covers 2018-2027 only; 2028-01-03 is outside it',
    );
    expect(calendar.isWorkingDay('2018-01-02')).toBe(true);
    expect(calendar.isWorkingDay('2027-12-31')).toBe(true);
  });
});

describe('nextWorkingMoment', () => {
  it.each([
    ['before opening', '2024-03-11 06:30', '2024-03-11 07:00'],
    ['at opening', '2024-03-11 07:00', '2024-03-11 07:00'],
    ['in the morning', '2024-03-11 09:15', '2024-03-11 09:15'],
    ['one minute before lunch', '2024-03-11 11:29', '2024-03-11 11:29'],
    ['at the start of lunch', '2024-03-11 11:30', '2024-03-11 13:30'],
    ['during lunch', '2024-03-11 12:15', '2024-03-11 13:30'],
    ['at the end of lunch', '2024-03-11 13:30', '2024-03-11 13:30'],
    ['at 16:59', '2024-03-11 16:59', '2024-03-11 16:59'],
    ['at 17:00 sharp', '2024-03-11 17:00', '2024-03-12 07:00'],
    ['at 17:01', '2024-03-11 17:01', '2024-03-12 07:00'],
    ['late at night', '2024-03-11 23:59', '2024-03-12 07:00'],
    ['at local midnight', '2024-03-12 00:00', '2024-03-12 07:00'],
    ['on Friday evening', '2024-03-15 17:30', '2024-03-18 07:00'],
    ['on a Saturday', '2024-03-16 09:00', '2024-03-18 07:00'],
    ['on a Sunday', '2024-03-10 10:00', '2024-03-11 07:00'],
    ['the evening before Tết 2020', '2020-01-22 17:00', '2020-01-30 07:00'],
    ['during Tết 2020', '2020-01-27 10:00', '2020-01-30 07:00'],
    ['the Friday before Tết 2026', '2026-02-13 17:05', '2026-02-23 07:00'],
    ['on New Year 2025', '2025-01-01 08:00', '2025-01-02 07:00'],
    ['before a làm bù Saturday', '2024-05-03 17:00', '2024-05-04 07:00'],
    ['on a làm bù Saturday', '2025-04-26 12:00', '2025-04-26 13:30'],
    ['before a swapped day off', '2025-04-29 17:00', '2025-05-05 07:00'],
    ['before a compensatory day', '2023-08-31 17:00', '2023-09-05 07:00'],
    ['across the year end', '2024-12-31 17:00', '2025-01-02 07:00'],
  ])('%s: %s -> %s', (_case, t, expected) => {
    expect(calendar.nextWorkingMoment(at(t))).toEqual(at(expected));
  });

  it('keeps seconds and milliseconds of a moment already in office hours', () => {
    const t = new Date('2024-03-11T02:03:04.567Z'); // 09:03:04.567 local
    expect(calendar.nextWorkingMoment(t)).toEqual(t);
    expect(calendar.nextWorkingMoment(t)).not.toBe(t);
  });

  it('tells whether the office is open', () => {
    expect(calendar.isWithinOfficeHours(at('2024-03-11 16:59'))).toBe(true);
    expect(calendar.isWithinOfficeHours(at('2024-03-11 17:00'))).toBe(false);
    expect(calendar.isWithinOfficeHours(at('2024-03-11 12:00'))).toBe(false);
    expect(calendar.isWithinOfficeHours(at('2024-05-04 08:00'))).toBe(true);
    expect(calendar.isWithinOfficeHours(at('2024-05-11 08:00'))).toBe(false);
  });

  it('refuses to look past the edition', () => {
    expect(() => calendar.nextWorkingMoment(at('2027-12-31 17:00'))).toThrow(CalendarCoverageError);
  });
});

describe('endOfWorkingDay', () => {
  it.each([
    ['a morning', '2024-03-11 09:00', '2024-03-11 17:00'],
    ['before opening', '2024-03-11 05:00', '2024-03-11 17:00'],
    ['16:59', '2024-03-11 16:59', '2024-03-11 17:00'],
    ['17:00, counted from the next morning', '2024-03-11 17:00', '2024-03-12 17:00'],
    ['a Sunday', '2024-03-10 10:00', '2024-03-11 17:00'],
    ['the evening before Tết 2020', '2020-01-22 18:00', '2020-01-30 17:00'],
    ['a làm bù Saturday', '2026-08-22 10:00', '2026-08-22 17:00'],
  ])('%s: %s -> %s', (_case, t, expected) => {
    expect(calendar.endOfWorkingDay(at(t))).toEqual(at(expected));
  });
});
