// `npm run bench`: the raw engines, the platform, and their ratios, in one run on this machine
// (127.0.0.1 only; every loop bounded in count and time; it stops by itself). Not a test: no
// timing is asserted. Results: .local/bench/<label>-<time>.json and .md (BENCH_OUT to choose),
// and on stdout. Sizes come from BENCH_* (see docs/benchmarks.md); the defaults take about
// 15 minutes on 2 cores. BENCH_SERVICES_ROOT runs the services built in another checkout (the
// "before" figures); PG_URL is passed on to them and used for the raw PostgreSQL rows.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { createKafka, type KafkaClient } from '@onestop/messaging';
import { intakeClient, processingClient, reportingClient } from '../support/clients';
import { createPlatform, ROOT, type Platform, type ServiceName } from '../support/platform';
import { CpuMeter, describeGroups } from './lib/cpu';
import { CommitFiller, countCommits } from './lib/fill';
import { EVENTS_PER_DOSSIER, historyTopics, produceHistory } from './lib/history';
import {
  p,
  benchTokens,
  COMMUNE,
  cpuSeconds,
  lifecycle,
  metricSum,
  peakRss,
  projectionLag,
  scrape,
  servicePids,
  submitRun,
  submitTwoBooks,
} from './lib/platform-rows';
import { docBulkInsert, docFindById, docUpserts, kafkaProduceConsume, pgInsertCommit } from './lib/raw';
import { BenchReport } from './lib/report';
import { runReplayCli } from './lib/replay-row';
import { envInt, nowMs, percentile, runPool, sleep } from './lib/stats';

