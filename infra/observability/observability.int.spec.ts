// The scrape configs, alert rules and dashboards, checked by Prometheus's own tools (promtool:
// check config, check rules, and the rules' unit tests in alerts.test.yml) and by the PromQL
// grammar of Prometheus's UI. That every metric they name exists is checked against the running
// services' /metrics in e2e/metrics.e2e.spec.ts.
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as fs from 'node:fs';
import { run, tool } from '../tools';
import { alertExpressions, dashboardExpressions, dashboards, OBSERVABILITY_DIR, parsePromql } from './promql';

const prom = (f: string) => path.join(OBSERVABILITY_DIR, 'prometheus', f);

describe('Prometheus configuration (promtool)', () => {
  const promtool = tool('promtool');

  it.each(['prometheus.yml', 'prometheus.compose.yml'])('%s passes promtool check config, rule files included', (file) => {
    const r = run(promtool, ['check', 'config', prom(file)]);
    expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
    expect(r.stdout + r.stderr).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('alerts.yml passes promtool check rules (lint included)', () => {
    const r = run(promtool, ['check', 'rules', '--lint=all', '--lint-fatal', prom('alerts.yml')]);
    expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS: 8 rules found') });
  });

  it('the alert rules pass their unit tests (promtool test rules alerts.test.yml)', () => {
    const r = run(promtool, ['test', 'rules', prom('alerts.test.yml')]);
    expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
  });

  it('every alert the issue asks for has a rule and a unit test', () => {
    const rules = alertExpressions().map((e) => e.where.split('/')[1]);
    expect(rules.sort()).toEqual(
      [
        'OnestopConsumerLagHigh',
        'OnestopConsumerRejoining',
        'OnestopDeadLetter',
        'OnestopDeadlineTimersLate',
        'OnestopOutboxBacklogHigh',
        'OnestopOverdueDossiersRising',
        'OnestopProviderCircuitOpen',
        'OnestopServiceDown',
      ].sort(),
    );
    const tests = parseYaml(fs.readFileSync(prom('alerts.test.yml'), 'utf8')) as { tests: { alert_rule_test: { alertname: string }[] }[] };
    const tested = new Set(tests.tests.flatMap((t) => t.alert_rule_test.map((a) => a.alertname)));
    expect([...tested].sort()).toEqual(rules.sort());
  });

  it('the local config scrapes one and two instances of every service (npm start --instances 2: ports + 10)', () => {
    const doc = parseYaml(fs.readFileSync(prom('prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = Object.fromEntries(doc.scrape_configs.map((s) => [s.job_name, s.static_configs.flatMap((c) => c.targets)]));
    expect(targets).toEqual({
      intake: ['127.0.0.1:9451', '127.0.0.1:9461'],
      processing: ['127.0.0.1:9452', '127.0.0.1:9462'],
      'postal-delivery': ['127.0.0.1:9453', '127.0.0.1:9463'],
      reporting: ['127.0.0.1:9454', '127.0.0.1:9464'],
    });
  });
});

describe('Grafana dashboards', () => {
  it('one per concern, each with a unique uid and the Prometheus data-source variable', () => {
    const all = dashboards();
    expect(all.map((d) => d.uid).sort()).toEqual(['onestop-deadlines', 'onestop-desk', 'onestop-pipeline', 'onestop-postal']);
    for (const d of all) {
      expect(d.title).toMatch(/^One-stop: /);
      expect(d.panels.length).toBeGreaterThan(4);
      const ids = d.panels.map((p) => (p as { id?: number }).id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('every panel query is PromQL that parses, and selects at least one metric', () => {
    const exprs = dashboardExpressions();
    expect(exprs.length).toBeGreaterThan(30);
    for (const e of exprs) {
      expect({ where: e.where, errors: e.errors }).toEqual({ where: e.where, errors: [] });
      expect({ where: e.where, metrics: e.metrics.length > 0 }).toEqual({ where: e.where, metrics: true });
    }
  });

  it('the parser check can fail: a broken expression reports an error, names are found', () => {
    expect(parsePromql('sum(rate(onestop_commands_total[5m])').errors.length).toBeGreaterThan(0);
    expect(parsePromql('max by (service) (onestop_outbox_backlog_events) > 100').metrics).toEqual(['onestop_outbox_backlog_events']);
    expect(parsePromql('histogram_quantile(0.95, sum by (le) (rate(a_bucket[5m]))) / b').metrics).toEqual(['a_bucket', 'b']);
    expect(alertExpressions().every((e) => e.errors.length === 0 && e.metrics.length > 0)).toBe(true);
  });
});
