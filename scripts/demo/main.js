// `npm run demo`: Trực Ninh district's one-stop desk, 1 January – 30 September 2020, played in
// minutes on a simulated clock through the platform's gRPC APIs, as the desk and the agencies'
// officers would. At the end it prints the platform's own Biểu II.06a for the period (per field),
// the on-time rate and the `ops verify` digest. See README "The 2020 scenario".
//
//   npm run demo [-- --seed N] [-- --dossiers N --in-progress N] [-- --no-follow]
//   npm run demo -- --channels modern     the same months with online and postal submissions
//   npm run demo -- --communes            the 21 communes' own desks at the same time
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const root = path.resolve(__dirname, '../..');
const { loadCalendar } = require(path.join(root, 'libs/calendar/dist'));
const { startClockServer } = require(path.join(root, 'libs/runtime/dist'));
const { buildCatalogue, districtCounts, communeUnits } = require('./catalogue');
const { buildPlan, mergePlans } = require('./plan');
const { startDemoPlatform } = require('./platform');
const { Officers } = require('./officers');
const { Follow } = require('./follow');
const { Progress, fmtSeconds } = require('./progress');
const { play, Timings } = require('./play');
const { printReport, printModern, printCommunes } = require('./report');

const USAGE = `usage: npm run demo [-- options]
  --seed N              the generator's seed (default 2020)
  --dossiers N          dossiers received in the period (default 1521)
  --in-progress N       of them still being handled on 30 September (default 8)
  --concurrency N       dossiers handled side by side within a tick (default 32)
  --tick-hours N        simulated hours per clock move (default 8)
  --report-wait S       seconds to wait for the platform's report to match (default 1800)
  --channels C          counter (2020 as it was) or modern (online and postal too)
  --online-share X      with --channels modern: share received online (default 0.3)
  --postal-share X      with --channels modern: share received by post (default 0.15)
  --communes            the 21 communes' own desks at the same time
  --commune-dossiers N  dossiers per commune desk (default 40)
  --no-follow           repeat calls instead of waiting for events on the demo's topics
  --help                this text`;

