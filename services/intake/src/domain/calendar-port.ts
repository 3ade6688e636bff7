/** What the desk needs of the working-day calendar (implemented by @onestop/calendar). */
export interface CalendarPort {
  readonly version: string;
  nextWorkingMoment(t: Date): Date;
  addWorkingHours(start: Date, hours: number): Date;
  workingHoursBetween(a: Date, b: Date): number;
  dueAt(start: Date, duration: { unit: 'working_days' | 'working_hours' | 'same_day'; value: number }): Date;
}

/** Statutory time in working hours (8 h = one working day; a same-day procedure counts as one day). */
export function statutoryWorkingHours(d: { unit: 'working_days' | 'working_hours' | 'same_day'; value: number }): number {
  if (d.unit === 'working_days') return d.value * 8;
  if (d.unit === 'working_hours') return d.value;
  return 8;
}
