// `import FILE`: takes over the history of a former one-stop software. Reads the export (CSV, JSON
// or XLSX; schema in README.md), checks every row against the schema, the administrative map and
// the catalogue at each dossier's received date, and only when the whole file is clean records each
// dossier in intake's event store (hash-chained, marked imported, with the file's SHA-256), then
// sends the new events to Kafka so reporting folds them. Running it again changes nothing.
import * as os from 'node:os';
import { loadAdminMap } from '@onestop/admin-map';
import { OutboxRelay, PostgresEventStore } from '@onestop/eventstore';
import { ensureTopics, KafkaEventPublisher, TOPICS } from '@onestop/messaging';
import type { Pool } from 'pg';
import * as fs from 'node:fs';
import { catalogueFromJson } from '../../legacy-import/reference';
import { formatOf, type FileFormat, type RowProblem } from '../../legacy-import/export-file';
import { importDossiers, type ImportOutcome } from '../../legacy-import/import-dossiers';
import { planDossier, type ImportRun } from '../../legacy-import/plan';
import { ExportFileError, readExportFile } from '../../legacy-import/read-export';
import { validateRows } from '../../legacy-import/validate';
import { oneOf, parseOptions, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';
import { SERVICES, shown, storeLocations } from '../stores';

export const IMPORT_USAGE = `import FILE [--format csv|json|xlsx] [--store onestop.intake=PG_URL#SCHEMA] [--by NAME]
         [--dry-run] [--no-publish] [--json]
    Imports past dossiers from a former one-stop software's export (schema and example file:
    README.md, docs/examples/legacy-export.csv). Every row is checked — required fields, times,
    status order, the unit as it existed and the catalogue's rule on the received date (UNITS_FILE,
    CATALOGUE_FILE) — and a file with any bad row is refused whole: each problem is listed by row
    and field, nothing is written, exit code 1. A clean file is recorded in intake's event store
    (default schema onestop_intake on PG_URL; --store as for verify): one commit per dossier, events
    marked imported with their original times, the file's SHA-256 and row, hash-chained; then sent
    to intake's topic (--no-publish leaves that to intake's outbox relay). Importing the same file
    again changes nothing and says so; a run stopped half-way is completed by running it again.
    --by: who imports (stored with the events; default the system user). --dry-run: check the
    file and the store, write nothing. --json: the result as JSON on stdout.`;

const FORMATS = ['csv', 'json', 'xlsx'] as const;
const SHOWN_PROBLEMS = 200;

function splitArgs(argv: string[]): { file: string; rest: string[] } {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) throw new UsageError('import: name the export file: import FILE [options]');
  return { file: first, rest };
}

export async function importCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const { file, rest } = splitArgs(argv);
  const o = parseOptions(
    rest,
    {
      format: { type: 'string' },
      store: { type: 'string', multiple: true },
      by: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'no-publish': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    'import',
  );
  const format: FileFormat = o.format !== undefined ? oneOf(o.format, 'format', FORMATS, 'csv') : detectFormat(file);
  const importedBy = (o.by ?? os.userInfo().username).trim();
  if (!/^[\w.@:-]{1,64}$/.test(importedBy)) throw new UsageError(`--by must be 1-64 letters, digits or . _ @ : -; got "${importedBy}"`);
  const target = storeLocations(o.store, ctx).find((s) => s.source === SERVICES.intake.source);
  if (!target) throw new UsageError(`import: no --store (or VERIFY_STORES entry) for ${SERVICES.intake.source}`);
  const json = o.json === true;

  const map = loadAdminMap(ctx.config.UNITS_FILE);
  const catalogue = catalogueFromJson(readJsonFile(ctx.config.CATALOGUE_FILE, 'CATALOGUE_FILE'));
  let exported;
  try {
    exported = await readExportFile(file, format);
  } catch (err) {
    if (err instanceof ExportFileError) return refuse(io, json, file, undefined, [{ row: 0, field: '(file)', message: err.message }]);
    throw err;
  }
  const about = `${exported.name} (${format}, SHA-256 ${exported.sha256})`;
  if ('problems' in exported.read) return refuse(io, json, about, exported.sha256, exported.read.problems);
  const checked = validateRows(exported.read.rows, { map, catalogue, now: new Date() });
  if ('problems' in checked) return refuse(io, json, about, exported.sha256, checked.problems);

  const run: ImportRun = { sha256: exported.sha256, fileName: exported.name, format, importedAt: new Date(), importedBy };
  const planned = checked.dossiers.map((d) => planDossier(d, run, { catalogueVersion: catalogue.version, unitsVersion: map.version }));
  const pool = ctx.pg(target.url);
  const store = new PostgresEventStore(pool, { schema: target.schema, source: SERVICES.intake.source });
  const where = `${target.source} (${shown(target.url)}#${target.schema})`;
  const dryRun = o['dry-run'] === true;
  // A dry run writes nothing, not even intake's schema: without it, every dossier would be new.
  const empty = dryRun && !(await schemaExists(pool, target.schema));
  if (!dryRun) await store.ensureSchema();
  const result = await importDossiers(store, planned, run, {
    storeIsEmpty: empty,
    dryRun,
    // About twenty progress lines per phase, whatever the file's size.
    onProgress: (done, total, phase) => {
      if (done === total || done % Math.max(1, Math.floor(total / 20)) === 0) io.progress(`import: ${phase} ${done}/${total} dossiers`);
    },
  });
  io.progressDone();
  if ('problems' in result) return refuse(io, json, about, exported.sha256, result.problems);
  const published = dryRun || o['no-publish'] === true ? null : await publish(ctx, store, io);
  report(io, json, { about, where, sha256: exported.sha256, outcome: result.outcome, dryRun, published });
  return 0;
}

