// infra/compose.yaml, without Docker: valid against the Compose Specification's own JSON schema
// (compose-spec.json as shipped by compose-go, the reference implementation; installed into
// .local/schemas by .ci/install-prereqs), and it runs what the issue asks: two instances of each
// service, Prometheus scraping exactly those, Grafana provisioned with the dashboards.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { ROOT, schemaPath } from './tools';

const compose = (): any => parseYaml(fs.readFileSync(path.join(ROOT, 'infra/compose.yaml'), 'utf8'), { merge: true });

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(fs.readFileSync(schemaPath('compose-spec.json'), 'utf8')));
}

describe('infra/compose.yaml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = validator();
    const ok = validate(compose());
    expect({ ok, errors: validate.errors ?? [] }).toEqual({ ok: true, errors: [] });
  });

  it('fails the schema when broken (the check can fail)', () => {
    const validate = validator();
    const broken = compose();
    broken.services['intake-1'].restart = { always: true };
    broken.services['intake-2'].portz = ['1:1'];
    expect(validate(broken)).toBe(false);
    expect(JSON.stringify(validate.errors)).toMatch(/portz|restart/);
  });

  it('runs two instances of each service with the metrics port open to Prometheus, plus the front office', () => {
    const services = compose().services as Record<string, any>;
    for (const [name, port] of [
      ['intake', 9451],
      ['processing', 9452],
      ['postal-delivery', 9453],
      ['reporting', 9454],
    ] as const) {
      const instances = Object.keys(services).filter((s) => s.replace(/-\d$/, '') === name);
      expect(instances).toEqual([`${name}-1`, `${name}-2`]);
      for (const i of instances) {
        expect(services[i].command).toEqual([`services/${name}/dist/main.js`]);
        expect(services[i].environment).toMatchObject({ METRICS_HOST: '0.0.0.0', GRPC_HOST: '0.0.0.0', KAFKA_BROKERS: 'kafka:29092' });
        expect(services[i].environment.METRICS_PORT ?? String(port)).toBe(String(port));
      }
    }
    expect(services['front-office'].command).toEqual(['services/front-office/dist/main.js']);
  });

  it('has Prometheus scraping every instance with the alert rules, and Grafana with the dashboards', () => {
    const c = compose();
    const prometheus = c.services.prometheus;
    expect(prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.compose.yml');
    const config = parseYaml(fs.readFileSync(path.join(ROOT, 'infra/observability/prometheus/prometheus.compose.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((s) => s.static_configs.flatMap((t) => t.targets)).map((t) => t.split(':')[0]);
    expect(targets.sort()).toEqual(
      Object.keys(c.services)
        .filter((s) => /-\d$/.test(s))
        .sort(),
    );
    expect(config.rule_files).toEqual(['alerts.yml']);
    const mounts = (c.services.grafana.volumes as string[]).map((v) => v.split(':')[0]);
    for (const m of mounts.filter((x) => x.startsWith('./'))) expect(fs.existsSync(path.join(ROOT, 'infra', m))).toBe(true);
    expect(mounts).toEqual(expect.arrayContaining(['./observability/grafana/provisioning', './observability/grafana/dashboards']));
  });
});
