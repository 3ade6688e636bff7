// The Kubernetes manifests: rendered by kustomize (base and the example overlay) and validated by
// kubeconform in strict mode against the Kubernetes 1.33 schemas (offline, from .local/schemas),
// then checked for what operating the platform needs: native gRPC probes, resources, settings from
// the ConfigMap and the Secret, a PodDisruptionBudget, a Service and an HPA per Deployment.
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT, run, schemaPath, tool } from '../tools';

const K8S = path.join(ROOT, 'infra/k8s');
const SERVICES = { intake: 50051, processing: 50052, 'postal-delivery': 50053, reporting: 50054 } as const;
const KUBERNETES_VERSION = '1.33.0';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

function render(dir: string): { yaml: string; manifests: Manifest[] } {
  const r = run(tool('kustomize'), ['build', path.join(K8S, dir)]);
  if (r.status !== 0) throw new Error(`kustomize build ${dir} failed: ${r.stderr}`);
  return { yaml: r.stdout, manifests: parseAllDocuments(r.stdout).map((d) => d.toJSON() as Manifest) };
}

function kubeconform(yaml: string) {
  const location = path.join(
    schemaPath('kubernetes'),
    '{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json',
  );
  return run(
    tool('kubeconform'),
    ['-strict', '-summary', '-output', 'json', '-kubernetes-version', KUBERNETES_VERSION, '-schema-location', location, '-'],
    yaml,
  );
}

describe.each(['base', 'overlays/example'])('infra/k8s/%s', (dir) => {
  const { yaml, manifests } = render(dir);
  const of = (kind: string) => manifests.filter((m) => m.kind === kind);

  it('is valid against the Kubernetes schemas (kubeconform -strict), every resource checked', () => {
    const r = kubeconform(yaml);
    const summary = JSON.parse(r.stdout).summary as { valid: number; invalid: number; errors: number; skipped: number };
    expect({ status: r.status, summary }).toEqual({
      status: 0,
      summary: { valid: manifests.length, invalid: 0, errors: 0, skipped: 0 },
    });
  });

  it('runs every service and the front office as a Deployment in namespace onestop, with a Service, PDB and HPA', () => {
    const names = ['front-office', ...Object.keys(SERVICES)].sort();
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'])
      expect({
        kind,
        names: of(kind)
          .map((m) => m.metadata.name)
          .sort(),
      }).toEqual({ kind, names });
    for (const m of manifests.filter((x) => x.kind !== 'Namespace')) expect(m.metadata.namespace).toBe('onestop');
    for (const pdb of of('PodDisruptionBudget')) expect(pdb.spec.maxUnavailable).toBe(1);
  });

  it('probes each service natively over gRPC: liveness on the server, readiness on its own service', () => {
    for (const [name, port] of Object.entries(SERVICES)) {
      const c = of('Deployment').find((d) => d.metadata.name === name)!.spec.template.spec.containers[0];
      expect(c.livenessProbe.grpc).toEqual({ port });
      expect(c.readinessProbe.grpc).toEqual({ port, service: expect.stringMatching(/^onestop\.[a-z]+\.v1\.[A-Za-z]+Service$/) });
      expect(c.startupProbe.grpc).toEqual({ port });
    }
  });

  it('gives every container resources and its settings from the ConfigMap and the Secret', () => {
    const config = of('ConfigMap').find((m) => m.metadata.name.startsWith('onestop-config'))!;
    expect(config.data).toMatchObject({ GRPC_HOST: '0.0.0.0', METRICS_HOST: '0.0.0.0' });
    for (const d of of('Deployment')) {
      const c = d.spec.template.spec.containers[0];
      expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources.limits.memory).toEqual(expect.any(String));
      expect(c.envFrom).toEqual([{ configMapRef: { name: config.metadata.name } }]);
      const secrets = c.env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.valueFrom.secretKeyRef.name);
      expect(secrets.length).toBeGreaterThan(0);
      if (dir !== 'base') for (const s of secrets) expect(of('Secret').map((m) => m.metadata.name)).toContain(s);
      // No secret value in the ConfigMap or inline.
      for (const e of c.env) expect(['AUTH_JWT_SECRET', 'PG_URL', 'MONGO_URL', 'PROVIDER_API_KEY'].includes(e.name) && e.value).toBeFalsy();
    }
  });

  it('scales the consumers up to the partition count (6), and Prometheus finds their metrics port', () => {
    for (const name of Object.keys(SERVICES)) {
      expect(of('HorizontalPodAutoscaler').find((h) => h.metadata.name === name)!.spec.maxReplicas).toBeLessThanOrEqual(6);
      const pod = of('Deployment').find((d) => d.metadata.name === name)!.spec.template;
      const metricsPort = pod.spec.containers[0].ports.find((p: any) => p.name === 'metrics').containerPort;
      expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(metricsPort) });
    }
  });
});

describe('kubeconform catches a broken manifest (the check can fail)', () => {
  it('refuses an unknown field and a probe without a port', () => {
    const { yaml } = render('base');
    const broken = yaml
      .replace('revisionHistoryLimit: 5', 'revisionHistoryLimits: 5')
      .replace(/grpc:\n(\s+)port: 50051/, 'grpc:\n$1portt: 50051');
    const r = kubeconform(broken);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/revisionHistoryLimits/);
  });
});
