// Properties of the office-time arithmetic over many seeded random instants (deterministic).
import { loadCalendar } from './load';

const calendar = loadCalendar();
const FROM = Date.parse('2020-01-01T00:00:00+07:00');
const SPAN = Date.parse('2027-06-01T00:00:00+07:00') - FROM;

/** mulberry32: a small deterministic PRNG, so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Instants rounded to the minute, a third of them on office-hour boundaries. */
function instants(count: number, seed: number): Date[] {
  const next = random(seed);
  const boundaries = ['07:00', '11:30', '13:30', '17:00'];
  return Array.from({ length: count }, () => {
    const t = FROM + Math.floor(next() * SPAN);
    if (next() < 1 / 3) {
      const day = new Date(t + 7 * 3_600_000).toISOString().slice(0, 10);
      return new Date(`${day}T${boundaries[Math.floor(next() * 4)]}:00+07:00`);
    }
    return new Date(Math.floor(t / 60_000) * 60_000);
  });
}

const HOURS = [0.25, 1, 3.5, 4, 4.5, 8, 12, 40, 80, 123.75];

describe('office-time arithmetic properties', () => {
  const points = instants(300, 20240311);

  it('adding h working hours yields exactly h working hours in between', () => {
    points.forEach((start, i) => {
      const h = HOURS[i % HOURS.length];
      const end = calendar.addWorkingHours(start, h);
      expect(calendar.workingHoursBetween(start, end)).toBeCloseTo(h, 9);
      // Earliest such instant: one millisecond less is not enough.
      expect(calendar.workingHoursBetween(start, new Date(end.getTime() - 1))).toBeLessThan(h);
    });
  });

  it('subtracting h working hours yields exactly h working hours up to the end, from the latest instant', () => {
    points.forEach((end, i) => {
      const h = HOURS[i % HOURS.length];
      const start = calendar.subtractWorkingHours(end, h);
      expect(calendar.workingHoursBetween(start, end)).toBeCloseTo(h, 9);
      expect(calendar.workingHoursBetween(new Date(start.getTime() + 1), end)).toBeLessThan(h);
    });
  });

  it('working hours add up over consecutive intervals', () => {
    for (let i = 0; i + 2 < points.length; i += 3) {
      const [a, b, c] = points.slice(i, i + 3).sort((x, y) => x.getTime() - y.getTime());
      const whole = calendar.workingHoursBetween(a, c);
      expect(calendar.workingHoursBetween(a, b) + calendar.workingHoursBetween(b, c)).toBeCloseTo(whole, 9);
    }
  });

  it('due times always fall within or at the end of office hours of a working day', () => {
    points.forEach((received, i) => {
      const due = calendar.dueAt(received, { unit: 'working_days', value: 1 + (i % 10) });
      const justBefore = new Date(due.getTime() - 1);
      expect(calendar.isWithinOfficeHours(justBefore)).toBe(true);
      expect(calendar.isWorkingDay(due)).toBe(true);
    });
  });

  it('the notice rule holds exactly up to workingDaysBefore', () => {
    points.forEach((deadline) => {
      const latest = calendar.workingDaysBefore(deadline, 1);
      expect(calendar.isAtLeastWorkingDaysBefore(latest, deadline, 1)).toBe(true);
      expect(calendar.isAtLeastWorkingDaysBefore(new Date(latest.getTime() + 60_000), deadline, 1)).toBe(false);
    });
  });

  it('pausing for zero office time never moves a due time', () => {
    points.forEach((due) => {
      expect(calendar.extendForPause(due, due, due)).toEqual(due);
    });
  });
});
