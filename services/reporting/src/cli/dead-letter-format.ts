// Choosing and printing dead letters for the `dead-letters` command (pure: no Kafka here).
import type { DeadLetter } from '@onestop/messaging';

/** Which dead letters to replay: all, those of given events, or those of given dossiers. */
export type Selection = { all: true } | { eventIds: string[] } | { dossierIds: string[] };

export interface Choice {
  /** In dead-letter order, one per event (per original topic). */
  chosen: DeadLetter[];
  /** Further dead letters of an event already chosen (it failed more than once, or in several groups). */
  duplicates: number;
  /** "event ID" / "dossier ID" for each one asked for that has no dead letter. */
  missing: string[];
}

/**
 * The dead letters a selection names. The same event dead-lettered again (by another consumer
 * group, or after an earlier replay failed) carries the same message, so it is replayed once.
 */
export function chooseDeadLetters(all: DeadLetter[], selection: Selection): Choice {
  const wanted = (dl: DeadLetter): boolean =>
    'all' in selection ||
    ('eventIds' in selection ? selection.eventIds.includes(dl.eventId ?? '') : selection.dossierIds.includes(dl.dossierId ?? ''));
  const seen = new Set<string>();
  const chosen: DeadLetter[] = [];
  let duplicates = 0;
  for (const dl of all.filter(wanted)) {
    const key = `${dl.originalTopic}|${dl.eventId ?? `${dl.originalPartition}@${dl.originalOffset}`}`;
    if (seen.has(key)) duplicates += 1;
    else {
      seen.add(key);
      chosen.push(dl);
    }
  }
  const missing =
    'eventIds' in selection
      ? selection.eventIds.filter((id) => !chosen.some((dl) => dl.eventId === id)).map((id) => `event ${id}`)
      : 'dossierIds' in selection
        ? selection.dossierIds.filter((id) => !chosen.some((dl) => dl.dossierId === id)).map((id) => `dossier ${id}`)
        : [];
  return { chosen, duplicates, missing };
}

const where = (dl: DeadLetter): string => `${dl.originalTopic}[${dl.originalPartition}]@${dl.originalOffset}`;
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** One line: where it came from, the event, its dossier, the group that gave up. */
export function describeDeadLetter(dl: DeadLetter): string {
  return `${where(dl)} event ${dl.eventId ?? '-'} ${dl.eventType ?? '-'} dossier ${dl.dossierId ?? '-'} (group ${dl.group}, failed ${dl.failedAt.toISOString()})`;
}

/** What `list --format json` prints of a dead letter (the message bytes stay in the topic). */
export function deadLetterJson(dl: DeadLetter): Record<string, unknown> {
  return {
    originalTopic: dl.originalTopic,
    originalPartition: dl.originalPartition,
    originalOffset: dl.originalOffset,
    group: dl.group,
    eventId: dl.eventId ?? null,
    eventType: dl.eventType ?? null,
    dossierId: dl.dossierId ?? null,
    attempts: dl.attempts,
    failedAt: dl.failedAt.toISOString(),
    error: dl.error,
    deadLetterTopic: dl.deadLetterTopic,
    deadLetterPartition: dl.deadLetterPartition,
    deadLetterOffset: dl.deadLetterOffset,
  };
}

const MAX_TABLE_ERROR = 160;

/** A plain-text table, one dead letter a row; the error last, on one line, shortened. */
export function deadLetterTable(list: DeadLetter[]): string {
  const header = ['ORIGINAL', 'GROUP', 'EVENT ID', 'TYPE', 'DOSSIER', 'ATTEMPTS', 'FAILED AT', 'ERROR'];
  const rows = list.map((dl) => {
    const error = oneLine(dl.error);
    return [
      where(dl),
      dl.group,
      dl.eventId ?? '-',
      dl.eventType ?? '-',
      dl.dossierId ?? '-',
      String(dl.attempts),
      dl.failedAt.toISOString(),
      error.length > MAX_TABLE_ERROR ? `${error.slice(0, MAX_TABLE_ERROR)}…` : error,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt), `${list.length} dead letter(s)`, ''].join('\n');
}
