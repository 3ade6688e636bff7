// `verify`: walk every service's event store and the Kafka history, recompute the hash chains,
// compare the stores with Kafka; report every altered, missing, reordered or extra event by
// stream (dossier) and position, or print the digest of a clean history.
import { TOPICS } from '@onestop/messaging';
import { verifyHistory, type StoreAudit, type TopicAudit } from '../../application/verify-history';
import { KafkaTopicAudit } from '../../adapters/audit/kafka-topic-audit';
import { PgStoreAudit } from '../../adapters/audit/pg-store-audit';
import { instant, parseOptions, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';

export const VERIFY_USAGE = `verify [--until INSTANT] [--expect-digest HEX] [--store SOURCE=PG_URL#SCHEMA]...
         [--topic TOPIC]...
    Checks every event store and topic: hash chains, and each stored event against Kafka.
    Stores default to VERIFY_STORES (same syntax, comma-separated) or the platform's schemas on
    PG_URL (onestop.intake=onestop_intake, onestop.processing=onestop_processing,
    onestop.postal-delivery=onestop_postal). Topics default to the three event topics.
    On a clean history prints a digest over the events recorded up to --until (default: now);
    publish it with its --until, and re-check later with --until and --expect-digest.
    Exits 1 if any problem is found or the digest differs from --expect-digest.`;

export interface StoreLocation {
  source: string;
  /** PostgreSQL URL of the server and database. */
  url: string;
  schema: string;
}

const DEFAULT_STORES: [string, string][] = [
  ['onestop.intake', 'onestop_intake'],
  ['onestop.processing', 'onestop_processing'],
  ['onestop.postal-delivery', 'onestop_postal'],
];

/** "onestop.intake=postgres://user@host:5432/onestop#onestop_intake" -> its parts. */
export function parseStoreLocation(spec: string): StoreLocation {
  const m = /^([\w.-]+)=(postgres(?:ql)?:\/\/[^#\s]+)#([a-z_][a-z0-9_]{0,62})$/.exec(spec.trim());
  if (!m) throw new UsageError(`--store "${spec}" is not SOURCE=postgres://user@host:port/DATABASE#SCHEMA`);
  return { source: m[1], url: m[2], schema: m[3] };
}

function storeLocations(specs: string[] | undefined, ctx: CliContext): StoreLocation[] {
  const given = specs && specs.length > 0 ? specs : (process.env.VERIFY_STORES ?? '').split(',').filter((s) => s.trim());
  if (given.length > 0) return given.map(parseStoreLocation);
  return DEFAULT_STORES.map(([source, schema]) => ({ source, url: ctx.config.PG_URL, schema }));
}

/** The URL without its password, for the report. */
function shown(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function verifyCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(argv, {
    until: { type: 'string' }, 'expect-digest': { type: 'string' }, store: { type: 'string', multiple: true }, topic: { type: 'string', multiple: true },
  }, 'verify');
  const until = instant(o.until, 'until') ?? new Date();
  const expected = o['expect-digest'];
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) throw new UsageError('--expect-digest must be 64 lowercase hex digits');
  const stores: StoreAudit[] = [];
  for (const s of storeLocations(o.store, ctx)) {
    stores.push(new PgStoreAudit(ctx.pg(s.url), s.schema, s.source, `${shown(s.url)}#${s.schema}`));
  }
  const topics: TopicAudit[] = (o.topic ?? [TOPICS.intake, TOPICS.processing, TOPICS.postal]).map((t) => new KafkaTopicAudit(ctx.kafka(), t));
  io.progress(`verify: reading ${stores.map((s) => s.label).join(', ')} and ${topics.map((t) => t.topic).join(', ')}…`);
  const result = await verifyHistory(stores, topics, until);
  io.progressDone();
  for (const p of result.problems) {
    const at = p.streamId ? `dossier/stream ${p.streamId} version ${p.version}${p.eventId ? ` event ${p.eventId}` : ''}` : '';
    io.out(`${p.kind.toUpperCase()}  ${p.where}  ${at}: ${p.detail}\n`);
  }
  io.out(
    `verified ${result.storeEvents} stored events and ${result.kafkaEvents} Kafka messages recorded up to ${until.toISOString()}` +
      `${result.unpublished > 0 ? ` (${result.unpublished} not yet published)` : ''}: ${result.problems.length} problem(s)\n`,
  );
  if (result.digest === null) return 1;
  io.out(`digest ${result.digest} until ${until.toISOString()}\n`);
  if (expected !== undefined && expected !== result.digest) {
    io.out(`DIGEST MISMATCH: expected ${expected}\n`);
    return 1;
  }
  return 0;
}
