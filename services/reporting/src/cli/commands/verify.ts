// `verify`: walk every service's event store and the Kafka history, recompute the hash chains,
// compare the stores with Kafka; report every altered, missing, reordered or extra event by
// stream (dossier) and position, or print the digest of a clean history.
import { TOPICS } from '@onestop/messaging';
import { DEFAULT_UNPUBLISHED_GRACE_MS, verifyHistory, type StoreAudit, type TopicAudit } from '../../application/verify-history';
import { KafkaTopicAudit } from '../../adapters/audit/kafka-topic-audit';
import { PgStoreAudit } from '../../adapters/audit/pg-store-audit';
import { checkAll, instant, parseOptions, UsageError } from '../args';
import { duration, shown, storeLocations } from '../stores';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';
import { watched } from '../watch';
import type { Progress } from '@onestop/observability';

export const VERIFY_USAGE = `verify [--until INSTANT] [--expect-digest HEX] [--store SOURCE=PG_URL#SCHEMA]...
         [--topic TOPIC]... [--unpublished-grace DURATION] [--json]
    Checks every event store and topic: hash chains, and each stored event against Kafka.
    Stores default to VERIFY_STORES (same syntax, comma-separated) or the platform's schemas on
    PG_URL (onestop.intake=onestop_intake, onestop.processing=onestop_processing,
    onestop.postal-delivery=onestop_postal). Topics default to the three event topics.
    On a clean history prints a digest over the events recorded up to --until (default: now);
    publish it with its --until, and re-check later with --until and --expect-digest.
    An event still unpublished (not on Kafka) longer than --unpublished-grace (default 10m; 90s,
    1h, 2d…) is listed as UNPUBLISHED: a parked commit (see outbox list) or a stuck relay.
    Exits 1 if any problem is found, an event is unpublished past the grace, or the digest differs
    from --expect-digest. Progress on stderr (events read, rate, which store or topic); --json:
    progress as JSON lines and the result as JSON. Ctrl-C stops cleanly (verify only reads).`;

export { parseStoreLocation, type StoreLocation } from '../stores';

export async function verifyCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(
    argv,
    {
      until: { type: 'string' },
      'expect-digest': { type: 'string' },
      store: { type: 'string', multiple: true },
      topic: { type: 'string', multiple: true },
      'unpublished-grace': { type: 'string' },
      json: { type: 'boolean' },
    },
    'verify',
  );
  const json = o.json === true;
  const [until, expected, graceMs] = checkAll(
    () => instant(o.until, 'until') ?? new Date(),
    () => expectedDigest(o['expect-digest']),
    () => duration(o['unpublished-grace'], 'unpublished-grace', DEFAULT_UNPUBLISHED_GRACE_MS),
  );
  const stores: StoreAudit[] = [];
  for (const s of storeLocations(o.store, ctx)) {
    stores.push(new PgStoreAudit(ctx.pg(s.url), s.schema, s.source, `${shown(s.url)}#${s.schema}`));
  }
  const topics: TopicAudit[] = (o.topic ?? [TOPICS.intake, TOPICS.processing, TOPICS.postal]).map(
    (t) => new KafkaTopicAudit(ctx.kafka(), t),
  );
  const result = await watched(
    io,
    { task: 'verify', unit: 'events', json, resume: 'verify only reads: nothing was changed. Run it again to check everything.' },
    (progress) => {
      const read = counter(progress);
      return verifyHistory(
        stores.map((s) => countedStore(s, read)),
        topics.map((t) => countedTopic(t, read)),
        until,
        { unpublishedGraceMs: graceMs },
      );
    },
  );
  if (json) {
    io.out(
      `${JSON.stringify({ until: until.toISOString(), storeEvents: result.storeEvents, kafkaEvents: result.kafkaEvents, unpublished: result.unpublished, problems: [...result.problems, ...result.overdue], digest: result.digest, expectedDigest: expected ?? null, digestMatches: expected === undefined ? null : expected === result.digest })}\n`,
    );
    if (result.digest === null) return 1;
    return (expected !== undefined && expected !== result.digest) || result.overdue.length > 0 ? 1 : 0;
  }
  for (const p of [...result.problems, ...result.overdue]) {
    const at = p.streamId ? `dossier/stream ${p.streamId} version ${p.version}${p.eventId ? ` event ${p.eventId}` : ''}` : '';
    io.out(`${p.kind.toUpperCase()}  ${p.where}  ${at}: ${p.detail}\n`);
  }
  io.out(
    `verified ${result.storeEvents} stored events and ${result.kafkaEvents} Kafka messages recorded up to ${until.toISOString()}` +
      `${result.unpublished > 0 ? ` (${result.unpublished} not yet published, ${result.overdue.length} of them past the ${o['unpublished-grace'] ?? '10m'} grace)` : ''}` +
      `: ${result.problems.length + result.overdue.length} problem(s)\n`,
  );
  if (result.digest === null) return 1;
  io.out(`digest ${result.digest} until ${until.toISOString()}\n`);
  if (expected !== undefined && expected !== result.digest) {
    io.out(`DIGEST MISMATCH: expected ${expected}\n`);
    return 1;
  }
  return result.overdue.length > 0 ? 1 : 0;
}

function expectedDigest(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[0-9a-f]{64}$/.test(value)) throw new UsageError('--expect-digest must be 64 lowercase hex digits');
  return value;
}

/** One count over every store and topic read, shown with where it is reading now. */
function counter(progress: Progress): (where: string) => void {
  let done = 0;
  return (where) => progress.update({ done: ++done, phase: where });
}

function countedStore(s: StoreAudit, read: (where: string) => void): StoreAudit {
  return { source: s.source, label: s.label, read: (visit) => s.read((e, published) => (read(`store ${s.source}`), visit(e, published))) };
}

function countedTopic(t: TopicAudit, read: (where: string) => void): TopicAudit {
  return {
    topic: t.topic,
    read: (visit, onUndecodable) => t.read((e, where) => (read(`kafka ${t.topic}`), visit(e, where)), onUndecodable),
  };
}
