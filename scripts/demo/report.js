// The platform's own Biểu II.06a for the played period, from reporting's gRPC API (what
// `npm run ops -- report --from 2020-01-01 --to 2020-09-30 --group field` prints), once the read
// side has taken in every dossier.
'use strict';

const FROM = '2020-01-01';
const TO = '2020-09-30';

async function printReport({ officers, expected, say, waitSeconds = 1800 }) {
  let report;
  const deadline = Date.now() + waitSeconds * 1000;
  let shown = 0;
  for (;;) {
    report = (await officers.officialReport(FROM, TO)).report;
    const t = report.total;
    if ((t.received === expected.received && t.resolved === expected.resolved) || Date.now() > deadline) break;
    if (Date.now() - shown > 15_000) {
      say(
        `  waiting for reporting's read side: it has taken in ${t.received} of ${expected.received} dossiers, ${t.resolved} of ${expected.resolved} results`,
      );
      shown = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const t = report.total;
  const rate = (c) => (c.resolved > 0 ? `${((100 * (c.early + c.onTime)) / c.resolved).toFixed(1)} %` : '-');
  say('');
  say(`Biểu II.06a — UBND huyện Trực Ninh, ${FROM} – ${TO} (from the platform's reporting service)`);
  const row = (label, c) =>
    say(
      `  ${label.padEnd(42)} ${String(c.received).padStart(6)} ${String(c.resolved).padStart(8)} ${String(c.early + c.onTime).padStart(8)} ${String(c.late).padStart(5)} ${String(c.inProgress).padStart(11)} ${String(c.overdue).padStart(8)} ${rate(c).padStart(8)}`,
    );
  say(
    `  ${'field'.padEnd(42)} ${'received'.padStart(6)} ${'resolved'.padStart(8)} ${'on time'.padStart(8)} ${'late'.padStart(5)} ${'in progress'.padStart(11)} ${'overdue'.padStart(8)} ${'on-time'.padStart(8)}`,
  );
  for (const r of report.rows) row(r.label || r.key, r.counts);
  row('Total', t);
  say('');
  say(
    `  received ${t.received.toLocaleString('en-US')}, resolved ${t.resolved.toLocaleString('en-US')}, in progress ${t.inProgress}, overdue ${t.overdue}; on-time rate ${rate(t)}`,
  );
  const ok =
    t.received === expected.received &&
    t.resolved === expected.resolved &&
    t.inProgress === expected.received - expected.resolved &&
    t.overdue === 0;
  say(
    ok
      ? '  matches the scenario'
      : `  DIFFERS from the scenario (expected received ${expected.received}, resolved ${expected.resolved}, in progress ${expected.received - expected.resolved}, overdue 0)`,
  );
  return ok ? 0 : 1;
}

module.exports = { printReport };
