// Does a command cost the same at 100k stored events as at 1k? Two fresh schemas on the same
// server: one with ~1k stored events, one filled to ~100k; the same commands go to both,
// alternately (small, large, large, small, …), so that the load of a shared machine hits both
// alike; prints p50/p95 of each and the ratio of the p50s (as JSON too).
//
//   PG_URL=postgres://… node libs/eventstore/dist/bench/flatness.js [--commands 300] [--fill 100000]
//
// Two commands: "submit" (highest seq of today's scope, then a new stream with a reservation and
// a request id, like SubmitDossier) and "step" (read a stream, append at its version with a
// request id, like a processing step). The schemas are dropped at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { PostgresEventStore } from '../pg/store';

interface Figures {
  stored: number;
  submit: { p50: number; p95: number };
  step: { p50: number; p95: number };
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2));
}

const payload = () => randomBytes(300);

interface Samples {
  submit: number[];
  step: number[];
}

/** One "submit" and one "step" command on the store; their durations added to `into`. */
async function command(store: PostgresEventStore, streams: string[], scope: string, into: Samples): Promise<void> {
  let t = performance.now();
  const seq = (await store.maxReservedSeq(scope)) + 1;
  const id = randomUUID();
  await store.append(
    id,
    [
      { type: 'bench.Submitted', data: payload() },
      { type: 'bench.Received', data: payload() },
    ],
    {
      expectedVersion: 'no_stream',
      requestId: randomUUID(),
      result: { command: 'Submit', response: { id } },
      reservation: { key: `${scope}-${seq}`, scope, seq },
    },
  );
  into.submit.push(performance.now() - t);
  streams.push(id);

  const target = streams[Math.floor(Math.random() * streams.length)];
  t = performance.now();
  const events = await store.readStream(target);
  await store.append(target, [{ type: 'bench.Stepped', data: payload() }], {
    expectedVersion: events.length,
    requestId: randomUUID(),
    result: { command: 'Step' },
  });
  into.step.push(performance.now() - t);
}

function summary(s: Samples): Omit<Figures, 'stored'> {
  return {
    submit: { p50: percentile(s.submit, 50), p95: percentile(s.submit, 95) },
    step: { p50: percentile(s.step, 50), p95: percentile(s.step, 95) },
  };
}

async function storedEvents(store: PostgresEventStore): Promise<number> {
  const r = await store.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${store.schema}.events`);
  return r.rows[0]?.n ?? 0;
}

/** Adds `events` events in streams of 10 (with their commits) straight in SQL: the bulk of a year. */
async function fill(store: PostgresEventStore, events: number): Promise<void> {
  const s = store.schema;
  const streams = Math.ceil(events / 10);
  for (let from = 0; from < streams; from += 2000) {
    const to = Math.min(streams, from + 2000) - 1;
    await store.pool.query(
      `INSERT INTO ${s}.commits (commit_id, stream_id, first_version, last_version, recorded_at, source, request_id, result, published_at)
       SELECT 'fill-' || n || ':' || v, 'fill-' || n, v, v, now(), 'bench', 'fill-req-' || n || '-' || v, '{"command":"x"}', now()
         FROM generate_series($1::int, $2::int) n, generate_series(1, 10) v`,
      [from, to],
    );
    await store.pool.query(
      `INSERT INTO ${s}.events (stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash, source, commit_id)
       SELECT 'fill-' || n, v, gen_random_uuid()::text, 'bench.Filled', decode(repeat('ab', 300), 'hex'), '{}', now(), md5(n || ':' || (v - 1)), md5(n || ':' || v), 'bench', 'fill-' || n || ':' || v
         FROM generate_series($1::int, $2::int) n, generate_series(1, 10) v`,
      [from, to],
    );
  }
  await store.pool.query(`ANALYZE ${s}.commits`);
  await store.pool.query(`ANALYZE ${s}.events`);
}

async function main(): Promise<void> {
  const url = process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop';
  const commands = arg('commands', 300);
  const target = arg('fill', 100_000);
  const pool = new Pool({ connectionString: url, max: 4 });
  const tag = randomBytes(4).toString('hex');
  const small = new PostgresEventStore(pool, { schema: `bench_flat_${tag}_small`, source: 'bench' });
  const large = new PostgresEventStore(pool, { schema: `bench_flat_${tag}_large`, source: 'bench' });
  const scope = `BENCH-${Date.now()}`;
  try {
    const sizes = [
      { store: small, streams: [] as string[], samples: { submit: [], step: [] } as Samples },
      { store: large, streams: [] as string[], samples: { submit: [], step: [] } as Samples },
    ];
    for (const z of sizes) {
      await z.store.ensureSchema();
      // seed through the store (and warm connections and prepared statements): ~450 events
      for (let i = 0; i < 150; i++) await command(z.store, z.streams, `${scope}-seed`, { submit: [], step: [] });
    }
    await fill(large, target - (await storedEvents(large)) - 3 * commands);
    for (const z of sizes) await pool.query(`VACUUM ANALYZE ${z.store.schema}.commits, ${z.store.schema}.events`);
    // small gets to ~1k stored events over the run, large to ~100k: alternate which goes first
    for (let i = 0; i < commands; i++) {
      const order = i % 2 === 0 ? sizes : [...sizes].reverse();
      for (const z of order) await command(z.store, z.streams, scope, z.samples);
    }
    const figures = await Promise.all(sizes.map(async (z) => ({ stored: await storedEvents(z.store), ...summary(z.samples) })));
    const [fs, fl] = figures;
    const ratio = { submit: Number((fl.submit.p50 / fs.submit.p50).toFixed(2)), step: Number((fl.step.p50 / fs.step.p50).toFixed(2)) };
    process.stdout.write(
      `commands: ${commands} of each kind per store, alternating (ms)\n` +
        `stored events  submit p50  p95     step p50  p95\n` +
        figures
          .map(
            (f) =>
              `${String(f.stored).padEnd(14)} ${String(f.submit.p50).padEnd(11)} ${String(f.submit.p95).padEnd(7)} ${String(f.step.p50).padEnd(9)} ${f.step.p95}`,
          )
          .join('\n') +
        `\nratio p50 (large / small): submit ${ratio.submit}, step ${ratio.step}\n` +
        `${JSON.stringify({ small: fs, large: fl, ratio })}\n`,
    );
  } finally {
    for (const st of [small, large]) await pool.query(`DROP SCHEMA IF EXISTS ${st.schema} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