function options() {
  const fail = (msg) => {
    process.stderr.write(`${msg}\n`);
    process.exit(2);
  };
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        seed: { type: 'string', default: '2020' },
        dossiers: { type: 'string', default: '1521' },
        'in-progress': { type: 'string', default: '8' },
        concurrency: { type: 'string', default: '32' },
        'tick-hours': { type: 'string', default: '8' },
        'report-wait': { type: 'string', default: '1800' },
        channels: { type: 'string', default: 'counter' },
        'online-share': { type: 'string', default: '0.3' },
        'postal-share': { type: 'string', default: '0.15' },
        communes: { type: 'boolean', default: false },
        'commune-dossiers': { type: 'string', default: '40' },
        'no-follow': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const o = parsed.values;
  if (o.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const num = (name, min) => {
    const n = Number(o[name]);
    if (!Number.isInteger(n) || n < min) fail(`--${name}: expected a whole number ≥ ${min}, got "${o[name]}"`);
    return n;
  };
  const share = (name) => {
    const n = Number(o[name]);
    if (!Number.isFinite(n) || n < 0 || n > 1) fail(`--${name}: expected a share from 0 to 1, got "${o[name]}"`);
    return n;
  };
  if (!['counter', 'modern'].includes(o.channels)) fail(`--channels: expected counter or modern, got "${o.channels}"`);
  return {
    seed: num('seed', 0),
    total: num('dossiers', 1),
    inProgress: num('in-progress', 0),
    concurrency: num('concurrency', 1),
    tickMs: num('tick-hours', 1) * 3600_000,
    reportWait: num('report-wait', 0),
    modern: o.channels === 'modern',
    channelShares: o.channels === 'modern' ? { online: share('online-share'), postal: share('postal-share') } : null,
    communes: o.communes,
    communeDossiers: num('commune-dossiers', 1),
    follow: !o['no-follow'],
  };
}

async function main() {
  const opt = options();
  const say = (line) => process.stdout.write(`${line}\n`);
  const calendar = loadCalendar();
  const catalogue = buildCatalogue(root);
  const workflows = JSON.parse(fs.readFileSync(path.join(root, 'services/processing/data/workflows.json'), 'utf8'));
  const base = { calendar, catalogue, workflows, channelShares: opt.channelShares };
  const plans = [buildPlan({ ...base, seed: opt.seed, total: opt.total, inProgress: opt.inProgress })];
  const communes = opt.communes ? communeUnits(root) : [];
  communes.forEach((u, i) =>
    plans.push(
      buildPlan({ ...base, seed: opt.seed * 100 + i + 1, total: opt.communeDossiers, inProgress: 0, unitCode: u.code, level: 'commune' }),
    ),
  );
  const plan = plans.length === 1 ? plans[0] : mergePlans(plans);
  const district = plans[0];
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  const counts = districtCounts(catalogue);
  say(
    `Trực Ninh 2020 scenario (seed ${opt.seed}${opt.modern ? ', modern channels' : ''}${opt.communes ? ', with the 21 communes' : ''}): ` +
      `${sum(counts)} district procedures (${Object.entries(counts)
        .map(([f, n]) => `${f} ${n}`)
        .join(', ')}), ${sum(districtCounts(catalogue, 'commune'))} commune procedures,`,
  );
  const of = (list, pred) => list.filter(pred).length;
  say(
    `  district desk: ${district.dossiers.length} dossiers on ${district.days.length} working days; ` +
      `${of(district.dossiers, (d) => d.supplement)} supplements, ${of(district.dossiers, (d) => d.apology)} apologies, ${of(district.dossiers, (d) => d.open)} left in progress` +
      (opt.modern
        ? `; ${of(district.dossiers, (d) => d.channel === 'online')} online, ${of(district.dossiers, (d) => d.channel === 'postal')} by post`
        : ''),
  );
  if (opt.communes) say(`  21 commune desks: ${plan.dossiers.length - district.dossiers.length} dossiers (${opt.communeDossiers} each)`);
  say(
    `  ${plan.actions.length} officer actions in all, played in ticks of ${opt.tickMs / 3600_000} h, ${opt.concurrency} dossiers at a time`,
  );

  const clock = await startClockServer({ start: new Date('2020-01-01T00:00:00+07:00') });
  let setAt = { nowMs: clock.reading().nowMs, realMs: Date.now() };
  const advance = async (to) => {
    const moved = await clock.advance(to);
    setAt = { nowMs: moved.reading.nowMs, realMs: Date.now() };
    return moved;
  };
  const simNow = () => new Date(setAt.nowMs + (Date.now() - setAt.realMs));
  const catalogueFile = path.join(root, '.local/demo', `catalogue-${opt.seed}.json`);
  fs.mkdirSync(path.dirname(catalogueFile), { recursive: true });
  fs.writeFileSync(catalogueFile, JSON.stringify(catalogue, null, 1));
  const services = opt.modern
    ? ['postal-simulator', 'intake', 'processing', 'postal-delivery', 'reporting']
    : ['intake', 'processing', 'reporting'];
  const platform = await startDemoPlatform({ root, clockUrl: `http://127.0.0.1:${clock.port}`, catalogueFile, services, log: say });
  const topic = (name) => `${platform.env.KAFKA_TOPIC_PREFIX}onestop.${name}.events.v1`;
  const follow = opt.follow
    ? await Follow.start({ brokers: platform.env.KAFKA_BROKERS, topics: [topic('intake'), topic('processing')] })
    : undefined;
  const officers = new Officers({
    platform,
    follow,
    secret: platform.env.AUTH_JWT_SECRET,
    plan,
    now: simNow,
    log: (line) => {
      progress.interrupt();
      say(line);
    },
  });
  const progress = new Progress({
    days: plan.days,
    total: plan.dossiers.length,
    actions: plan.actions.length,
    tty: Boolean(process.stdout.isTTY),
  });
  // Ctrl-C (or SIGTERM): the calls under way end, nothing new starts, the demo's services and
  // clock stop; a second Ctrl-C leaves at once.
  let stopped = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopped) process.exit(130);
      stopped = true;
      officers.stopped = true;
      progress.interrupt();
      say(`${signal}: stopping after the calls under way (again to leave at once)`);
    });
  }
  say(
    `  namespace ${platform.runId} (topics ${platform.runId}.*, databases and schemas ${platform.runId}_*), logs ${path.relative(root, platform.logDir)}`,
  );
  let code;
  const timings = new Timings();
  let lastMonth = -1;
  const started = Date.now();
  try {
    const result = await play({
      actions: plan.actions,
      clock: { advance },
      perform: (a) => officers.perform(a),
      tickMs: opt.tickMs,
      concurrency: opt.concurrency,
      stopped: () => stopped,
      onTick: (at, done) => {
        progress.update(at, officers.submitted, done);
        // without a terminal, where the time goes so far, once a simulated month
        const month = new Date(at.getTime() + 7 * 3600_000).getUTCMonth();
        if (!process.stdout.isTTY && month !== lastMonth) {
          if (lastMonth >= 0) for (const line of timings.lines()) say(line);
          lastMonth = month;
        }
      },
      timings,
    });
    if (result.stopped) {
      say(`stopped after ${result.done} of ${plan.actions.length} actions (${officers.submitted} dossiers)`);
      code = 130;
    } else code = await finish();
  } finally {
    officers.close();
    await follow?.stop().catch(() => undefined);
    await platform.stop();
    await clock.close();
  }
  process.exit(code);

  async function finish() {
    let code;
    const playedS = (Date.now() - started) / 1000;
    progress.done(officers.submitted, playedS);
    // The period is over: the clock moves past its end, the report is judged there.
    await advance(new Date('2020-09-30T23:00:00+07:00'));
    say(`Where the real time went (${officers.retries} calls repeated while events travelled between services):`);
    for (const line of timings.lines()) say(line);
    const expected = { received: district.dossiers.length, resolved: district.dossiers.filter((d) => !d.open).length };
    const waitStart = Date.now();
    code = await printReport({
      officers,
      expected,
      say,
      waitSeconds: opt.reportWait,
      stopped: () => stopped,
      districtOnly: opt.communes,
      communeDossiers: plan.dossiers.length - district.dossiers.length,
    });
    const waitedS = (Date.now() - waitStart) / 1000;
    if (opt.modern) await printModern({ officers, plan: district, say });
    if (opt.communes) await printCommunes({ officers, communes, say });
    const verifyStart = Date.now();
    const stores = ['intake', 'processing', ...(opt.modern ? ['postal-delivery'] : [])];
    const verify = spawnSync(process.execPath, [path.join(root, 'services/reporting/dist/cli/main.js'), 'verify'], {
      env: {
        ...platform.env,
        MONGO_DB: `${platform.runId}_reporting`,
        VERIFY_STORES: stores.map((s) => `onestop.${s}=${platform.env.PG_URL}#${platform.schema(s)}`).join(','),
      },
      encoding: 'utf8',
    });
    say('Audit (npm run ops -- verify):');
    for (const line of `${verify.stdout}`.trim().split('\n')) say(`  ${line}`);
    if (verify.status !== 0) {
      say(`  verify exited ${verify.status}: ${`${verify.stderr}`.trim().split('\n').slice(-3).join(' | ')}`);
      code = 1;
    }
    const verifyS = (Date.now() - verifyStart) / 1000;
    say(
      `Real time: played in ${fmtSeconds(playedS)}, reporting caught up ${fmtSeconds(waitedS)} later, verify took ${fmtSeconds(verifyS)}; ` +
        `${fmtSeconds((Date.now() - started) / 1000)} in all`,
    );
    return code;
  }
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(3);
});
