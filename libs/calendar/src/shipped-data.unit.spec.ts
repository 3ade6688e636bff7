// Facts about the shipped edition, checked against the announcements and the lunar calendar.
import { FIRST_EDITION_CALENDAR_PATH, loadCalendar, readCalendarData } from './load';

const data = readCalendarData(FIRST_EDITION_CALENDAR_PATH);
const calendar = loadCalendar(FIRST_EDITION_CALENDAR_PATH);

/** Local dates from `from` to `to` inclusive. */
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function daysOff(from: string, to: string): string[] {
  return datesBetween(from, to).filter((d) => !calendar.isWorkingDay(d));
}

describe('shipped working calendar vn-2020-2027.1', () => {
  it('is the expected edition, resolved next to the package', () => {
    expect(FIRST_EDITION_CALENDAR_PATH.replace(/\\/g, '/')).toMatch(/libs\/calendar\/data\/vn-working-calendar\.json$/);
    expect(calendar.version).toBe('vn-2020-2027.1');
    expect(calendar.coverage).toEqual({ firstYear: 2020, lastYear: 2027 });
    expect(calendar.hoursPerWorkingDay).toBe(8);
    expect(calendar.officeHours).toEqual([
      { start: '07:00', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
  });

  it('lists exactly the statutory holidays: 10 days under the 2012 Code (2020), 11 from 2021', () => {
    const counts = Object.fromEntries(Object.entries(data.years).map(([y, v]) => [y, v.holidays.length]));
    expect(counts).toEqual({ '2020': 10, '2021': 11, '2022': 11, '2023': 11, '2024': 11, '2025': 11, '2026': 11, '2027': 11 });
  });

  it('marks announced years official with a citation and 2027 derived', () => {
    for (const year of ['2020', '2021', '2022', '2023', '2024', '2025', '2026']) {
      expect(data.years[year].source).toBe('official');
      expect(data.years[year].citation).toBeTruthy();
    }
    expect(data.years['2027'].source).toBe('derived');
  });

  it.each([
    ['2020', '2020-01-25', '2020-04-02'],
    ['2021', '2021-02-12', '2021-04-21'],
    ['2022', '2022-02-01', '2022-04-10'],
    ['2023', '2023-01-22', '2023-04-29'],
    ['2024', '2024-02-10', '2024-04-18'],
    ['2025', '2025-01-29', '2025-04-07'],
    ['2026', '2026-02-17', '2026-04-26'],
    ['2027', '2027-02-06', '2027-04-16'],
  ])('%s: Tết day 1 and Hùng Kings day follow the lunar calendar', (year, tetDay1, hungKings) => {
    const holidays = data.years[year].holidays;
    expect(holidays.find((h) => h.name.includes('mùng 1'))?.date).toBe(tetDay1);
    expect(holidays.find((h) => h.name.includes('Hùng'))?.date).toBe(hungKings);
    expect(holidays.filter((h) => h.name.startsWith('Tết Nguyên đán'))).toHaveLength(5);
    expect(holidays.map((h) => h.date)).toEqual(
      expect.arrayContaining([`${year}-01-01`, `${year}-04-30`, `${year}-05-01`, `${year}-09-02`]),
    );
  });

  it.each([
    [
      '2020',
      '2020-01-20',
      '2020-02-02',
      ['2020-01-23', '2020-01-24', '2020-01-25', '2020-01-26', '2020-01-27', '2020-01-28', '2020-01-29', '2020-02-01', '2020-02-02'],
    ],
    [
      '2021',
      '2021-02-08',
      '2021-02-21',
      ['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-13', '2021-02-14', '2021-02-15', '2021-02-16', '2021-02-20', '2021-02-21'],
    ],
    [
      '2023',
      '2023-01-16',
      '2023-01-29',
      ['2023-01-20', '2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26', '2023-01-28', '2023-01-29'],
    ],
    [
      '2025',
      '2025-01-24',
      '2025-02-03',
      ['2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02'],
    ],
    [
      '2026',
      '2026-02-13',
      '2026-02-23',
      ['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22'],
    ],
  ])('Tết %s: civil servants are off exactly on the announced days', (_year, from, to, off) => {
    expect(daysOff(from, to)).toEqual(off);
  });

  it('follows the announced April–May schedules, swaps included', () => {
    expect(daysOff('2023-04-28', '2023-05-07')).toEqual([
      '2023-04-29',
      '2023-04-30',
      '2023-05-01',
      '2023-05-02',
      '2023-05-03',
      '2023-05-06',
      '2023-05-07',
    ]);
    expect(daysOff('2024-04-26', '2024-05-06')).toEqual([
      '2024-04-27',
      '2024-04-28',
      '2024-04-29',
      '2024-04-30',
      '2024-05-01',
      '2024-05-05',
    ]);
    expect(daysOff('2025-04-25', '2025-05-05')).toEqual([
      '2025-04-27',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-05-03',
      '2025-05-04',
    ]);
    expect(daysOff('2026-04-24', '2026-05-04')).toEqual([
      '2026-04-25',
      '2026-04-26',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
    ]);
  });

  it('gives National Day one day in 2020 and two (with compensation) from 2021', () => {
    expect(daysOff('2020-08-31', '2020-09-04')).toEqual(['2020-09-02']);
    expect(daysOff('2021-08-30', '2021-09-06')).toEqual(['2021-09-02', '2021-09-03', '2021-09-04', '2021-09-05']);
    expect(daysOff('2023-08-31', '2023-09-05')).toEqual(['2023-09-01', '2023-09-02', '2023-09-03', '2023-09-04']);
    expect(daysOff('2026-08-28', '2026-09-03')).toEqual(['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02']);
  });

  it.each(['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22'])('counts the làm bù Saturday %s as a working day', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true);
    expect(calendar.describeDay(date)).toMatchObject({ weekday: 'sat', working: true, kind: 'extra_working_day', source: 'official' });
  });

  it.each(['2022-01-03', '2022-04-11', '2023-01-02', '2023-09-04', '2024-04-29', '2026-01-02', '2026-04-27', '2027-02-10'])(
    'counts the compensatory day %s as a day off',
    (date) => {
      expect(calendar.isWorkingDay(date)).toBe(false);
      expect(calendar.describeDay(date).kind).toBe('compensatory_day_off');
    },
  );

  it('explains a day with its name and source', () => {
    expect(calendar.describeDay('2026-02-17')).toEqual({
      date: '2026-02-17',
      weekday: 'tue',
      working: false,
      kind: 'holiday',
      label: 'Tết Nguyên đán (mùng 1)',
      source: 'official',
    });
    expect(calendar.describeDay('2026-04-27')).toMatchObject({ source: 'derived' });
    expect(calendar.describeDay('2027-02-11')).toMatchObject({ kind: 'compensatory_day_off', source: 'derived' });
    expect(calendar.describeDay('2025-04-19')).toEqual({ date: '2025-04-19', weekday: 'sat', working: false, kind: 'weekend' });
    expect(calendar.describeDay('2025-04-18')).toEqual({ date: '2025-04-18', weekday: 'fri', working: true, kind: 'working_day' });
  });
});
