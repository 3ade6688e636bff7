import { CalendarArgumentError } from './errors';
import {
  atLocalTime,
  formatLocalDay,
  instantMs,
  localDayOf,
  parseClock,
  parseLocalDate,
  timeOfDayOf,
  toLocalDate,
  toLocalIso,
  weekdayOf,
} from './local-time';

describe('local time of Viet Nam (fixed UTC+07:00)', () => {
  it('places a local clock time at the right UTC instant', () => {
    expect(atLocalTime('2020-01-23', '07:00').toISOString()).toBe('2020-01-23T00:00:00.000Z');
    expect(atLocalTime('2024-12-31', '17:00').toISOString()).toBe('2024-12-31T10:00:00.000Z');
    expect(atLocalTime('2025-01-01').toISOString()).toBe('2024-12-31T17:00:00.000Z');
  });

  it('takes the Vietnamese date of an instant, which differs from the UTC date after 17:00 UTC', () => {
    expect(toLocalDate(new Date('2020-01-22T16:59:59.999Z'))).toBe('2020-01-22');
    expect(toLocalDate(new Date('2020-01-22T17:00:00.000Z'))).toBe('2020-01-23');
    expect(toLocalDate(new Date('2024-12-31T17:30:00Z'))).toBe('2025-01-01');
  });

  it('writes instants in local time with the offset', () => {
    expect(toLocalIso(new Date('2024-03-11T01:05:30.250Z'))).toBe('2024-03-11T08:05:30.250+07:00');
    expect(toLocalIso(new Date('2024-12-31T17:00:00Z'))).toBe('2025-01-01T00:00:00.000+07:00');
  });

  it('splits an instant into local day and time of day', () => {
    const t = Date.parse('2024-03-10T23:30:00Z'); // Monday 2024-03-11 06:30 in Viet Nam
    expect(formatLocalDay(localDayOf(t))).toBe('2024-03-11');
    expect(timeOfDayOf(t)).toBe(6.5 * 3_600_000);
    expect(weekdayOf(localDayOf(t))).toBe(1);
  });

  it.each([
    ['2020-01-25', 6],
    ['2020-01-26', 0],
    ['2026-02-17', 2],
    ['1969-12-31', 3],
  ])('knows the weekday of %s', (date, weekday) => {
    expect(weekdayOf(parseLocalDate(date) as number)).toBe(weekday);
  });

  it.each(['2021-02-29', '2021-02-30', '2020-13-01', '2020-1-1', '2020-01-01T00:00', '', 'yesterday'])('rejects %p as a date', (text) => {
    expect(parseLocalDate(text)).toBeUndefined();
  });

  it('accepts leap days of leap years', () => {
    expect(formatLocalDay(parseLocalDate('2024-02-29') as number)).toBe('2024-02-29');
  });

  it.each([
    ['07:00', 7 * 3_600_000],
    ['11:30', 11.5 * 3_600_000],
    ['00:00', 0],
    ['24:00', 24 * 3_600_000],
  ])('parses clock time %s', (text, ms) => {
    expect(parseClock(text)).toBe(ms);
  });

  it.each(['7:00', '24:01', '12:60', '25:00', '12h30', ''])('rejects clock time %p', (text) => {
    expect(parseClock(text)).toBeUndefined();
  });

  it('names the argument that is wrong', () => {
    expect(() => atLocalTime('2021-02-30', '07:00')).toThrow(
      new CalendarArgumentError('date', '"2021-02-30" is not a real date YYYY-MM-DD'),
    );
    expect(() => atLocalTime('2021-02-03', '7h')).toThrow(/^time: /);
    expect(() => instantMs(new Date('nope'), 'receivedAt')).toThrow('receivedAt: is an invalid Date');
    expect(() => instantMs('2024-01-01', 'receivedAt')).toThrow('receivedAt: must be a Date');
  });
});
