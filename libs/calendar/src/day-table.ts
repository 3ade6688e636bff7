// Which local dates are working days (ngày làm việc) under one calendar edition.
import { CalendarData, WEEKDAY_NAMES, WeekdayName } from './calendar-data';
import { CalendarCoverageError } from './errors';
import { formatLocalDay, LocalDay, parseLocalDate, weekdayOf } from './local-time';

/** Why a date is, or is not, a working day. */
export type DayKind = 'working_day' | 'weekend' | 'holiday' | 'compensatory_day_off' | 'extra_working_day';

export interface DayDescription {
  readonly date: string;
  readonly weekday: WeekdayName;
  readonly working: boolean;
  readonly kind: DayKind;
  /** Holiday name or reason of the compensatory / extra working day. */
  readonly label?: string;
  /** 'official' when announced, 'derived' when computed from the Labour Code; absent for plain days. */
  readonly source?: 'official' | 'derived';
}

interface SpecialDay {
  readonly kind: 'holiday' | 'compensatory_day_off' | 'extra_working_day';
  readonly label: string;
  readonly source: 'official' | 'derived';
}

export class DayTable {
  readonly firstYear: number;
  readonly lastYear: number;
  private readonly firstDay: LocalDay;
  private readonly lastDay: LocalDay;
  private readonly weekend: ReadonlySet<number>;
  private readonly special = new Map<LocalDay, SpecialDay>();

  constructor(private readonly data: CalendarData) {
    const years = Object.keys(data.years)
      .map(Number)
      .sort((a, b) => a - b);
    this.firstYear = years[0];
    this.lastYear = years[years.length - 1];
    this.firstDay = parseLocalDate(`${this.firstYear}-01-01`) as LocalDay;
    this.lastDay = parseLocalDate(`${this.lastYear}-12-31`) as LocalDay;
    this.weekend = new Set(data.weekendDays.map((d) => WEEKDAY_NAMES.indexOf(d)));
    for (const y of Object.values(data.years)) {
      for (const h of y.holidays) this.mark(h.date, 'holiday', h.name, h.source ?? y.source);
      for (const c of y.compensatoryDaysOff) this.mark(c.date, 'compensatory_day_off', c.reason, c.source ?? y.source);
      for (const x of y.extraWorkingDays) this.mark(x.date, 'extra_working_day', x.reason, x.source ?? y.source);
    }
  }

  isWorkingDay(day: LocalDay): boolean {
    this.assertCovered(day);
    const special = this.special.get(day);
    if (special) return special.kind === 'extra_working_day';
    return !this.weekend.has(weekdayOf(day));
  }

  describe(day: LocalDay): DayDescription {
    const working = this.isWorkingDay(day);
    const base = { date: formatLocalDay(day), weekday: WEEKDAY_NAMES[weekdayOf(day)], working };
    const special = this.special.get(day);
    if (special) return { ...base, kind: special.kind, label: special.label, source: special.source };
    return { ...base, kind: working ? 'working_day' : 'weekend' };
  }

  private assertCovered(day: LocalDay): void {
    if (day < this.firstDay || day > this.lastDay) {
      throw new CalendarCoverageError(this.data.version, formatLocalDay(day), this.firstYear, this.lastYear);
    }
  }

  private mark(date: string, kind: SpecialDay['kind'], label: string, source: SpecialDay['source']): void {
    this.special.set(parseLocalDate(date) as LocalDay, { kind, label, source });
  }
}
