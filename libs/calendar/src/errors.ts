/** One problem found in calendar data: where (a path such as `years.2021.holidays[3].date`) and what. */
export interface CalendarDataIssue {
  readonly path: string;
  readonly message: string;
}

/** The calendar data (file or object) is not valid; every problem is listed with the field it concerns. */
export class CalendarDataError extends Error {
  constructor(
    readonly issues: readonly CalendarDataIssue[],
    readonly origin?: string,
  ) {
    const where = origin ? ` (${origin})` : '';
    super(`invalid working calendar data${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'CalendarDataError';
  }
}

/** An argument passed to the calendar is not usable (invalid Date, negative hours, unknown unit…). */
export class CalendarArgumentError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'CalendarArgumentError';
  }
}

/**
 * A computation reached a date the calendar edition does not cover. Deadlines are never guessed past
 * the published data: publish a new edition (new version) that covers the year.
 */
export class CalendarCoverageError extends Error {
  constructor(
    readonly version: string,
    readonly date: string,
    readonly firstYear: number,
    readonly lastYear: number,
  ) {
    super(`working calendar ${version} covers ${firstYear}-${lastYear} only; ${date} is outside it`);
    this.name = 'CalendarCoverageError';
  }
}

/** No calendar edition with this version is registered. */
export class UnknownCalendarVersionError extends Error {
  constructor(
    readonly version: string,
    readonly known: readonly string[],
  ) {
    super(`unknown working calendar version "${version}" (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownCalendarVersionError';
  }
}
