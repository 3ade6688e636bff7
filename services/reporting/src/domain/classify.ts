// Where one dossier falls in the official report for a period (counting rules of Biểu II.06a):
// - received (col 3–5): receipt time in the period, split online / counter-or-post;
// - carried over (col 6): received before the period and not closed before it;
// - resolved (col 7–10): end of processing in the period with a result, early / on time / late
//   by calendar day against the appointed time set at receipt and moved only by supplements
//   (dueAt) — an apology's new date (Form 04) does not move it, so it does not erase lateness;
// - closed otherwise: ended in the period by withdrawal, stop (or refusal) — shown apart;
// - in progress (col 11–13): received by the end and not closed by it; overdue when that same
//   appointed time (dueAt) is before the cut-off (the period's end, or "now" for a period still
//   running).
import type { Channel } from './facts';
import type { DossierView, EndKind } from './dossier-view';
import type { Period } from './period';
import { outcomeOf } from './fold';

/** What the report needs of a dossier. */
export type ReportDossier = Pick<
  DossierView,
  | 'dossierId'
  | 'procedureCode'
  | 'procedureName'
  | 'fieldCode'
  | 'agencyCode'
  | 'unitCode'
  | 'level'
  | 'channel'
  | 'receivedAt'
  | 'dueAt'
  | 'endedAt'
  | 'endKind'
  | 'refusedAt'
>;

export interface Placement {
  /** How it entered the period: received in it (by channel) or carried over from before. */
  entry: { received: Channel } | 'carried_over';
  /** How it left: resolved (with its outcome), closed otherwise, or still in progress. */
  exit:
    | { resolved: 'early' | 'on_time' | 'late' }
    | { closedOtherwise: Exclude<EndKind, 'result'> }
    | { inProgress: 'within_time' | 'overdue' };
}

/** The instant up to which "in progress" is judged: the period's end, or now if earlier. */
export function cutoffOf(period: Period, now: Date): Date {
  return now.getTime() < period.end.getTime() ? now : period.end;
}

/**
 * The dossier's place among cols 3–13, or null when it is not part of the period (received after
 * it, closed before it, or never received). A refusal at reception is not a receipt: see
 * refusedInPeriod().
 */
export function placeInPeriod(d: ReportDossier, period: Period, cutoff: Date): Placement | null {
  const received = d.receivedAt;
  if (!received || received.getTime() >= period.end.getTime()) return null;
  const ended = d.endedAt;
  if (ended && ended.getTime() < period.start.getTime()) return null;
  const entry: Placement['entry'] = received.getTime() >= period.start.getTime() ? { received: d.channel ?? 'counter' } : 'carried_over';
  if (ended && ended.getTime() < period.end.getTime()) {
    if (d.endKind === 'result') return { entry, exit: { resolved: outcomeOf(d) ?? 'on_time' } };
    return { entry, exit: { closedOtherwise: d.endKind ?? 'stopped' } as Placement['exit'] };
  }
  const overdue = !!d.dueAt && d.dueAt.getTime() < cutoff.getTime();
  return { entry, exit: { inProgress: overdue ? 'overdue' : 'within_time' } };
}

/** A refusal at reception (Form 03) in the period: never received, so outside cols 3–13. */
export function refusedInPeriod(d: ReportDossier, period: Period): boolean {
  if (d.receivedAt || !d.refusedAt) return false;
  const t = d.refusedAt.getTime();
  return t >= period.start.getTime() && t < period.end.getTime();
}
