// The dossier projection as a pure fold: applyFact(view, fact) -> view, and foldDossier() which
// puts a dossier's facts from all sources into one order first. Folding the same facts gives the
// same view whatever order they arrived in and however often: each source's events apply in
// stream-version order and a position already applied is ignored.
import type { DossierFact } from './facts';
import { emptyView, type DossierView, type Outcome } from './dossier-view';
import { vietnamDay } from './period';
import { applyBody } from './apply-fact';

/** Applies one fact; a fact at or below its source's applied position changes nothing. */
export function applyFact(view: DossierView, fact: DossierFact): DossierView {
  const { source, streamId, streamVersion, recordedAt } = fact.meta;
  const applied = view.positions.find((p) => p.source === source && p.streamId === streamId);
  if (applied && applied.version >= streamVersion) return view;
  const next = applyBody(view, fact);
  next.positions = [...view.positions.filter((p) => p !== applied), { source, streamId, version: streamVersion }].sort(
    (a, b) => compareText(a.source, b.source) || compareText(a.streamId, b.streamId),
  );
  if (!next.lastRecordedAt || recordedAt.getTime() > next.lastRecordedAt.getTime()) next.lastRecordedAt = recordedAt;
  next.outcome = outcomeOf(next);
  return next;
}

/**
 * The view of one dossier from all its facts, or null when there are none. Facts are ordered by
 * orderFacts() first, so the arrival order across topics does not matter.
 */
export function foldDossier(dossierId: string, facts: readonly DossierFact[]): DossierView | null {
  if (facts.length === 0) return null;
  return orderFacts(facts).reduce(applyFact, emptyView(dossierId));
}

/**
 * One order for a dossier's facts: each producer stream's facts by version, the streams merged by
 * recording time (ties by source and stream name). A clock step between producers therefore never
 * puts a stream's version 3 before its version 2.
 */
export function orderFacts(facts: readonly DossierFact[]): DossierFact[] {
  const bySource = new Map<string, DossierFact[]>();
  for (const f of facts) {
    const key = `${f.meta.source}\u0000${f.meta.streamId}`;
    const list = bySource.get(key) ?? [];
    list.push(f);
    bySource.set(key, list);
  }
  const queues = [...bySource.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, list]) => list.sort((a, b) => a.meta.streamVersion - b.meta.streamVersion));
  const ordered: DossierFact[] = [];
  for (;;) {
    let pick = -1;
    for (let i = 0; i < queues.length; i++) {
      if (queues[i].length === 0) continue;
      if (pick < 0 || queues[i][0].meta.recordedAt.getTime() < queues[pick][0].meta.recordedAt.getTime()) pick = i;
    }
    if (pick < 0) return ordered;
    ordered.push(queues[pick].shift() as DossierFact);
  }
}

/**
 * Early / on time / late: the end of processing against dueAt — the appointed time set at receipt,
 * moved only by supplements — by calendar day in Vietnam. Not against an apology's new date
 * (appointedAt): an apology does not make a late dossier on time in the official figures, even
 * where processing's own timeliness (judged against the date in force) says "on time".
 */
export function outcomeOf(view: Pick<DossierView, 'endKind' | 'endedAt' | 'dueAt'>): Outcome | null {
  if (view.endKind !== 'result' || !view.endedAt || !view.dueAt) return null;
  const ended = vietnamDay(view.endedAt);
  const due = vietnamDay(view.dueAt);
  return ended < due ? 'early' : ended === due ? 'on_time' : 'late';
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
