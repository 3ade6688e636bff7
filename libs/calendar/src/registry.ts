// Several calendar editions side by side. A deadline is computed once with the edition in force at
// receipt and its version is stored; a later edition never silently moves it.
import { CalendarArgumentError, UnknownCalendarVersionError } from './errors';
import { WorkingCalendar } from './working-calendar';

export class CalendarRegistry {
  private readonly byVersion = new Map<string, WorkingCalendar>();
  private readonly currentVersion: string;

  /** `current` names the edition for new dossiers; by default the last calendar given. */
  constructor(calendars: readonly WorkingCalendar[], options: { current?: string } = {}) {
    if (calendars.length === 0) throw new CalendarArgumentError('calendars', 'at least one calendar is required');
    for (const calendar of calendars) {
      if (this.byVersion.has(calendar.version)) {
        throw new CalendarArgumentError('calendars', `version "${calendar.version}" is given twice`);
      }
      this.byVersion.set(calendar.version, calendar);
    }
    this.currentVersion = options.current ?? calendars[calendars.length - 1].version;
    this.get(this.currentVersion);
  }

  /** The edition for new dossiers. */
  get current(): WorkingCalendar {
    return this.get(this.currentVersion);
  }

  /** The edition with this version (with a unit's office hours when `unitCode` is given). */
  get(version: string, unitCode?: string): WorkingCalendar {
    const calendar = this.byVersion.get(version);
    if (!calendar) throw new UnknownCalendarVersionError(version, this.versions());
    return unitCode === undefined ? calendar : calendar.forUnit(unitCode);
  }

  has(version: string): boolean {
    return this.byVersion.has(version);
  }

  versions(): string[] {
    return [...this.byVersion.keys()];
  }
}
