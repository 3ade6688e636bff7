import { CalendarArgumentError } from './errors';
import { loadCalendar } from './load';
import { StatutoryDuration } from './statutory-duration';
import { vnTime as at } from '@onestop/test-support';

const calendar = loadCalendar();
const days = (value: number): StatutoryDuration => ({ unit: 'working_days', value });
const hours = (value: number): StatutoryDuration => ({ unit: 'working_hours', value });
const SAME_DAY: StatutoryDuration = { unit: 'same_day', value: 0 };

describe('toWorkingHours', () => {
  it.each<[StatutoryDuration, number]>([
    [days(1), 8],
    [days(0.5), 4],
    [days(2.5), 20],
    [days(15), 120],
    [hours(4), 4],
    [hours(0.25), 0.25],
    [SAME_DAY, 8],
  ])('%j -> %s working hours', (duration, expected) => {
    expect(calendar.toWorkingHours(duration)).toBe(expected);
  });

  it.each<[unknown, string]>([
    [{ unit: 'calendar_days', value: 3 }, 'duration.unit'],
    [{ unit: 'working_days', value: 0 }, 'duration.value'],
    [{ unit: 'working_days', value: -2 }, 'duration.value'],
    [{ unit: 'working_hours', value: Number.NaN }, 'duration.value'],
    [{ unit: 'working_days' }, 'duration.value'],
    [{ unit: 'same_day', value: -1 }, 'duration.value'],
    [null, 'duration'],
  ])('rejects %j naming %s', (duration, field) => {
    let caught: unknown;
    try {
      calendar.toWorkingHours(duration as StatutoryDuration);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CalendarArgumentError);
    expect((caught as CalendarArgumentError).field).toBe(field);
  });
});

describe('dueAt', () => {
  it.each<[string, string, StatutoryDuration, string]>([
    ['received at 16:59', '2024-03-11 16:59', days(1), '2024-03-12 16:59'],
    ['received at 17:00 counts from the next morning', '2024-03-11 17:00', days(1), '2024-03-12 17:00'],
    ['received at 17:01 counts from the next morning', '2024-03-11 17:01', days(1), '2024-03-12 17:00'],
    ['received at 06:30 counts from 07:00', '2024-03-11 06:30', days(1), '2024-03-11 17:00'],
    ['received during lunch counts from 13:30', '2024-03-11 12:10', days(1), '2024-03-12 11:30'],
    ['received on a Sunday counts from Monday', '2024-03-10 10:00', days(1), '2024-03-11 17:00'],
    ['half a day in the morning', '2024-03-11 09:00', days(0.5), '2024-03-11 15:00'],
    ['4 working hours from mid-afternoon', '2024-03-11 14:00', hours(4), '2024-03-12 08:00'],
    ['3 working days over a weekend', '2024-03-14 10:00', days(3), '2024-03-19 10:00'],
    ['received before Tết 2020, 5 days', '2020-01-22 09:00', days(5), '2020-02-05 09:00'],
    ['received the evening before Tết 2020, 1 day', '2020-01-22 17:30', days(1), '2020-01-30 17:00'],
    ['received before Tết 2026, 3 days', '2026-02-12 10:00', days(3), '2026-02-24 10:00'],
    ['received on 2024-12-30, 10 days over the year end', '2024-12-30 09:00', days(10), '2025-01-14 09:00'],
    ['received on 2024-12-30 after hours, 10 days', '2024-12-30 17:30', days(10), '2025-01-14 17:00'],
    ['1 day reaching a làm bù Saturday', '2024-05-03 09:00', days(1), '2024-05-04 09:00'],
    ['2 days over a swapped Friday', '2025-04-29 10:00', days(2), '2025-05-06 10:00'],
    ['15 days over National Day 2026 and its swap', '2026-08-20 08:00', days(15), '2026-09-14 08:00'],
  ])('%s: %s + %j -> %s', (_case, received, duration, expected) => {
    expect(calendar.dueAt(at(received), duration)).toEqual(at(expected));
  });

  it.each([
    ['received in the morning', '2024-03-11 09:00', '2024-03-11 17:00'],
    ['received at 16:59', '2024-03-11 16:59', '2024-03-11 17:00'],
    ['received at 17:00', '2024-03-11 17:00', '2024-03-12 17:00'],
    ['received before opening', '2024-03-11 06:00', '2024-03-11 17:00'],
    ['received on a Sunday', '2024-03-10 10:00', '2024-03-11 17:00'],
    ['received the evening before Tết 2026', '2026-02-13 17:30', '2026-02-23 17:00'],
  ])('same-day procedure %s: %s -> %s', (_case, received, expected) => {
    expect(calendar.dueAt(at(received), SAME_DAY)).toEqual(at(expected));
  });

  it('rejects a bad duration or receipt time, naming the field', () => {
    expect(() => calendar.dueAt(at('2024-03-11 09:00'), { unit: 'weeks', value: 1 } as unknown as StatutoryDuration)).toThrow(
      /^duration\.unit: /,
    );
    expect(() => calendar.dueAt(new Date(Number.NaN), days(1))).toThrow('receivedAt: is an invalid Date');
    expect(() => calendar.restartFrom(new Date(Number.NaN), days(1))).toThrow('resumedAt: is an invalid Date');
  });
});

