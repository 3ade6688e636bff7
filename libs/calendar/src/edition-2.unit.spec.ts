// The second shipped edition vn-2018-2027.2: every year since Decree 61/2018/ND-CP took effect
// (21 June 2018), and 2026-04-27 as an official day off. Edition 1 stays as published.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { vnTime as at } from '@onestop/test-support';
import { EDITIONS_MANIFEST_PATH, readEditionsManifest } from './editions';
import { DEFAULT_CALENDAR_PATH, FIRST_EDITION_CALENDAR_PATH, loadCalendar, loadCalendarRegistry, readCalendarData } from './load';

const data = readCalendarData(DEFAULT_CALENDAR_PATH);
const calendar = loadCalendar();

describe('shipped working calendar vn-2018-2027.2', () => {
  it('is the current edition and covers 2018 to 2027', () => {
    expect(calendar.version).toBe('vn-2018-2027.2');
    expect(calendar.coverage).toEqual({ firstYear: 2018, lastYear: 2027 });
  });

  it('gives a dossier received on 2019-12-31 its due time (10 working days, New Year 2020 skipped)', () => {
    const due = calendar.dueAt(at('2019-12-31 09:00'), { unit: 'working_days', value: 10 });
    // 31 Dec counts from 09:00; 1 Jan 2020 is a holiday: day 1 ends Thu 2 Jan 09:00, day 10 Wed 15 Jan.
    expect(due).toEqual(at('2020-01-15 09:00'));
  });

  it.each([
    ['2018-06-21', true], // Decree 61/2018 in force (Thursday)
    ['2018-09-03', false], // in lieu of National Day on Sunday
    ['2018-12-31', false], // swapped for Saturday 2019-01-05
    ['2019-01-05', true], // làm bù
    ['2019-02-04', false], // Tết 2019
    ['2019-02-08', false],
    ['2019-02-11', true],
    ['2019-04-15', false], // Hùng Kings on Sunday 14 Apr
    ['2019-04-29', false], // swapped for Saturday 2019-05-04
    ['2019-05-04', true],
    ['2019-09-02', false],
    ['2019-09-03', true], // one day only under the 2012 Code
    ['2026-04-27', false],
  ])('%s is a working day: %s', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('lists 10 statutory holidays in 2018 and 2019 (Labour Code 2012), with Tết and Hùng Kings on the lunar dates', () => {
    for (const [year, tet, hung] of [
      ['2018', '2018-02-16', '2018-04-25'],
      ['2019', '2019-02-05', '2019-04-14'],
    ]) {
      const holidays = data.years[year].holidays;
      expect(holidays).toHaveLength(10);
      expect(holidays.find((h) => h.name.includes('mùng 1'))?.date).toBe(tet);
      expect(holidays.find((h) => h.name.includes('Hùng'))?.date).toBe(hung);
      expect(data.years[year].source).toBe('official');
      expect(data.years[year].citation).toBeTruthy();
    }
  });

  it('marks 2026-04-27 official (edition 1 had it derived) and copies 2020-2027 otherwise unchanged', () => {
    const first = readCalendarData(FIRST_EDITION_CALENDAR_PATH);
    const day = data.years['2026'].compensatoryDaysOff.find((d) => d.date === '2026-04-27');
    expect(day).toBeDefined();
    expect(day?.source).toBeUndefined(); // inherits the year's source: official
    expect(data.years['2026'].source).toBe('official');
    expect(first.years['2026'].compensatoryDaysOff.find((d) => d.date === '2026-04-27')?.source).toBe('derived');
    const days = (y: (typeof data.years)[string]) =>
      JSON.stringify([y.holidays.map((h) => h.date), y.compensatoryDaysOff.map((d) => d.date), y.extraWorkingDays.map((d) => d.date)]);
    for (const year of ['2020', '2021', '2022', '2023', '2024', '2025', '2026', '2027']) {
      expect(days(data.years[year])).toBe(days(first.years[year]));
    }
  });
});

describe('editions manifest (data/editions.json)', () => {
  it('lists both editions, oldest first, with the new one current', () => {
    const m = readEditionsManifest();
    expect(m.editions.map((e) => e.version)).toEqual(['vn-2020-2027.1', 'vn-2018-2027.2']);
    expect(m.current).toBe('vn-2018-2027.2');
    for (const e of m.editions) expect(readCalendarData(e.path).version).toBe(e.version);
  });

  it('a new edition is a data change only: a new file listed in a manifest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-editions-'));
    const third = JSON.parse(fs.readFileSync(DEFAULT_CALENDAR_PATH, 'utf8'));
    third.version = 'vn-2018-2027.3';
    third.years['2027'].compensatoryDaysOff.push({ date: '2027-03-02', reason: 'test: a holiday decided later' });
    fs.writeFileSync(path.join(dir, 'vn-2018-2027.3.json'), JSON.stringify(third));
    fs.copyFileSync(DEFAULT_CALENDAR_PATH, path.join(dir, 'vn-2018-2027.2.json'));
    const manifest = {
      current: 'vn-2018-2027.3',
      editions: [
        { version: 'vn-2018-2027.2', file: 'vn-2018-2027.2.json' },
        { version: 'vn-2018-2027.3', file: 'vn-2018-2027.3.json' },
      ],
    };
    fs.writeFileSync(path.join(dir, 'editions.json'), JSON.stringify(manifest));
    const m = readEditionsManifest(path.join(dir, 'editions.json'));
    const registry = loadCalendarRegistry(
      m.editions.map((e) => e.path),
      m.current,
    );
    expect(registry.current.isWorkingDay('2027-03-02')).toBe(false);
    expect(registry.get('vn-2018-2027.2').isWorkingDay('2027-03-02')).toBe(true);
  });

  it('names the field of a bad manifest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calendar-editions-'));
    const file = path.join(dir, 'editions.json');
    fs.writeFileSync(file, JSON.stringify({ current: 'nope', editions: [{ version: 'a', file: 'a.json' }] }));
    expect(() => readEditionsManifest(file)).toThrow(/current: "nope" is not one of the listed editions/);
    fs.writeFileSync(file, JSON.stringify({ current: 'a', editions: [{ version: 'a', file: '../a.json' }] }));
    expect(() => readEditionsManifest(file)).toThrow(/editions\[0\]\.file/);
    expect(EDITIONS_MANIFEST_PATH.replace(/\\/g, '/')).toMatch(/libs\/calendar\/data\/editions\.json$/);
  });
});
