// The dashboard's charts over time, computed from reporting's answers: the months a period spans
// (for the on-time rate by field and month) and dossiers received per week. Pure.

const VN_OFFSET_MS = 7 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

export interface Month {
  key: string; // "2026-03"
  from: string; // "2026-03-01", clipped to the period
  to: string; // "2026-03-31", clipped to the period
}

/** The calendar months [from, to] touches (at most `max`, the latest ones), each clipped to it. */
export function monthsOf(from: string, to: string, max = 12): Month[] {
  const months: Month[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endKey = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${pad(m)}`;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const start = `${key}-01`;
    const end = `${key}-${pad(last)}`;
    months.push({ key, from: start < from ? from : start, to: end > to ? to : end });
    if (key >= endKey) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months.slice(-max);
}

/** Resolved on time or early, of those resolved; undefined when none was resolved. */
export function onTimeRate(c: { resolved: number; early: number; onTime: number } | undefined): number | undefined {
  if (!c || c.resolved <= 0) return undefined;
  return (c.early + c.onTime) / c.resolved;
}

/** The Monday (Vietnam's date) of the week a moment falls in, as "YYYY-MM-DD". */
export function weekOf(at: Date): string {
  const local = new Date(at.getTime() + VN_OFFSET_MS);
  const dow = (local.getUTCDay() + 6) % 7; // Monday = 0
  const monday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dow));
  return `${monday.getUTCFullYear()}-${pad(monday.getUTCMonth() + 1)}-${pad(monday.getUTCDate())}`;
}

/** Dossiers received per week, every week of the period present (zero when none). */
export function receivedPerWeek(receivedAt: (Date | undefined)[], from: string, to: string): { week: string; received: number }[] {
  const counts = new Map<string, number>();
  const first = weekOf(new Date(`${from}T00:00:00+07:00`));
  const last = weekOf(new Date(`${to}T00:00:00+07:00`));
  for (let w = first; w <= last; w = weekOf(new Date(new Date(`${w}T00:00:00+07:00`).getTime() + 7 * 86_400_000))) counts.set(w, 0);
  for (const at of receivedAt) {
    if (!at) continue;
    const w = weekOf(at);
    if (counts.has(w)) counts.set(w, counts.get(w)! + 1);
  }
  return [...counts].map(([week, received]) => ({ week, received }));
}

/** The first day of the month five months before `date`'s month: six whole months ending with it. */
export function sixMonthsBefore(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 5;
  const d = new Date(Date.UTC(y, m - 1, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`;
}

export const earlierOf = (a: string, b: string) => (a < b ? a : b);
