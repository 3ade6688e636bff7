// Records checked dossiers in intake's event store, through the store's ordinary append: one commit
// per dossier (its events hash-chained in one transaction, its code claimed with them), with a
// request id derived from the dossier, so an import run again — whole, or after a stop half-way —
// writes only what is missing. Before anything is written, every dossier is checked against the
// store: a code already held by another dossier, or a dossier imported from another file, is a
// problem of that row, and then nothing of the file is written.
import { decodeEvent, legacyImportEvents as ev } from '@onestop/contracts';
import { DuplicateRequestError, type EventStore } from '@onestop/eventstore';
import type { RowProblem } from './export-file';
import { DOSSIER_IMPORTED, type ImportRun, type PlannedDossier } from './plan';

export interface ImportOutcome {
  /** Dossiers in the file. */
  dossiers: number;
  /** Dossiers written by this run (that a dry run would write). */
  imported: number;
  /** Dossiers found already imported from this same file (nothing written for them). */
  alreadyImported: number;
  /** Events written by this run. */
  events: number;
  /** The streams written by this run. */
  written: string[];
}

export type ImportResult = { outcome: ImportOutcome } | { problems: RowProblem[] };

export interface ImportOptions {
  /** Check against the store and count, but write nothing. */
  dryRun?: boolean;
  /** The store has no tables yet (a dry run before intake ever started): every dossier is new. */
  storeIsEmpty?: boolean;
  onProgress?: (done: number, total: number, phase: 'checking' | 'writing') => void;
}

/** The request id of a dossier's import commit (the platform's reserved namespace). */
export function importRequestId(dossierId: string): string {
  return `onestop~legacy-import:${dossierId}`;
}

type Status = 'new' | 'done';

export async function importDossiers(
  store: EventStore,
  planned: readonly PlannedDossier[],
  run: ImportRun,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const problems: RowProblem[] = [];
  const status = new Map<string, Status>();
  let checked = 0;
  for (const d of planned) {
    const found: { status: Status } | { problem: string } = options.storeIsEmpty ? { status: 'new' } : await statusInStore(store, d, run);
    if ('problem' in found) problems.push({ row: d.row, field: 'code', message: found.problem });
    else status.set(d.dossierId, found.status);
    options.onProgress?.(++checked, planned.length, 'checking');
  }
  if (problems.length > 0) return { problems };

  const outcome: ImportOutcome = { dossiers: planned.length, imported: 0, alreadyImported: 0, events: 0, written: [] };
  let done = 0;
  for (const d of planned) {
    if (status.get(d.dossierId) === 'done') outcome.alreadyImported++;
    else if (options.dryRun || (await append(store, d, run))) {
      outcome.imported++;
      outcome.events += d.events.length;
      outcome.written.push(d.dossierId);
    } else outcome.alreadyImported++;
    options.onProgress?.(++done, planned.length, 'writing');
  }
  return { outcome };
}

async function statusInStore(store: EventStore, d: PlannedDossier, run: ImportRun): Promise<{ status: Status } | { problem: string }> {
  const existing = await store.readStream(d.dossierId);
  if (existing.length === 0) {
    const holder = await store.findByReservation(d.code);
    if (holder) return { problem: `${d.code} is already the code of dossier ${holder.streamId} in the event store` };
    return { status: 'new' };
  }
  const first = existing[0];
  if (first.type !== DOSSIER_IMPORTED) return { problem: `the stream of ${d.code} (${d.dossierId}) holds a dossier that was not imported` };
  const source = decodeEvent<ev.LegacyDossierImported>(first.type, first.data).source;
  if (source?.fileSha256 !== run.sha256) {
    return {
      problem:
        `${d.code} was already imported from another file (${source?.fileName ?? '?'}, SHA-256 ${source?.fileSha256 ?? '?'}, row ${source?.row ?? '?'}` +
        ` on ${source?.importedAt?.toISOString() ?? '?'}); imported history is not overwritten: leave this dossier out`,
    };
  }
  if (existing.length !== d.events.length)
    return { problem: `${d.code} was imported from this file with ${existing.length} event(s), but the row now gives ${d.events.length}` };
  return { status: 'done' };
}

/** Appends the dossier as one commit; false when the same import got there first (a retry). */
async function append(store: EventStore, d: PlannedDossier, run: ImportRun): Promise<boolean> {
  try {
    await store.append(
      d.dossierId,
      d.events.map((e) => ({ id: e.id, type: e.type, data: e.data })),
      {
        expectedVersion: 'no_stream',
        requestId: importRequestId(d.dossierId),
        reservation: d.reservation,
        result: { imported: d.code, row: d.row, fileSha256: run.sha256 },
        metadata: {
          correlationId: `legacy-import-${run.sha256.slice(0, 32)}`,
          actor: { officerId: run.importedBy, role: 'legacy_import', unitCode: d.unitCode },
        },
      },
    );
    return true;
  } catch (err) {
    if (err instanceof DuplicateRequestError) return false;
    throw new Error(`dossier ${d.code} (row ${d.row}): ${(err as Error).message}`, { cause: err });
  }
}
