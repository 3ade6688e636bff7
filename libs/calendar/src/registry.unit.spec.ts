import { CalendarData } from './calendar-data';
import { CalendarArgumentError, CalendarDataError, UnknownCalendarVersionError } from './errors';
import { DEFAULT_CALENDAR_PATH, FIRST_EDITION_CALENDAR_PATH, loadCalendar, loadCalendarRegistry, readCalendarData } from './load';
import { CalendarRegistry } from './registry';
import { WorkingCalendar } from './working-calendar';
import * as path from 'node:path';
import { vnTime as at } from '@onestop/test-support';

const FIXTURES = path.resolve(__dirname, '../test-fixtures');

/** A later edition: an extra day off was decided for Tuesday 2024-03-12. */
function secondEdition(): CalendarData {
  const copy = JSON.parse(JSON.stringify(readCalendarData(FIRST_EDITION_CALENDAR_PATH)));
  copy.version = 'vn-2020-2027.2';
  copy.years['2024'].compensatoryDaysOff.push({ date: '2024-03-12', reason: 'test: day off decided later' });
  return copy;
}

describe('CalendarRegistry', () => {
  const first = loadCalendar(FIRST_EDITION_CALENDAR_PATH);
  const second = new WorkingCalendar(secondEdition());
  const registry = new CalendarRegistry([first, second]);

  it('keeps old deadlines: each dossier is recomputed with the edition it was received under', () => {
    const received = at('2024-03-11 09:00');
    const duration = { unit: 'working_days', value: 2 } as const;
    expect(registry.get('vn-2020-2027.1').dueAt(received, duration)).toEqual(at('2024-03-13 09:00'));
    expect(registry.get('vn-2020-2027.2').dueAt(received, duration)).toEqual(at('2024-03-14 09:00'));
  });

  it('serves the last edition for new dossiers unless told otherwise', () => {
    expect(registry.current.version).toBe('vn-2020-2027.2');
    expect(new CalendarRegistry([first, second], { current: 'vn-2020-2027.1' }).current).toBe(first);
    expect(registry.versions()).toEqual(['vn-2020-2027.1', 'vn-2020-2027.2']);
    expect(registry.has('vn-2020-2027.1')).toBe(true);
    expect(registry.has('vn-2019.1')).toBe(false);
  });

  it("gives an edition with a unit's office hours", () => {
    expect(registry.get('vn-2020-2027.1', 'XA-01')).toBe(first.forUnit('XA-01'));
  });

  it('names the unknown version and the known ones', () => {
    expect(() => registry.get('vn-2019.1')).toThrow(UnknownCalendarVersionError);
    expect(() => registry.get('vn-2019.1')).toThrow('unknown working calendar version "vn-2019.1" (known: vn-2020-2027.1, vn-2020-2027.2)');
    expect(() => new CalendarRegistry([first], { current: 'nope' })).toThrow(UnknownCalendarVersionError);
  });

  it('refuses two editions with one version, and an empty registry', () => {
    expect(() => new CalendarRegistry([first, loadCalendar(FIRST_EDITION_CALENDAR_PATH)])).toThrow(CalendarArgumentError);
    expect(() => new CalendarRegistry([first, loadCalendar(FIRST_EDITION_CALENDAR_PATH)])).toThrow(
      'version "vn-2020-2027.1" is given twice',
    );
    expect(() => new CalendarRegistry([])).toThrow(/^calendars: /);
  });

  it('loads every shipped edition by default, the one named current in data/editions.json for new dossiers', () => {
    const loaded = loadCalendarRegistry();
    expect(loaded.versions()).toEqual(['vn-2020-2027.1', 'vn-2018-2027.2']);
    expect(loaded.current.version).toBe('vn-2018-2027.2');
    expect(loadCalendarRegistry([DEFAULT_CALENDAR_PATH]).versions()).toEqual(['vn-2018-2027.2']);
  });
});

describe('loading data files', () => {
  it('names the file and the field of a bad edition', () => {
    const file = path.join(FIXTURES, 'saturday-mistake.json');
    let caught: unknown;
    try {
      loadCalendar(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CalendarDataError);
    expect((caught as CalendarDataError).origin).toBe(file);
    expect((caught as CalendarDataError).issues).toEqual([
      { path: 'years.2024.extraWorkingDays[0].date', message: '2024-05-03 is not a weekend day, so it cannot be an extra working day' },
    ]);
    expect((caught as Error).message).toContain(file);
  });

  it('names a file that is not JSON', () => {
    expect(() => readCalendarData(path.join(FIXTURES, 'not-json.json'))).toThrow(/not-json\.json\): \(file\): is not valid JSON/);
  });

  it('names a file that cannot be read', () => {
    expect(() => loadCalendarRegistry([DEFAULT_CALENDAR_PATH, path.join(FIXTURES, 'missing.json')])).toThrow(
      /missing\.json\): \(file\): cannot be read/,
    );
  });
});
