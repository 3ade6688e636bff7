// PromQL as Prometheus's own UI parses it (@prometheus-io/lezer-promql, the grammar of the
// Prometheus web UI): syntax errors and the metric names an expression selects. Used by the checks
// of the alert rules and dashboards (infra/observability/*.spec.ts, e2e/metrics.e2e.spec.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';

export const OBSERVABILITY_DIR = __dirname;

export interface ParsedExpr {
  /** Where the expression came from (file and rule or panel). */
  where: string;
  expr: string;
  /** Text around each syntax error, empty when it parses. */
  errors: string[];
  /** Metric names of its selectors (`up` included). */
  metrics: string[];
}

export function parsePromql(expr: string, where = ''): ParsedExpr {
  const errors: string[] = [];
  const metrics = new Set<string>();
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.type.isError) errors.push(`at ${cursor.from}: "${expr.slice(Math.max(0, cursor.from - 10), cursor.to + 10)}"`);
    if (cursor.name === 'Identifier') {
      const parent = cursor.node.parent;
      if (parent?.name === 'VectorSelector') metrics.add(expr.slice(cursor.from, cursor.to));
    }
  } while (cursor.next());
  // A selector by name only in the matchers: {__name__="x"}.
  for (const m of expr.matchAll(/__name__\s*=\s*"([^"]+)"/g)) metrics.add(m[1]);
  return { where, expr, errors, metrics: [...metrics].sort() };
}

/** A histogram's or summary's series name → its family (`_bucket`, `_sum`, `_count` stripped). */
export function familyOf(metric: string, families: ReadonlySet<string>): string | undefined {
  if (families.has(metric)) return metric;
  const base = metric.replace(/_(bucket|sum|count)$/, '');
  return families.has(base) ? base : undefined;
}

/** Every alerting and recording rule expression of alerts.yml. */
export function alertExpressions(file = path.join(OBSERVABILITY_DIR, 'prometheus/alerts.yml')): ParsedExpr[] {
  const doc = parseYaml(fs.readFileSync(file, 'utf8')) as {
    groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
  };
  return doc.groups.flatMap((g) =>
    g.rules.map((r) => parsePromql(String(r.expr), `${path.basename(file)} ${g.name}/${r.alert ?? r.record}`)),
  );
}

export interface Dashboard {
  file: string;
  uid: string;
  title: string;
  panels: { title: string; targets?: { expr?: string }[] }[];
}

export function dashboards(dir = path.join(OBSERVABILITY_DIR, 'grafana/dashboards')): Dashboard[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Omit<Dashboard, 'file'>) }));
}

/** Every panel query of every dashboard. */
export function dashboardExpressions(dir?: string): ParsedExpr[] {
  return dashboards(dir).flatMap((d) =>
    d.panels.flatMap((p) => (p.targets ?? []).map((t) => parsePromql(String(t.expr ?? ''), `${d.file} "${p.title}"`))),
  );
}