async function schemaExists(pool: Pool, schema: string): Promise<boolean> {
  const r = await pool.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`${schema}.commits`]);
  return r.rows[0]?.t != null;
}

function detectFormat(file: string): FileFormat {
  const f = formatOf(file);
  if (!f) throw new UsageError(`import: cannot tell the format of "${file}" from its name: use .csv, .json or .xlsx, or --format`);
  return f;
}

function readJsonFile(file: string, setting: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${setting}: cannot read ${file}: ${(err as Error).message}`);
  }
}

function refuse(io: CliOutput, json: boolean, about: string, sha256: string | undefined, problems: RowProblem[]): number {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  const rows = new Set(sorted.map((p) => p.row)).size;
  if (json) {
    io.out(`${JSON.stringify({ file: about, sha256: sha256 ?? null, imported: false, problems: sorted })}\n`);
    return 1;
  }
  for (const p of sorted.slice(0, SHOWN_PROBLEMS)) io.err(`${p.row > 0 ? `row ${p.row}` : 'file'}, ${p.field}: ${p.message}\n`);
  if (sorted.length > SHOWN_PROBLEMS) io.err(`… and ${sorted.length - SHOWN_PROBLEMS} more problem(s) (--json lists them all)\n`);
  io.err(`${about}: ${sorted.length} problem(s) in ${rows} row(s); nothing was imported. Fix the file and run the import again.\n`);
  return 1;
}

interface Published {
  events: number;
  pending: number;
  topic: string;
}

/** Sends what the import (or an earlier, interrupted one) left in intake's outbox. */
async function publish(ctx: CliContext, store: PostgresEventStore, io: CliOutput): Promise<Published> {
  const topic = TOPICS.intake;
  const kafka = ctx.kafka();
  await ensureTopics(kafka, [topic]);
  const publisher = new KafkaEventPublisher(kafka, topic, { source: SERVICES.intake.source });
  await publisher.connect();
  let events = 0;
  try {
    const relay = new OutboxRelay(store.outbox, publisher, { minBackoffMs: 200, maxBackoffMs: 2000 });
    for (let pass = 0; pass < 5; pass++) {
      io.progress(`import: sending to ${topic} (${events} events sent)`);
      const r = await relay.publishPending();
      events += r.publishedEvents;
      if (r.publishedCommits === 0 && r.failedStreams.length === 0 && r.deferredStreams.length === 0) break;
    }
  } finally {
    io.progressDone();
    await publisher.disconnect();
  }
  return { events, pending: (await store.outbox.pendingStreams(1000)).length, topic };
}

function report(
  io: CliOutput,
  json: boolean,
  r: { about: string; where: string; sha256: string; outcome: ImportOutcome; dryRun: boolean; published: Published | null },
): void {
  const { outcome: o } = r;
  if (json) {
    const { written, ...counts } = o;
    io.out(
      `${JSON.stringify({ file: r.about, sha256: r.sha256, store: r.where, dryRun: r.dryRun, ...counts, writtenDossierIds: written, changed: !r.dryRun && o.imported > 0, published: r.published })}\n`,
    );
    return;
  }
  if (r.dryRun) {
    io.out(
      `${r.about}: ${o.dossiers} dossier(s) checked; would import ${o.imported} (${o.events} events) into ${r.where}; ${o.alreadyImported} already imported; nothing written (dry run)\n`,
    );
    return;
  }
  if (o.imported === 0) {
    io.out(`${r.about}: already imported — all ${o.dossiers} dossier(s) of this file are in ${r.where}; nothing changed\n`);
  } else {
    io.out(
      `${r.about}: imported ${o.imported} dossier(s) (${o.events} events) into ${r.where}` +
        `${o.alreadyImported > 0 ? `; ${o.alreadyImported} were already imported by an earlier run` : ''}\n`,
    );
  }
  if (r.published) {
    const waiting =
      r.published.pending > 0
        ? `; ${r.published.pending} stream(s) still wait in the outbox (intake's relay sends them; see ops outbox list)`
        : '';
    io.out(`sent ${r.published.events} event(s) to ${r.published.topic}${waiting}\n`);
  }
}