const S = {
  pgRows: envInt('BENCH_PG_ROWS', 2_000),
  kafkaMessages: envInt('BENCH_KAFKA_MESSAGES', 20_000),
  upsertDocs: envInt('BENCH_UPSERT_DOCS', 1_000),
  bulkDocs: envInt('BENCH_BULK_DOCS', 10_000),
  findDocs: envInt('BENCH_FIND_DOCS', 10_000),
  submits: envInt('BENCH_SUBMITS', 400),
  lifecycles: envInt('BENCH_LIFECYCLES', 20),
  lagRate: envInt('BENCH_LAG_RATE', 50),
  lagSeconds: envInt('BENCH_LAG_SECONDS', 10),
  lagPollers: envInt('BENCH_LAG_POLLERS', 8),
  lagWarmup: envInt('BENCH_LAG_WARMUP', 200),
  lagPollMs: envInt('BENCH_LAG_POLL_MS', 50),
  projectionEvents: envInt('BENCH_PROJECTION_EVENTS', 5_000),
  projectionTimeoutS: envInt('BENCH_PROJECTION_TIMEOUT_S', 90),
  replayEvents: envInt('BENCH_REPLAY_EVENTS', 100_000),
  replayTimeoutS: envInt('BENCH_REPLAY_TIMEOUT_S', 150),
  commitsSmall: envInt('BENCH_COMMITS_SMALL', 1_000),
  commitsBig: envInt('BENCH_COMMITS_BIG', 100_000),
  fillSeconds: envInt('BENCH_FILL_SECONDS', 150),
  fillPerBook: envInt('BENCH_FILL_PER_BOOK', 1_000),
  fillRestSeconds: envInt('BENCH_FILL_REST_S', 30),
  probes: envInt('BENCH_PROBES', 100),
};
const SECTIONS = new Set(
  (process.env.BENCH_SECTIONS ?? 'raw,submit,lifecycle,lag,projection,commits,replay').split(',').map((s) => s.trim()),
);
/** The services the platform part starts (intake alone isolates the write path from the consumers' load). */
const SERVICES = (process.env.BENCH_SERVICES ?? 'intake,reporting,processing').split(',').map((s) => s.trim() as ServiceName);
const LABEL = process.env.BENCH_LABEL ?? 'run';
const SERVICES_ROOT = path.resolve(process.env.BENCH_SERVICES_ROOT ?? ROOT);
const runId = `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

/** Runs one part; a failure is recorded as a missing figure instead of ending the run. */
async function part(report: BenchReport, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    report.add('platform', `${name} failed`, null, '', (err as Error).message.slice(0, 200));
  }
}

/** Sum over the topics of the group's committed offsets (messages it has handled). */
async function committedSum(kafka: KafkaClient, group: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId: group, topics });
    return committed.flatMap((c) => c.partitions).reduce((sum, x) => sum + Math.max(0, Number(x.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits, until `untilMs` at most, for every consumer group of the platform (`<runId>.` groups:
 * processing's, intake's, reporting's) to have committed up to the ends of the topics it reads, so
 * a part measures the offered load and not the earlier parts' backlog. Returns the seconds waited
 * and the messages still behind (0 when settled).
 */
async function settle(kafka: KafkaClient, runId: string, untilMs: number): Promise<{ seconds: number; behind: number }> {
  const admin = kafka.admin();
  await admin.connect();
  const started = nowMs();
  try {
    for (;;) {
      const { groups } = await admin.listGroups();
      const ends = new Map<string, Map<number, number>>();
      let behind = 0;
      for (const { groupId } of groups) {
        if (!groupId.startsWith(`${runId}.`)) continue;
        for (const t of await admin.fetchOffsets({ groupId })) {
          if (t.topic.endsWith('deadletter.v1')) continue;
          if (!ends.has(t.topic))
            ends.set(t.topic, new Map((await admin.fetchTopicOffsets(t.topic)).map((m) => [m.partition, Number(m.high)])));
          const high = ends.get(t.topic) as Map<number, number>;
          for (const x of t.partitions) behind += Math.max(0, (high.get(x.partition) ?? 0) - Math.max(0, Number(x.offset)));
        }
      }
      if (behind === 0 || nowMs() >= untilMs) return { seconds: (nowMs() - started) / 1000, behind };
      await sleep(500);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Records when each message keyed by a dossier id was produced (CreateTime), from now on. */
async function watchTopic(kafka: KafkaClient, topic: string, group: string): Promise<{ seen: Map<string, number>; stop(): Promise<void> }> {
  const seen = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString();
      if (key && !seen.has(key)) seen.set(key, Number(message.timestamp));
    },
  });
  await joined;
  return { seen, stop: () => consumer.disconnect() };
}

/** Sum of the topics' high-water marks. */
async function endSum(kafka: KafkaClient, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let sum = 0;
    for (const topic of topics) for (const m of await admin.fetchTopicOffsets(topic)) sum += Number(m.high);
    return sum;
  } finally {
    await admin.disconnect();
  }
}

describe(`benchmark (${LABEL})`, () => {
  const report = new BenchReport(LABEL, { ...S, sections: [...SECTIONS], servicesRoot: SERVICES_ROOT, pg: !!process.env.PG_URL });
  let platform: Platform | undefined;
  let kafka: KafkaClient;
  let mongo: MongoClient;
  const rss: Record<string, number> = {};
  const closers: { close(): void }[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: process.env.KAFKA_BROKERS as string, clientId: runId });
    mongo = await new MongoClient(process.env.MONGO_URL as string).connect();
  });

  afterAll(async () => {
    for (const c of closers) c.close();
    if (platform) Object.assign(rss, peakRss(platform));
    const platformRunId = platform?.runId;
    await platform?.stopAll();
    // Ours and the platform's (its databases and topics are named after its own run id).
    const mine = (name: string) => name.startsWith(runId) || (!!platformRunId && name.startsWith(platformRunId));
    const dbs = (await mongo.db().admin().listDatabases()).databases.map((d) => d.name).filter(mine);
    for (const name of dbs)
      await mongo
        .db(name)
        .dropDatabase()
        .catch(() => undefined);
    await mongo.close();
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter(mine);
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(mine);
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
  });

  it('raw engines', async () => {
    if (!SECTIONS.has('raw')) return;
    const pgUrl = process.env.PG_URL;
    if (pgUrl) {
      const one = await pgInsertCommit(pgUrl, S.pgRows, 1);
      report.add('raw', 'pg insert+commit, 1 connection', one.perSecond, 'rows/s', `${S.pgRows} rows`);
      const machine = new CpuMeter();
      const sixteen = await pgInsertCommit(pgUrl, S.pgRows, 16);
      report.add('raw', 'pg insert+commit, 16 connections', sixteen.perSecond, 'rows/s', `${S.pgRows} rows`);
      const m = machine.stop(S.pgRows);
      report.add(
        'raw',
        'machine CPU per pg insert+commit, 16 connections',
        m.msPerItem,
        'ms',
        `every process on the machine, the bench's client included; cores ${Math.round(m.busyShare * 100)} % busy of ${m.cores}; by process, ms: ${describeGroups(m)}`,
      );
    } else {
      report.add('raw', 'pg insert+commit, 16 connections', null, 'rows/s', 'PG_URL not set');
    }
    const k = await kafkaProduceConsume(kafka, `${runId}.`, S.kafkaMessages);
    report.add('raw', 'kafka produce, acks all', k.produce.perSecond, 'msgs/s', `${S.kafkaMessages} msgs of ~700 B, 100 a send`);
    report.add('raw', 'kafka consume', k.consumePerSecond, 'msgs/s', `${S.kafkaMessages} msgs, one consumer`);
    const up = await docUpserts(mongo, `${runId}_raw`, S.upsertDocs, 16);
    report.add(
      'raw',
      'doc store upsert, 16 writers',
      up.perSecond,
      'docs/s',
      `${S.upsertDocs} read-model docs (~6 KB) by _id into a growing collection`,
    );
    const bulk = await docBulkInsert(mongo, `${runId}_raw`, S.bulkDocs);
    report.add('raw', 'doc store insertMany', bulk.perSecond, 'docs/s', `${S.bulkDocs} read-model docs, 500 a call`);
    for (const probe of await docFindById(mongo, `${runId}_raw`, [1_000, S.findDocs])) {
      const at = `at ${probe.documents} read-model docs (~6 KB), p50 of 100 sequential`;
      report.add('raw', `doc store findOne by _id, ${probe.documents} docs`, probe.findP50Ms, 'ms', at);
      report.add('raw', `doc store replaceOne by _id, ${probe.documents} docs`, probe.replaceP50Ms, 'ms', at);
    }
    // The same history as the replay row: N events consumed, N / 10 dossier documents inserted.
    const perEvent = 1 / k.consumePerSecond + 1 / (EVENTS_PER_DOSSIER * bulk.perSecond);
    report.add('raw', 'raw consume + bulk insert', 1 / perEvent, 'events/s', 'kafka consume of N events + insertMany of N/10 dossier docs');
  });

  it('the platform', async () => {
    if (![...SECTIONS].some((s) => ['submit', 'lifecycle', 'lag', 'projection', 'commits'].includes(s))) return;
    platform = await createPlatform({ root: SERVICES_ROOT });
    const quiet = { LOG_LEVEL: 'warn' };
    await Promise.all(SERVICES.map((service) => platform!.start(service, quiet)));
    const t = await benchTokens();
    const one = intakeClient(platform.address('intake'));
    const agency = processingClient(platform.address('processing'));
    const reports = reportingClient(platform.address('reporting'));
    closers.push(one, agency, reports);
    await submitRun([one], t.desk, 20, 4); // warm-up

    if (SECTIONS.has('submit'))
      await part(report, 'submit', async () => {
        const named = () => servicePids(platform!);
        /**
         * The whole machine's CPU per dossier over a row, how busy its cores were, and where it went
         * by process; `groupRows` also records each process group's share as a row of its own.
         */
        const machineRow = (row: string, meter: CpuMeter, count: number, groupRows = false) => {
          const m = meter.stop(count);
          report.add(
            'platform',
            `machine CPU per SubmitDossier ${row}`,
            m.msPerItem,
            'ms',
            `every process on the machine, the bench's client included; cores ${Math.round(m.busyShare * 100)} % busy of ${m.cores}; by process, ms: ${describeGroups(m)}`,
          );
          if (groupRows)
            for (const [group, ms] of m.byGroup)
              report.add('platform', `CPU per SubmitDossier ${row}: ${group}`, ms, 'ms', 'user + system');
        };
        for (const c of [1, 16, 64]) {
          const cpu = cpuSeconds(platform!, 'intake');
          const machine = new CpuMeter(named);
          const r = await submitRun([one], t.desk, S.submits, c);
          report.add('platform', `SubmitDossier c=${c}, 1 intake`, r.perSecond, 'dossiers/s', `${S.submits} dossiers`);
          // CPU of the intake process per dossier: what the machine's load does not change much.
          const cpuMs = ((cpuSeconds(platform!, 'intake') - cpu) * 1000) / Math.max(1, r.count);
          report.add('platform', `intake CPU per SubmitDossier c=${c}`, cpuMs, 'ms', 'user + system, /proc/<pid>/stat');
          machineRow(`c=${c}, 1 intake`, machine, r.count, c === 16);
          report.add('platform', `SubmitDossier c=${c} p50`, p(r, 50), 'ms');
          report.add('platform', `SubmitDossier c=${c} p95`, p(r, 95), 'ms');
          report.add('platform', `SubmitDossier c=${c} p99`, p(r, 99), 'ms');
        }
        await platform!.start('intake', { ...quiet, GRPC_PORT: String(await platform!.freePort()) }, 'intake-2');
        const two = intakeClient(platform!.services.get('intake-2')!.grpcAddress);
        closers.push(two);
        const cpu = cpuSeconds(platform!, 'intake') + cpuSeconds(platform!, 'intake-2');
        const machine = new CpuMeter(named);
        const r = await submitRun([one, two], t.desk, S.submits, 16);
        machineRow('c=16, 2 intakes', machine, r.count, true);
        const cpuMs = ((cpuSeconds(platform!, 'intake') + cpuSeconds(platform!, 'intake-2') - cpu) * 1000) / Math.max(1, r.count);
        report.add('platform', 'intake CPU per SubmitDossier c=16, 2 intakes', cpuMs, 'ms', 'both processes, user + system');
        report.add(
          'platform',
          'SubmitDossier c=16, 2 intakes',
          r.perSecond,
          'dossiers/s',
          `${S.submits} dossiers, one unit (one code sequence)`,
        );
        // The same, with the dossiers spread over two units' register books (district + commune).
        for (const [label, clients, names] of [
          ['1 intake', [one, one], ['intake']],
          ['2 intakes', [one, two], ['intake', 'intake-2']],
        ] as const) {
          const before = names.reduce((sum, n) => sum + cpuSeconds(platform!, n), 0);
          const machineBefore = new CpuMeter(named);
          const spread = await submitTwoBooks(clients, t, S.submits, 16);
          machineRow(`c=16, ${label}, two books`, machineBefore, spread.count);
          const spentMs = (names.reduce((sum, n) => sum + cpuSeconds(platform!, n), 0) - before) * 1000;
          report.add(
            'platform',
            `SubmitDossier c=16, ${label}, two books`,
            spread.perSecond,
            'dossiers/s',
            `${S.submits} dossiers, half at the district's desk, half at ${COMMUNE}'s`,
          );
          report.add(
            'platform',
            `intake CPU per SubmitDossier c=16, ${label}, two books`,
            spentMs / Math.max(1, spread.count),
            'ms',
            'user + system',
          );
        }
        Object.assign(rss, peakRss(platform!));
        await platform!.stop('intake-2');
      });

    /** Settles the consumers (bounded) and records what that took before the part. */
    const settled = async (partName: string) => {
      const r = await settle(kafka, platform!.runId, nowMs() + S.projectionTimeoutS * 1000);
      report.add(
        'platform',
        `settle before ${partName}`,
        r.seconds,
        's',
        r.behind === 0 ? "every consumer group at its topics' ends" : `${r.behind} messages still behind at the bound`,
      );
    };

    if (SECTIONS.has('lifecycle'))
      await part(report, 'lifecycle', async () => {
        await settled('lifecycle');
        const r = await runPool(S.lifecycles, 8, (i) => lifecycle(one, agency, t, i), nowMs() + 600_000);
        report.add(
          'platform',
          'full lifecycle, 8 at once',
          r.perSecond,
          'dossiers/s',
          `${r.count} dossiers: submit, case, assign, 2 steps, result, return`,
        );
      });

    if (SECTIONS.has('lag'))
      await part(report, 'lag', async () => {
        const topics = Object.values(historyTopics(`${platform!.runId}.`)).filter((x) => !x.endsWith('deadletter.v1'));
        // Steady state: a store that has seen dossiers before (a fresh one creates its collections
        // on the first writes, which FerretDB does slowly), and every consumer done with what the
        // earlier parts left (bounded) — processing catching up on them competes for the same cores
        // — so the lag is that of the offered rate, not of a start or a backlog.
        await submitRun([one], t.desk, S.lagWarmup, 16);
        await settled('lag');
        // When each receipt reached Kafka (the relay's produce time): splits the lag into intake's
        // relay and reporting's projection + the poll.
        const onKafka = await watchTopic(kafka, topics[0], `${runId}.lagwatch`);
        let lag: Awaited<ReturnType<typeof projectionLag>>;
        const cpuOf = () => Object.fromEntries(SERVICES.map((x) => [x, cpuSeconds(platform!, x)]));
        const cpu = cpuOf();
        const metricsBefore = await scrape(platform!, 'reporting');
        try {
          lag = await projectionLag(one, reports, t, S.lagRate, S.lagSeconds, 120_000, { inFlight: S.lagPollers, everyMs: S.lagPollMs });
        } finally {
          await onKafka.stop();
        }
        const note =
          `${S.lagRate}/s offered for ${S.lagSeconds} s, ${lag.achieved.toFixed(1)}/s acknowledged` +
          (lag.notSeen ? `, ${lag.notSeen} not seen in 120 s` : '') +
          (lag.failed ? `, ${lag.failed} submissions failed (${lag.firstError})` : '');
        report.add('platform', 'event -> read model lag p50', percentile(lag.lagsMs, 50), 'ms', note);
        report.add('platform', 'event -> read model lag p99', percentile(lag.lagsMs, 99), 'ms', note);
        const cpuAfter = cpuOf();
        // Where reporting spent the time: its units (one Kafka batch of a partition each) and the polls.
        const metricsAfter = await scrape(platform!, 'reporting');
        const delta = (name: string, having: string[] = []) =>
          metricSum(metricsAfter, name, having) - metricSum(metricsBefore, name, having);
        const units = delta('onestop_consumer_handler_duration_seconds_count');
        const failedUnits = delta('onestop_consumer_handler_duration_seconds_count', ['outcome="error"']);
        report.add(
          'platform',
          'lag: reporting units, mean time',
          (delta('onestop_consumer_handler_duration_seconds_sum') * 1000) / Math.max(1, units),
          'ms',
          `${units} units (${failedUnits} failed, then one by one), ${delta('onestop_consumer_retries_total')} retries`,
        );
        const polls = delta('grpc_server_handled_total', ['"GetDossier"']);
        report.add(
          'platform',
          'lag: GetDossier polls, mean time',
          (delta('grpc_server_handling_seconds_sum', ['"GetDossier"']) * 1000) / Math.max(1, polls),
          'ms',
          `${polls} calls`,
        );
        for (const x of SERVICES)
          report.add(
            'platform',
            `lag: ${x} CPU per dossier`,
            ((cpuAfter[x] - cpu[x]) * 1000) / Math.max(1, lag.seen.length),
            'ms',
            'user + system over the lag part (submissions, projection, polls), per dossier shown',
          );
        const relay: number[] = [];
        const project: number[] = [];
        for (const s of lag.seen) {
          const at = onKafka.seen.get(s.dossierId);
          if (at === undefined) continue;
          relay.push(at - s.ackAtMs);
          project.push(s.shownAtMs - at);
        }
        const split = `${relay.length} dossiers; Kafka's CreateTime of the receipt vs the bench's clock`;
        report.add('platform', 'lag: ack -> on Kafka p50', percentile(relay, 50), 'ms', split);
        report.add('platform', 'lag: ack -> on Kafka p99', percentile(relay, 99), 'ms', split);
        report.add('platform', 'lag: on Kafka -> shown p50', percentile(project, 50), 'ms', split);
        report.add('platform', 'lag: on Kafka -> shown p99', percentile(project, 99), 'ms', split);
      });

    if (SECTIONS.has('projection'))
      await part(report, 'projection', async () => {
        // Events straight onto the platform's topics while reporting runs: its live projection rate,
        // from the first to the last of them handled (its group's committed offsets).
        const prefix = `${platform!.runId}.`;
        const topics = Object.values(historyTopics(prefix)).filter((x) => !x.endsWith('deadletter.v1'));
        const group = `${prefix}reporting.dossiers.v1`;
        // First let it finish what earlier parts left (bounded on its own), so only these events count.
        const settle = nowMs() + S.projectionTimeoutS * 1000;
        while ((await committedSum(kafka, group, topics)) < (await endSum(kafka, topics)) && nowMs() < settle) await sleep(500);
        const before = await committedSum(kafka, group, topics);
        const started = nowMs();
        const deadline = started + S.projectionTimeoutS * 1000;
        const gen = await produceHistory(kafka, prefix, Math.ceil(S.projectionEvents / EVENTS_PER_DOSSIER), 5_000_000);
        const target = await endSum(kafka, topics);
        let done = await committedSum(kafka, group, topics);
        while (done < target && nowMs() < deadline) {
          await sleep(250);
          done = await committedSum(kafka, group, topics);
        }
        const seconds = (nowMs() - started) / 1000;
        const behind = target - done;
        report.add(
          'platform',
          'live projection',
          (done - before) / seconds,
          'events/s',
          `${gen.events} events produced at once${behind > 0 ? `, ${behind} still behind at the ${S.projectionTimeoutS} s bound` : ''}`,
        );
      });

    if (SECTIONS.has('commits'))
      await part(report, 'commits', async () => {
        if (!process.env.PG_URL) throw new Error("PG_URL not set: the fill writes into intake's PostgreSQL schema");
        const pool = new Pool({ connectionString: process.env.PG_URL, max: 2 });
        try {
          const schema = `${platform!.runId}_intake`;
          const probes: string[] = [];
          const probe = async () => {
            const at = await countCommits(pool, schema);
            const cpu = cpuSeconds(platform!, 'intake');
            const r = await submitRun([one], t.desk, S.probes, 1);
            const name = `command p50 at ${at} commits`;
            probes.push(name);
            report.add('platform', name, p(r, 50), 'ms', `${S.probes} sequential SubmitDossier; services: ${SERVICES.join(', ')}`);
            const cpuMs = ((cpuSeconds(platform!, 'intake') - cpu) * 1000) / Math.max(1, r.count);
            report.add('platform', `intake CPU per command at ${at} commits`, cpuMs, 'ms', 'user + system, /proc/<pid>/stat');
          };
          // Templates written by intake itself, then the store filled with receipts like them (lib/fill.ts).
          await submitRun([one], t.desk, 8, 4);
          const filler = await CommitFiller.from(pool, schema, 8, { perBook: S.fillPerBook });
          let filled = 0;
          let fillSeconds = 0;
          const fill = async (target: number) => {
            const started = nowMs();
            filled += await filler.fill(Math.max(0, target - (await countCommits(pool, schema))), Date.now() + S.fillSeconds * 1000);
            // What autovacuum does to a table that grew: its statistics and visibility map, before measuring.
            await pool.query(`VACUUM ANALYZE ${schema}.commits, ${schema}.events, ${schema}.sequences`);
            fillSeconds += (nowMs() - started) / 1000;
            // A store grows over months, not in one burst: let PostgreSQL write out the burst's
            // pages and WAL (the commits' fsyncs compete with it) before measuring.
            await sleep(S.fillRestSeconds * 1000);
          };
          await fill(S.commitsSmall);
          await probe();
          await fill(S.commitsBig);
          await probe();
          report.ratio('command p50 big / small', probes[1], probes[0]);
          report.add(
            'platform',
            'stored commits reached',
            await countCommits(pool, schema),
            'commits',
            `targets ${S.commitsSmall} and ${S.commitsBig}, each fill bounded to ${S.fillSeconds} s`,
          );
          report.add(
            'platform',
            'store fill',
            filled / Math.max(0.001, fillSeconds),
            'commits/s',
            `${filled} receipts like intake's own (lib/fill.ts: importCommits, ${S.fillPerBook} a register book, published), then VACUUM ANALYZE`,
          );
        } finally {
          await pool.end();
        }
      });
    Object.assign(rss, peakRss(platform));
  });

  it('replay', async () => {
    if (!SECTIONS.has('replay')) return;
    const prefix = `${runId}.r.`;
    const gen = await produceHistory(kafka, prefix, Math.ceil(S.replayEvents / EVENTS_PER_DOSSIER));
    report.add('raw', 'history generation (produce)', gen.events / gen.seconds, 'events/s', `${gen.events} events, 10 a dossier`);
    const env = { ...process.env, KAFKA_TOPIC_PREFIX: prefix, MONGO_DB: `${runId}_replay`, LOG_LEVEL: 'warn' };
    const run = await runReplayCli(SERVICES_ROOT, env, S.replayTimeoutS);
    const note = run.finished
      ? `${run.events} events, whole run of the CLI`
      : `stopped at the ${S.replayTimeoutS} s bound after ${run.events} of ${gen.events} events`;
    if (!run.finished && run.events === 0) process.stdout.write(`[bench] replay output:\n${run.output}\n`);
    report.add('platform', 'replay', run.events / run.seconds, 'events/s', note);
    const phases = Object.entries(run.phases)
      .map(([phase, at]) => `${phase} at ${at.toFixed(1)} s`)
      .join(', ');
    if (phases) report.add('platform', 'replay phases', run.seconds, 's', `whole run; ${phases}`);
  });

  it('ratios and peak memory', () => {
    for (const [service, mb] of Object.entries(rss)) report.add('platform', `peak RSS ${service}`, mb, 'MB', 'VmHWM');
    report.ratio('write path / raw insert (16)', 'SubmitDossier c=16, 1 intake', 'pg insert+commit, 16 connections');
    report.ratio('projection / raw upsert', 'live projection', 'doc store upsert, 16 writers', 'events/s / docs/s');
    report.ratio('replay / raw consume + bulk insert', 'replay', 'raw consume + bulk insert');
    report.ratio('two intakes / one', 'SubmitDossier c=16, 2 intakes', 'SubmitDossier c=16, 1 intake');
    report.ratio('two intakes / one, two books', 'SubmitDossier c=16, 2 intakes, two books', 'SubmitDossier c=16, 1 intake, two books');
    const out = process.env.BENCH_OUT ?? path.join(ROOT, '.local/bench', `${LABEL}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const file = report.write(out);
    process.stdout.write(`\n${report.markdown()}\n[bench] written to ${file} and .md\n`);
    expect(report.rows.length).toBeGreaterThan(0);
  });
});
