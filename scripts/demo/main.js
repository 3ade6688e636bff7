// `npm run demo`: Trực Ninh district's one-stop desk, 1 January – 30 September 2020, played in
// minutes on a simulated clock through the platform's gRPC APIs, as the desk and the agencies'
// officers would. At the end it prints the platform's own Biểu II.06a for the period (per field),
// the on-time rate and the `ops verify` digest. See README "The 2020 scenario".
//
//   npm run demo [-- --seed N] [-- --dossiers N --in-progress N]
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const root = path.resolve(__dirname, '../..');
const { loadCalendar } = require(path.join(root, 'libs/calendar/dist'));
const { startClockServer } = require(path.join(root, 'libs/runtime/dist'));
const { buildCatalogue, districtCounts } = require('./catalogue');
const { buildPlan } = require('./plan');
const { startDemoPlatform } = require('./platform');
const { Officers } = require('./officers');
const { Progress } = require('./progress');
const { printReport } = require('./report');

async function main() {
  const { values: o } = parseArgs({
    options: {
      seed: { type: 'string', default: '2020' },
      dossiers: { type: 'string', default: '1521' },
      'in-progress': { type: 'string', default: '8' },
      concurrency: { type: 'string', default: '16' },
      'tick-hours': { type: 'string', default: '1' },
      'report-wait': { type: 'string', default: '1800' },
    },
  });
  const num = (name, min) => {
    const n = Number(o[name]);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`--${name}: expected a whole number ≥ ${min}, got "${o[name]}"\n`);
      process.exit(2);
    }
    return n;
  };
  const seed = num('seed', 0);
  const total = num('dossiers', 1);
  const inProgress = num('in-progress', 0);
  const concurrency = num('concurrency', 1);
  const tickMs = num('tick-hours', 1) * 3600_000;
  const say = (line) => process.stdout.write(`${line}\n`);

  const calendar = loadCalendar();
  const catalogue = buildCatalogue(root);
  const workflows = JSON.parse(fs.readFileSync(path.join(root, 'services/processing/data/workflows.json'), 'utf8'));
  const plan = buildPlan({ calendar, catalogue, workflows, seed, total, inProgress });
  const counts = districtCounts(catalogue);
  say(
    `Trực Ninh 2020 scenario (seed ${seed}): ${Object.values(counts).reduce((a, b) => a + b, 0)} district procedures (${Object.entries(
      counts,
    )
      .map(([f, n]) => `${f} ${n}`)
      .join(', ')}),`,
  );
  say(
    `  ${plan.dossiers.length} dossiers on ${plan.days.length} working days, ${plan.actions.length} officer actions; ` +
      `${plan.dossiers.filter((d) => d.supplement).length} supplements, ${plan.dossiers.filter((d) => d.apology).length} apologies, ${plan.dossiers.filter((d) => d.open).length} left in progress`,
  );

  const clock = await startClockServer({ start: new Date('2020-01-01T00:00:00+07:00') });
  const catalogueFile = path.join(root, '.local/demo', `catalogue-${seed}.json`);
  fs.mkdirSync(path.dirname(catalogueFile), { recursive: true });
  fs.writeFileSync(catalogueFile, JSON.stringify(catalogue, null, 1));
  const platform = await startDemoPlatform({
    root,
    clockUrl: `http://127.0.0.1:${clock.port}`,
    catalogueFile,
    services: ['intake', 'processing', 'reporting'],
    log: say,
  });
  // Ctrl-C (or SIGTERM) stops the demo's services and clock before leaving.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      say(`\n${signal}: stopping the demo's services`);
      platform
        .stop()
        .then(() => clock.close())
        .finally(() => process.exit(130));
    });
  }
  say(
    `  namespace ${platform.runId} (topics ${platform.runId}.*, databases and schemas ${platform.runId}_*), logs ${path.relative(root, platform.logDir)}`,
  );
  let code;
  try {
    const officers = new Officers({ platform, secret: platform.env.AUTH_JWT_SECRET, plan });
    const progress = new Progress({ days: plan.days, total: plan.dossiers.length, tty: Boolean(process.stdout.isTTY) });
    const started = Date.now();
    // One tick per --tick-hours (default 1): the clock moves to the
    // tick's first action, then every dossier's actions of the tick run (each dossier's in order,
    // dossiers side by side). An action planned later in the tick happens at its start: earlier,
    // never later, so no deadline is missed for the sake of speed.
    const ticks = [];
    for (const a of plan.actions) {
      const last = ticks[ticks.length - 1];
      if (last && a.at - last.at < tickMs) last.actions.push(a);
      else ticks.push({ at: a.at, actions: [a] });
    }
    for (const tick of ticks) {
      await clock.advance(tick.at);
      const byDossier = new Map();
      for (const a of tick.actions) byDossier.set(a.n, [...(byDossier.get(a.n) || []), a]);
      const chains = [...byDossier.values()];
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, chains.length) }, async () => {
          while (next < chains.length) for (const a of chains[next++]) await officers.perform(a);
        }),
      );
      progress.update(tick.at, officers.submitted);
    }
    progress.done(officers.submitted, (Date.now() - started) / 1000);
    // The period is over: the clock moves past its end, the report is judged there.
    await clock.advance(new Date('2020-09-30T23:00:00+07:00'));
    say(
      `played in ${Math.round((Date.now() - started) / 1000)} s of real time (${officers.retries} calls repeated while events travelled)`,
    );
    const expected = { received: plan.dossiers.length, resolved: plan.dossiers.filter((d) => !d.open).length };
    code = await printReport({ officers, expected, say, waitSeconds: num('report-wait', 0) });
    const verify = spawnSync(process.execPath, [path.join(root, 'services/reporting/dist/cli/main.js'), 'verify'], {
      env: {
        ...platform.env,
        MONGO_DB: `${platform.runId}_reporting`,
        VERIFY_STORES: ['intake', 'processing'].map((s) => `onestop.${s}=${platform.env.PG_URL}#${platform.schema(s)}`).join(','),
      },
      encoding: 'utf8',
    });
    say('Audit (npm run ops -- verify):');
    for (const line of `${verify.stdout}`.trim().split('\n')) say(`  ${line}`);
    if (verify.status !== 0) {
      say(`  verify exited ${verify.status}: ${verify.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      code = 1;
    }
  } finally {
    await platform.stop();
    await clock.close();
  }
  process.exit(code);
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(3);
});
