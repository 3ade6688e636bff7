// `migrate-events`: copies each service's former event collection (MongoDB / FerretDB, one
// document per commit) into its PostgreSQL event store, keeping ids, versions, times, metadata,
// hashes, request answers and reservations, and proves the copy with the verify digest of the
// old stores before and of the new ones after. Safe to rerun: what is there already is kept.
import type { CommitDocument } from '@onestop/eventstore';
import { migrateEvents, type MigrationPair, type MigrationReport } from '../../application/migrate-events';
import { MongoCommitSource } from '../../adapters/migration/mongo-commit-source';
import { PgCommitTarget } from '../../adapters/migration/pg-commit-target';
import { checkAll, instant, parseOptions, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';
import { positiveInteger, serviceName, SERVICE_NAMES, SERVICES, shown, type ServiceName } from '../stores';

export const MIGRATE_EVENTS_USAGE = `migrate-events [--service intake|processing|postal]... [--dry-run] [--batch N] [--until INSTANT]
         [--from SERVICE=mongodb://host:port/DATABASE[#COLLECTION]]... [--to SERVICE=postgres://…/DATABASE#SCHEMA]...
    Copies the former event collections (one document per commit) into the PostgreSQL event
    stores: same event ids, versions, recorded times, metadata, hashes, request ids and answers,
    reservations; in stream and version order; commits the old store had published stay published
    (the relay sends only those it had not). Stop the services first. By default every service,
    from databases onestop_intake, onestop_processing, onestop_postal (collection events) on
    MONGO_URL into schemas onestop_intake, onestop_processing, onestop_postal on PG_URL.
    Checks the old hash chains first (a broken chain refuses the migration, naming stream and
    version), prints the verify digest of the old stores and, after copying, of the new ones.
    A rerun writes nothing and says so. --dry-run checks and prints the old digest only.
    Exits 1 if a chain is broken or the digests differ.`;

export interface MongoLocation {
  /** The URL to connect with (as given). */
  url: string;
  database: string;
  collection: string;
}

const MONGO_SPEC = /^(intake|processing|postal)=(mongodb(?:\+srv)?:\/\/[^/?#\s]+\/([A-Za-z0-9_-]+)(?:\?[^#\s]*)?)(?:#([\w.-]+))?$/;
const PG_SPEC = /^(intake|processing|postal)=(postgres(?:ql)?:\/\/[^#\s]+)#([a-z_][a-z0-9_]{0,62})$/;

export function parseMongoSpec(spec: string): { service: ServiceName; location: MongoLocation } {
  const m = MONGO_SPEC.exec(spec.trim());
  if (!m)
    throw new UsageError(
      `--from "${spec}" is not SERVICE=mongodb://host:port/DATABASE[#COLLECTION] (SERVICE: ${SERVICE_NAMES.join(', ')})`,
    );
  return { service: m[1] as ServiceName, location: { url: m[2], database: m[3], collection: m[4] ?? 'events' } };
}

export function parsePgSpec(spec: string): { service: ServiceName; url: string; schema: string } {
  const m = PG_SPEC.exec(spec.trim());
  if (!m)
    throw new UsageError(`--to "${spec}" is not SERVICE=postgres://user@host:port/DATABASE#SCHEMA (SERVICE: ${SERVICE_NAMES.join(', ')})`);
  return { service: m[1] as ServiceName, url: m[2], schema: m[3] };
}

export interface MigrationPlan {
  services: { service: ServiceName; from: MongoLocation; to: { url: string; schema: string } }[];
  batchSize: number;
  until: Date;
  dryRun: boolean;
}

/** The command line as a plan (every mistake named at once); defaults from MONGO_URL and PG_URL. */
export function migrationPlan(argv: string[], defaults: { mongoUrl: string; pgUrl: string }, now = new Date()): MigrationPlan {
  const o = parseOptions(
    argv,
    {
      service: { type: 'string', multiple: true },
      from: { type: 'string', multiple: true },
      to: { type: 'string', multiple: true },
      batch: { type: 'string' },
      until: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    'migrate-events',
  );
  const [services, from, to, batchSize, until] = checkAll(
    () => [...new Set((o.service ?? SERVICE_NAMES).map((s) => serviceName(s, 'service')))],
    () => (o.from ?? []).map(parseMongoSpec),
    () => (o.to ?? []).map(parsePgSpec),
    () => positiveInteger(o.batch, 'batch', 500, 10_000),
    () => instant(o.until, 'until') ?? now,
  );
  const unused = [...from.map((f) => ['--from', f.service]), ...to.map((t) => ['--to', t.service])].filter(
    ([, s]) => !services.includes(s as ServiceName),
  );
  if (unused.length > 0) throw new UsageError(unused.map(([opt, s]) => `${opt} names ${s}, which --service leaves out`).join('; '));
  const twice = [
    ...dupes(from.map((f) => f.service)).map((s) => `--from names ${s} twice`),
    ...dupes(to.map((t) => t.service)).map((s) => `--to names ${s} twice`),
  ];
  if (twice.length > 0) throw new UsageError(twice.join('; '));
  return {
    services: services.map((service) => ({
      service,
      from: from.find((f) => f.service === service)?.location ?? {
        url: defaults.mongoUrl,
        database: SERVICES[service].database,
        collection: 'events',
      },
      to: to.find((t) => t.service === service) ?? { url: defaults.pgUrl, schema: SERVICES[service].schema },
    })),
    batchSize,
    until,
    dryRun: o['dry-run'] === true,
  };
}

/** The server part of a MongoDB URL (scheme, credentials, hosts), for reports. */
function serverOf(url: string): string {
  return /^mongodb(?:\+srv)?:\/\/[^/?#]+/.exec(url)?.[0] ?? url;
}

function dupes(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

export async function migrateEventsCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const plan = migrationPlan(argv, { mongoUrl: ctx.config.MONGO_URL, pgUrl: ctx.config.PG_URL });
  const migratedAt = new Date();
  const pairs: MigrationPair[] = [];
  for (const p of plan.services) {
    const { source } = SERVICES[p.service];
    const collection = (await ctx.mongo(p.from.url)).db(p.from.database).collection<CommitDocument>(p.from.collection);
    pairs.push({
      service: p.service,
      from: new MongoCommitSource(collection, source, `${shown(serverOf(p.from.url))} ${p.from.database}.${p.from.collection}`, migratedAt),
      to: new PgCommitTarget(ctx.pg(p.to.url), p.to.schema, source, `${shown(p.to.url)}#${p.to.schema}`),
    });
  }
  const report = await migrateEvents(pairs, {
    until: plan.until,
    batchSize: plan.batchSize,
    dryRun: plan.dryRun,
    progress: (l) => io.progress(l),
  });
  io.progressDone();
  return printReport(report, plan, io);
}

function printReport(r: MigrationReport, plan: MigrationPlan, io: CliOutput): number {
  const until = plan.until.toISOString();
  const counted = `${r.before.storeEvents} events in ${r.before.streams} streams recorded up to ${until}`;
  if (r.outcome === 'refused') {
    for (const p of r.problems)
      io.out(
        `${p.kind.toUpperCase()}  ${p.where}  stream ${p.streamId} version ${p.version}${p.eventId ? ` event ${p.eventId}` : ''}: ${p.detail}\n`,
      );
    io.out(`old stores: ${counted}: ${r.problems.length} problem(s); nothing migrated (repair or restore the old store first)\n`);
    return 1;
  }
  io.out(`old stores: ${counted}, chains intact\ndigest before ${r.before.digest} until ${until}\n`);
  if (r.outcome === 'checked') {
    io.out('dry run: nothing written\n');
    return 0;
  }
  for (const s of r.services) {
    const already = s.commitsRead - s.commitsWritten;
    io.out(
      `${s.service}: read ${s.commitsRead} commits (${s.eventsRead} events); wrote ${s.commitsWritten} commits (${s.eventsWritten} events)` +
        `${already > 0 ? `; ${already} already there` : ''}${s.unpublished > 0 ? `; ${s.unpublished} unpublished, left to the relay` : ''}\n`,
    );
  }
  io.out(
    `new stores: ${r.after.storeEvents} events in ${r.after.streams} streams recorded up to ${until}${r.after.problems.length > 0 ? `, ${r.after.problems.length} chain problem(s)` : ''}\n`,
  );
  io.out(`digest after  ${r.after.digest ?? '(none: broken chain)'} until ${until}\n`);
  if (!r.equal) {
    for (const p of r.after.problems)
      io.out(`${p.kind.toUpperCase()}  ${p.where}  stream ${p.streamId} version ${p.version}: ${p.detail}\n`);
    io.out(
      `DIGEST MISMATCH: the new stores do not hold exactly the old history (${r.before.storeEvents} events before, ${r.after.storeEvents} after)\n`,
    );
    return 1;
  }
  const wrote = r.services.reduce((n, s) => n + s.commitsWritten + s.eventsWritten, 0);
  io.out(
    wrote === 0
      ? 'digests equal; nothing changed: every commit was already migrated\n'
      : 'digests equal: the new stores hold the old history\n',
  );
  return 0;
}
