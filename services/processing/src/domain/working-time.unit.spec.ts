import { processingEvents as ev } from '@onestop/contracts';
import { at } from './fixtures.spec';
import { timelinessOf, vietnamDayOf, workingHoursLeft } from './working-time';
import { calendar } from './fixtures.spec';

const T = ev.Timeliness;

describe('timelinessOf (early / on time / late by calendar day in Asia/Ho_Chi_Minh)', () => {
  it.each([
    ['the day before', '2020-10-07 16:59', '2020-10-08 08:00', T.TIMELINESS_EARLY],
    ['the same day, earlier', '2020-10-08 07:30', '2020-10-08 08:00', T.TIMELINESS_ON_TIME],
    ['the same day, hours later', '2020-10-08 16:30', '2020-10-08 08:00', T.TIMELINESS_ON_TIME],
    ['the next day', '2020-10-09 07:00', '2020-10-08 16:00', T.TIMELINESS_LATE],
    ['just after local midnight', '2020-10-09 00:01', '2020-10-08 23:59', T.TIMELINESS_LATE],
    ['just before local midnight (still the same local day)', '2020-10-08 23:59', '2020-10-08 00:00', T.TIMELINESS_ON_TIME],
  ])('%s: done %s, due %s', (_name, done, due, expected) => {
    expect(timelinessOf(at(done), at(due))).toBe(expected);
  });

  it('uses the Vietnamese day, not the UTC day', () => {
    // 2020-10-08 06:00 in Vietnam is still 2020-10-07 in UTC.
    const done = at('2020-10-08 06:00');
    expect(done.toISOString().slice(0, 10)).toBe('2020-10-07');
    expect(vietnamDayOf(done)).toBe(vietnamDayOf(at('2020-10-08 17:00')));
    expect(timelinessOf(done, at('2020-10-08 17:00'))).toBe(T.TIMELINESS_ON_TIME);
  });
});

describe('workingHoursLeft', () => {
  it('counts office time only and is 0 once the deadline passed', () => {
    expect(workingHoursLeft(calendar, at('2020-10-09 16:00'), at('2020-10-12 08:00'))).toBeCloseTo(2);
    expect(workingHoursLeft(calendar, at('2020-10-12 09:00'), at('2020-10-12 08:00'))).toBe(0);
  });
});
