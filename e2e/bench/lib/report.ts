// The benchmark's results: rows of figures, written as JSON and printed as a markdown table.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BenchRow {
  section: 'raw' | 'platform' | 'ratio';
  name: string;
  value: number | null;
  unit: string;
  /** How it was measured (sizes, partial runs, why a value is missing). */
  note: string;
}

export class BenchReport {
  readonly rows: BenchRow[] = [];
  readonly startedAt = new Date();

  constructor(
    readonly label: string,
    readonly settings: Record<string, unknown>,
  ) {}

  add(section: BenchRow['section'], name: string, value: number | null, unit: string, note = ''): number | null {
    const row = { section, name, value: value === null || Number.isNaN(value) ? null : round(value), unit, note };
    this.rows.push(row);
    process.stdout.write(`[bench] ${section} | ${name}: ${row.value ?? 'n/a'} ${unit}${note ? ` (${note})` : ''}\n`);
    return row.value;
  }

  value(name: string): number | null {
    return this.rows.find((r) => r.name === name)?.value ?? null;
  }

  /** A ratio row a / b, or n/a when either is missing. */
  ratio(name: string, a: string, b: string, note = ''): void {
    const x = this.value(a);
    const y = this.value(b);
    this.add('ratio', name, x !== null && y !== null && y !== 0 ? x / y : null, 'x', note || `${a} / ${b}`);
  }

  markdown(): string {
    const lines = [
      `| section | figure | ${this.label} | unit | how |`,
      '| --- | --- | ---: | --- | --- |',
      ...this.rows.map((r) => `| ${r.section} | ${r.name} | ${r.value ?? 'n/a'} | ${r.unit} | ${r.note.replace(/\|/g, '/')} |`),
    ];
    return `${lines.join('\n')}\n`;
  }

  /** Writes <out>.json and <out>.md; returns the JSON path. */
  write(out: string): string {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const json = out.endsWith('.json') ? out : `${out}.json`;
    const finishedAt = new Date();
    fs.writeFileSync(
      json,
      `${JSON.stringify({ label: this.label, startedAt: this.startedAt, finishedAt, settings: this.settings, rows: this.rows }, null, 2)}\n`,
    );
    fs.writeFileSync(json.replace(/\.json$/, '.md'), this.markdown());
    return json;
  }
}

/** Three significant digits (whole numbers from 100 on). */
function round(v: number): number {
  if (v === 0 || Math.abs(v) >= 100) return Math.round(v);
  return Number(v.toPrecision(3));
}
