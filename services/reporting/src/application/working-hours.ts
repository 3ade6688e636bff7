import type { WorkingHoursBetween } from '../domain/statistics';

/**
 * Working hours on a calendar, or null outside the years the calendar's data covers (a dossier of
 * such a year is left out of the average processing time rather than failing the report).
 */
export function workingHoursOn(calendar: { workingHoursBetween(a: Date, b: Date): number }): WorkingHoursBetween {
  return (a, b) => {
    try {
      return calendar.workingHoursBetween(a, b);
    } catch {
      return null;
    }
  };
}
