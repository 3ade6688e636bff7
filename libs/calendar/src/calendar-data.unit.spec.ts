import { CalendarData, parseCalendarData } from './calendar-data';
import { CalendarDataError, CalendarDataIssue } from './errors';

/** A small valid edition: 2024 and 2025, with one swap (2024-04-29 off, Saturday 2024-05-04 worked). */
function validData(): any {
  return {
    version: 'test-2024-2025.1',
    timeZone: 'Asia/Ho_Chi_Minh',
    weekendDays: ['sat', 'sun'],
    officeHours: [
      { start: '07:00', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ],
    officeHoursByUnit: {
      'H-TN': [
        { start: '07:30', end: '11:30' },
        { start: '13:00', end: '17:00' },
      ],
    },
    years: {
      '2024': {
        source: 'official',
        citation: 'test notice',
        holidays: [{ date: '2024-04-30', name: 'Ngày Chiến thắng' }],
        compensatoryDaysOff: [{ date: '2024-04-29', reason: 'swap' }],
        extraWorkingDays: [{ date: '2024-05-04', reason: 'làm bù' }],
      },
      '2025': { source: 'derived', holidays: [], compensatoryDaysOff: [], extraWorkingDays: [] },
    },
  };
}

function issuesOf(data: unknown): CalendarDataIssue[] {
  try {
    parseCalendarData(data);
  } catch (err) {
    expect(err).toBeInstanceOf(CalendarDataError);
    return [...(err as CalendarDataError).issues];
  }
  throw new Error('expected the data to be rejected');
}

function pathsOf(data: unknown): string[] {
  return issuesOf(data).map((i) => i.path);
}

describe('calendar data validation', () => {
  it('accepts a valid edition', () => {
    const data: CalendarData = parseCalendarData(validData());
    expect(data.version).toBe('test-2024-2025.1');
    expect(Object.keys(data.years)).toEqual(['2024', '2025']);
  });

  it('freezes validated data so it cannot change behind a calendar', () => {
    const data = parseCalendarData(validData());
    expect(() => {
      (data.years['2024'].holidays as { date: string; name: string }[]).push({ date: '2024-03-11', name: 'x' });
    }).toThrow(TypeError);
  });

  it.each<[string, (d: any) => void, string, RegExp]>([
    ['an impossible date', (d) => (d.years['2024'].holidays[0].date = '2024-02-30'), 'years.2024.holidays[0].date', /not a real date/],
    ['a malformed date', (d) => (d.years['2024'].holidays[0].date = '30/04/2024'), 'years.2024.holidays[0].date', /not a real date/],
    ['a date in another year', (d) => (d.years['2024'].holidays[0].date = '2025-04-30'), 'years.2024.holidays[0].date', /not in 2024/],
    ['a holiday without a name', (d) => delete d.years['2024'].holidays[0].name, 'years.2024.holidays[0].name', /expected string/],
    ['an empty holiday name', (d) => (d.years['2024'].holidays[0].name = ''), 'years.2024.holidays[0].name', /too small/i],
    ['a misspelt list name', (d) => (d.years['2024'].holiday = []), 'years.2024', /holiday/],
    ['an unknown entry field', (d) => (d.years['2024'].extraWorkingDays[0].hours = 4), 'years.2024.extraWorkingDays[0]', /hours/],
    [
      'an extra working day on a weekday',
      (d) => (d.years['2024'].extraWorkingDays[0].date = '2024-05-03'),
      'years.2024.extraWorkingDays[0].date',
      /not a weekend day/,
    ],
    [
      'a compensatory day off on a Sunday',
      (d) => (d.years['2024'].compensatoryDaysOff[0].date = '2024-04-28'),
      'years.2024.compensatoryDaysOff[0].date',
      /is a weekend day/,
    ],
    [
      'a date listed twice',
      (d) => (d.years['2024'].compensatoryDaysOff[0].date = '2024-04-30'),
      'years.2024.compensatoryDaysOff[0].date',
      /already listed at years\.2024\.holidays\[0\]/,
    ],
    ['an official year without citation', (d) => delete d.years['2024'].citation, 'years.2024.citation', /citation/],
    ['an unknown source', (d) => (d.years['2025'].source = 'rumour'), 'years.2025.source', /official|derived/],
    ['a missing list', (d) => delete d.years['2025'].extraWorkingDays, 'years.2025.extraWorkingDays', /expected array/],
    ['a year key that is not a year', (d) => (d.years['20x6'] = d.years['2025']), 'years.20x6', /4 digits/],
    ['a gap between years', (d) => (d.years['2027'] = d.years['2025']), 'years', /2026 is missing/],
    ['no years at all', (d) => (d.years = {}), 'years', /at least one year/],
    ['another time zone', (d) => (d.timeZone = 'Asia/Bangkok'), 'timeZone', /Asia\/Ho_Chi_Minh/],
    ['an unknown weekend day', (d) => (d.weekendDays = ['saturday']), 'weekendDays[0]', /sat/],
    ['a weekend day listed twice', (d) => (d.weekendDays = ['sun', 'sun']), 'weekendDays', /twice/],
    ['a malformed clock time', (d) => (d.officeHours[0].start = '7:00'), 'officeHours[0].start', /HH:MM/],
    ['a span ending before it starts', (d) => (d.officeHours[1].end = '13:00'), 'officeHours[1]', /before end/],
    ['overlapping spans', (d) => (d.officeHours[1].start = '11:00'), 'officeHours[1].start', /overlaps/],
    ['no office hours', (d) => (d.officeHours = []), 'officeHours', /at least one/],
    ['bad office hours of a unit', (d) => (d.officeHoursByUnit['H-TN'][1].end = '25:00'), 'officeHoursByUnit.H-TN[1].end', /HH:MM/],
    ['a bad version', (d) => (d.version = 'v 1'), 'version', /letters, digits/],
    ['a missing version', (d) => delete d.version, 'version', /expected string/],
  ])('rejects %s, naming the field', (_case, mutate, path, message) => {
    const data = validData();
    mutate(data);
    const issues = issuesOf(data);
    const issue = issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const data = validData();
    data.years['2024'].holidays[0].date = '2024-02-30';
    data.years['2024'].extraWorkingDays[0].date = '2024-05-03';
    data.officeHours[0].end = '7:00';
    expect(pathsOf(data).sort()).toEqual(['officeHours[0].end', 'years.2024.extraWorkingDays[0].date', 'years.2024.holidays[0].date']);
  });

  it('puts the field and the origin in the error message', () => {
    const data = validData();
    data.years['2024'].holidays[0].date = '2024-02-30';
    expect(() => parseCalendarData(data, 'edition.json')).toThrow(
      'invalid working calendar data (edition.json): years.2024.holidays[0].date: "2024-02-30" is not a real date YYYY-MM-DD',
    );
  });

  it('rejects what is not an object at all', () => {
    expect(pathsOf(null)).toEqual(['(root)']);
    expect(pathsOf('calendar')).toEqual(['(root)']);
  });
});
