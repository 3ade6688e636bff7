#!/usr/bin/env node
// Prints one markdown table with a column per benchmark result file, rows matched by name:
//   node e2e/bench/merge-results.js .local/bench/before.json .local/bench/after.json
// A file may be a partial run (BENCH_SECTIONS); its missing rows show as "–".
'use strict';
const fs = require('node:fs');

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: merge-results.js RESULT.json [RESULT.json ...]\n');
  process.exit(2);
}
const runs = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const keyOf = (r) => `${r.section}\u0000${r.name}`;
const rows = new Map();
for (const run of runs) {
  for (const r of run.rows) if (!rows.has(keyOf(r))) rows.set(keyOf(r), { section: r.section, name: r.name, unit: r.unit });
}
const order = { raw: 0, platform: 1, ratio: 2 };
const sorted = [...rows.values()].sort((a, b) => order[a.section] - order[b.section]);
const cell = (run, row) => {
  const r = run.rows.find((x) => keyOf(x) === keyOf(row));
  if (!r) return { value: '–', note: '' };
  return { value: r.value === null ? 'n/a' : String(r.value), note: r.note };
};
const out = [];
out.push(`| section | figure | ${runs.map((r) => r.label).join(' | ')} | unit | how (${runs.map((r) => r.label).join(' / ')}) |`);
out.push(`| --- | --- | ${runs.map(() => '---:').join(' | ')} | --- | --- |`);
for (const row of sorted) {
  const cells = runs.map((run) => cell(run, row));
  const notes = [...new Set(cells.map((c) => c.note).filter(Boolean))].join(' / ').replace(/\|/g, '/');
  out.push(`| ${row.section} | ${row.name} | ${cells.map((c) => c.value).join(' | ')} | ${row.unit} | ${notes} |`);
}
process.stdout.write(`${out.join('\n')}\n`);
