// The platform's own Biểu II.06a for the played period, from reporting's gRPC API (what
// `npm run ops -- report --from 2020-01-01 --to 2020-09-30 --group field` prints), once the read
// side has taken in every dossier; in the modern mode what the online and postal channels added
// (reporting's period statistics and postal-delivery's own times); with the communes, the report
// per unit.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { reporting, common } = require(path.join(root, 'libs/contracts/dist'));

const FROM = '2020-01-01';
const TO = '2020-09-30';
const G = reporting.ReportGrouping;

const rate = (c) => (c.resolved > 0 ? `${((100 * (c.early + c.onTime)) / c.resolved).toFixed(1)} %` : '-');

function table(say, rows, total) {
  const row = (label, c) =>
    say(
      `  ${label.slice(0, 42).padEnd(42)} ${String(c.received).padStart(8)} ${String(c.online).padStart(6)} ${String(c.resolved).padStart(8)} ${String(c.early + c.onTime).padStart(8)} ${String(c.late).padStart(5)} ${String(c.inProgress).padStart(11)} ${String(c.overdue).padStart(8)} ${rate(c).padStart(8)}`,
    );
  say(
    `  ${''.padEnd(42)} ${'received'.padStart(8)} ${'online'.padStart(6)} ${'resolved'.padStart(8)} ${'on time'.padStart(8)} ${'late'.padStart(5)} ${'in progress'.padStart(11)} ${'overdue'.padStart(8)} ${'on-time'.padStart(8)}`,
  );
  for (const r of rows) row(r.label || r.key, r.counts);
  row('Total', total);
}

/**
 * Waits until reporting has every dossier (`expected` district figures, plus `communeDossiers`
 * when the communes played), prints the report per field and judges the district's figures.
 */
async function printReport({
  officers,
  expected,
  say,
  waitSeconds = 1800,
  stopped = () => false,
  districtOnly = false,
  communeDossiers = 0,
}) {
  const deadline = Date.now() + waitSeconds * 1000;
  let shown = 0;
  let report;
  let figures;
  for (;;) {
    report = (await officers.officialReport(FROM, TO, G.REPORT_GROUPING_FIELD)).report;
    figures = report.total;
    if (districtOnly) {
      const byLevel = (await officers.officialReport(FROM, TO, G.REPORT_GROUPING_LEVEL)).report;
      figures = byLevel.rows.find((r) => r.key === 'district')?.counts ?? { ...byLevel.total, received: 0, resolved: 0 };
    }
    const t = report.total;
    const all = expected.received + communeDossiers;
    if (
      (figures.received === expected.received && figures.resolved === expected.resolved && t.received === all) ||
      Date.now() > deadline ||
      stopped()
    )
      break;
    if (Date.now() - shown > 15_000) {
      say(
        `  waiting for reporting's read side: it has taken in ${t.received} of ${all} dossiers, ${figures.resolved} of ${expected.resolved} district results`,
      );
      shown = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  say('');
  say(`Biểu II.06a — UBND huyện Trực Ninh, ${FROM} – ${TO}, per field (from the platform's reporting service)`);
  table(say, report.rows, report.total);
  say('');
  const f = figures;
  say(
    `  ${districtOnly ? 'district desk: ' : ''}received ${f.received.toLocaleString('en-US')}, resolved ${f.resolved.toLocaleString('en-US')}, in progress ${f.inProgress}, overdue ${f.overdue}; on-time rate ${rate(f)}`,
  );
  const ok =
    f.received === expected.received &&
    f.resolved === expected.resolved &&
    f.inProgress === expected.received - expected.resolved &&
    f.overdue === 0 &&
    report.total.overdue === 0;
  say(
    ok
      ? '  matches the scenario'
      : `  DIFFERS from the scenario (expected received ${expected.received}, resolved ${expected.resolved}, in progress ${expected.received - expected.resolved}, overdue 0)`,
  );
  return ok ? 0 : 1;
}

const CHANNEL = {
  [common.Channel.CHANNEL_COUNTER]: 'at the counter',
  [common.Channel.CHANNEL_ONLINE]: 'online',
  [common.Channel.CHANNEL_POSTAL]: 'by post',
};

/** What the online and postal channels added: reporting's channel shares, apologies, postal legs. */
async function printModern({ officers, plan, say }) {
  const stats = (await officers.periodStatistics(FROM, TO)).statistics;
  say('');
  say("What the modern channels add (reporting's period statistics, GetPeriodStatistics):");
  for (const c of stats.channels)
    say(`  ${String(c.received).padStart(6)} received ${CHANNEL[c.channel] || c.channel} (${(100 * c.share).toFixed(1)} %)`);
  if (stats.hasOnTimeRate)
    say(
      `  on-time rate ${(100 * stats.onTimeRate).toFixed(1)} % of ${stats.resolved} resolved; ${stats.dossiersApologised} dossiers apologised for`,
    );
  const byPost = plan.dossiers.filter((d) => d.resultByPost).length;
  const p = officers.postal?.stats;
  if (p) {
    say(
      `  postal legs played: ${p.pickups} pickups (dossier to the desk, mean ${(p.pickupMs / Math.max(p.pickups, 1) / 1000).toFixed(1)} s of real time each), ` +
        `${p.results} of ${byPost} results sent back by post`,
    );
  }
  const slowest = [...stats.processingTime].sort((a, b) => b.averageWorkingHours - a.averageWorkingHours).slice(0, 3);
  for (const t of slowest)
    say(
      `  ${t.procedureCode.padEnd(12)} ${String(t.resolved).padStart(5)} resolved, ${t.averageWorkingHours.toFixed(1)} working hours on average`,
    );
}

/** With the communes: the report per unit (the district desk and each commune's). */
async function printCommunes({ officers, communes, say }) {
  const byUnit = (await officers.officialReport(FROM, TO, G.REPORT_GROUPING_UNIT)).report;
  say('');
  say(`Biểu II.06a per unit: the district desk and the ${communes.length} communes and towns`);
  table(say, byUnit.rows, byUnit.total);
}

module.exports = { printReport, printModern, printCommunes };
