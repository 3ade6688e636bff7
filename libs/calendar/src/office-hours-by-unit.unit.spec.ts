import { CalendarData } from './calendar-data';
import { CalendarDataError } from './errors';
import { readCalendarData } from './load';
import { WorkingCalendar } from './working-calendar';
import { vnTime as at } from '@onestop/test-support';

/** The shipped data with two units that keep their own office hours. */
function dataWithUnits(): CalendarData {
  const copy = JSON.parse(JSON.stringify(readCalendarData()));
  copy.officeHoursByUnit = {
    // Summer hours: still 8 hours a day.
    'UBND-TN': [
      { start: '07:00', end: '11:30' },
      { start: '14:00', end: '17:30' },
    ],
    // A commune desk open 7 hours a day.
    'XA-01': [
      { start: '07:30', end: '11:30' },
      { start: '13:30', end: '16:30' },
    ],
  };
  return copy;
}

describe('office hours per unit', () => {
  const calendar = new WorkingCalendar(dataWithUnits());

  it('uses the default hours when no unit is named or the unit keeps the default', () => {
    expect(calendar.unitCode).toBeUndefined();
    expect(calendar.hoursPerWorkingDay).toBe(8);
    expect(calendar.forUnit('UNKNOWN').officeHours).toEqual(calendar.officeHours);
  });

  it("applies a unit's own hours to every computation", () => {
    const unit = calendar.forUnit('UBND-TN');
    expect(unit.unitCode).toBe('UBND-TN');
    expect(unit.version).toBe(calendar.version);
    expect(unit.hoursPerWorkingDay).toBe(8);
    expect(unit.nextWorkingMoment(at('2024-03-11 13:45'))).toEqual(at('2024-03-11 14:00'));
    expect(unit.nextWorkingMoment(at('2024-03-11 17:15'))).toEqual(at('2024-03-11 17:15'));
    expect(unit.dueAt(at('2024-03-11 17:15'), { unit: 'working_days', value: 1 })).toEqual(at('2024-03-12 17:15'));
    expect(unit.endOfWorkingDay(at('2024-03-11 09:00'))).toEqual(at('2024-03-11 17:30'));
  });

  it('makes one working day equal the office time of that unit', () => {
    const commune = calendar.forUnit('XA-01');
    expect(commune.hoursPerWorkingDay).toBe(7);
    expect(commune.toWorkingHours({ unit: 'working_days', value: 2 })).toBe(14);
    expect(commune.dueAt(at('2024-03-11 07:00'), { unit: 'working_days', value: 1 })).toEqual(at('2024-03-11 16:30'));
    expect(commune.dueAt(at('2024-03-11 10:30'), { unit: 'working_days', value: 1 })).toEqual(at('2024-03-12 10:30'));
    expect(commune.workingHoursBetween(at('2024-03-11 00:00'), at('2024-03-12 00:00'))).toBe(7);
    expect(commune.isAtLeastWorkingDaysBefore(at('2024-03-11 10:30'), at('2024-03-12 10:30'), 1)).toBe(true);
  });

  it('shares the holidays of the edition', () => {
    expect(calendar.forUnit('XA-01').isWorkingDay('2026-02-17')).toBe(false);
    expect(calendar.forUnit('XA-01').isWorkingDay('2026-08-22')).toBe(true);
  });

  it('returns the same calendar for the same unit', () => {
    expect(calendar.forUnit('XA-01')).toBe(calendar.forUnit('XA-01'));
  });

  it('accepts office hours as a constructor option, which win over the unit', () => {
    const custom = new WorkingCalendar(dataWithUnits(), { unitCode: 'XA-01', officeHours: [{ start: '08:00', end: '12:00' }] });
    expect(custom.unitCode).toBe('XA-01');
    expect(custom.hoursPerWorkingDay).toBe(4);
    expect(custom.dueAt(at('2024-03-11 13:00'), { unit: 'working_days', value: 1 })).toEqual(at('2024-03-12 12:00'));
  });

  it('names the bad field of office hours given as an option', () => {
    const build = () => new WorkingCalendar(dataWithUnits(), { officeHours: [{ start: '08:00', end: '07:00' }] });
    expect(build).toThrow(CalendarDataError);
    expect(build).toThrow('options.officeHours[0]: start 08:00 must be before end 07:00');
    expect(() => new WorkingCalendar(dataWithUnits(), { officeHours: [] })).toThrow('options.officeHours: at least one span is required');
  });

  it('validates raw data given to the constructor', () => {
    const bad = dataWithUnits() as any;
    bad.years['2024'].extraWorkingDays.push({ date: '2024-05-10', reason: 'a Friday by mistake' });
    expect(() => new WorkingCalendar(bad)).toThrow('years.2024.extraWorkingDays[1].date: 2024-05-10 is not a weekend day');
  });
});