describe('supplements: pause policy', () => {
  const due = at('2024-03-15 10:00'); // Friday

  it('moves the due time by the office time the citizen took', () => {
    // Paused Monday 08:00-10:00: 2 office hours; Fri 10:00 + 2 h = 1.5 h before lunch + 0.5 h after.
    expect(calendar.extendForPause(due, at('2024-03-11 08:00'), at('2024-03-11 10:00'))).toEqual(at('2024-03-15 14:00'));
    // Paused Monday 15:00 to Wednesday 09:00: 2 + 8 + 2 = 12 office hours; Fri 10:00 + 12 h = 5 h Friday + 7 h Monday.
    expect(calendar.extendForPause(due, at('2024-03-11 15:00'), at('2024-03-13 09:00'))).toEqual(at('2024-03-18 16:00'));
  });

  it('does not move the due time for a pause outside office time', () => {
    expect(calendar.extendForPause(due, at('2024-03-09 09:00'), at('2024-03-10 18:00'))).toEqual(due);
    expect(calendar.extendForPause(due, at('2024-03-11 11:40'), at('2024-03-11 13:20'))).toEqual(due);
    expect(calendar.extendForPause(due, at('2024-03-11 09:00'), at('2024-03-11 09:00'))).toEqual(due);
  });

  it('moves a due time at closing time into the next working day', () => {
    expect(calendar.extendForPause(at('2024-03-15 17:00'), at('2024-03-12 09:00'), at('2024-03-12 10:00'))).toEqual(at('2024-03-18 08:00'));
  });

  it('skips holidays while extending', () => {
    // Due on the eve of Tết 2026; a 3-hour pause pushes it past the holiday.
    expect(calendar.extendForPause(at('2026-02-13 16:00'), at('2026-02-10 07:00'), at('2026-02-10 10:00'))).toEqual(at('2026-02-23 09:00'));
  });

  it('rejects a pause that ends before it starts', () => {
    expect(() => calendar.extendForPause(due, at('2024-03-12 10:00'), at('2024-03-12 09:00'))).toThrow(
      'pauseEnd: must not be before pauseStart',
    );
  });
});

describe('supplements: restart policy', () => {
  it('counts the full statutory time again from the supplement', () => {
    expect(calendar.restartFrom(at('2024-03-13 09:00'), days(5))).toEqual(at('2024-03-20 09:00'));
    expect(calendar.restartFrom(at('2024-03-13 17:30'), days(5))).toEqual(at('2024-03-20 17:00'));
    expect(calendar.restartFrom(at('2024-03-16 10:00'), SAME_DAY)).toEqual(at('2024-03-18 17:00'));
  });

  it('gives a later due time than pausing for the same supplement', () => {
    const received = at('2024-03-11 09:00');
    const duration = days(5);
    const due = calendar.dueAt(received, duration); // 2024-03-18 09:00
    const requested = at('2024-03-12 09:00');
    const supplied = at('2024-03-14 09:00');
    expect(due).toEqual(at('2024-03-18 09:00'));
    expect(calendar.extendForPause(due, requested, supplied)).toEqual(at('2024-03-20 09:00'));
    expect(calendar.restartFrom(supplied, duration)).toEqual(at('2024-03-21 09:00'));
  });
});
