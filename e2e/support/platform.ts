// Starts the built services as processes, the way an operator does, each with its own database
// (unique per test run) and free ports, and stops them again. Kafka and the document store come
// from the jest global setup (KAFKA_BROKERS, MONGO_URL).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Pool } from 'pg';
import { service as healthService } from 'grpc-health-check';
import { freePorts, type RunningProcess, startProcess } from '@onestop/test-support';

export const ROOT = path.resolve(__dirname, '../..');
export const DEV_SECRET = 'e2e-secret-e2e-secret-e2e-secret-000000';

export type ServiceName = 'intake' | 'processing' | 'postal-delivery' | 'reporting' | 'postal-simulator';

const ENTRY: Record<ServiceName, string> = {
  intake: 'services/intake/dist/main.js',
  processing: 'services/processing/dist/main.js',
  'postal-delivery': 'services/postal-delivery/dist/main.js',
  reporting: 'services/reporting/dist/main.js',
  'postal-simulator': 'infra/postal-simulator/dist/main.js',
};

export interface RunningService {
  name: ServiceName;
  process: RunningProcess['child'];
  grpcAddress: string;
  /** GET http://<metricsAddress>/metrics (each instance on its own free port). */
  metricsAddress: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  stop: RunningProcess['stop'];
}

export interface Platform {
  runId: string;
  env: NodeJS.ProcessEnv;
  services: Map<string, RunningService>;
  address(name: ServiceName): string;
  /** A port free now and not handed out before by this platform (for a second instance's ports). */
  freePort(): Promise<number>;
  start(name: ServiceName, extraEnv?: NodeJS.ProcessEnv, instance?: string): Promise<RunningService>;
  stop(key: string, signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops every service, then drops the run's own PostgreSQL schemas (`<runId>_*`). */
  stopAll(): Promise<void>;
}

/**
 * Drops the event-store schemas of one run (the services name theirs after MONGO_DB,
 * `<runId>_<service>`): only schemas starting with `<runId>_`, never another run's.
 */
export async function dropRunSchemas(runId: string, pgUrl = process.env.PG_URL): Promise<string[]> {
  if (!pgUrl) return [];
  if (!/^[a-z0-9]+$/.test(runId)) throw new Error(`run id "${runId}" is not lowercase letters and digits`);
  const pool = new Pool({ connectionString: pgUrl, max: 1 });
  try {
    const found = await pool.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY nspname',
      [`${runId}_`],
    );
    for (const { nspname } of found.rows) await pool.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    return found.rows.map((r) => r.nspname);
  } finally {
    await pool.end();
  }
}

async function healthy(address: string): Promise<true | undefined> {
  const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
  // A subchannel of its own: the shared pool would keep the address in reconnect backoff (growing
  // to many seconds while a slow machine starts the service) even for this new client.
  const client = new Health(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as unknown as {
    check(r: { service: string }, o: grpc.CallOptions, cb: (e: Error | null, r: { status: string | number }) => void): void;
    close(): void;
  };
  try {
    const res = await new Promise<{ status: string | number }>((resolve, reject) =>
      client.check({ service: '' }, { deadline: Date.now() + 1000 }, (e, r) => (e ? reject(e) : resolve(r))),
    );
    return res.status === 'SERVING' || res.status === 1 ? true : undefined;
  } finally {
    client.close();
  }
}

/**
 * Creates a platform for one test file: common env (databases prefixed with a run id, the
 * shared secret, peer addresses filled in as services start).
 */
export async function createPlatform(
  options: { topicPrefix?: boolean; /** Where the built services are (default: this checkout). */ root?: string } = {},
): Promise<Platform> {
  const root = options.root ?? ROOT;
  const runId = `e2e${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const logDir = path.join(ROOT, '.local/e2e-logs', runId);
  fs.mkdirSync(logDir, { recursive: true });
  const ports: Record<string, number> = {};
  const [intake, processing, postal, reporting, httpPort, simulatorPort] = await freePorts(6);
  Object.assign(ports, { intake, processing, 'postal-delivery': postal, reporting });
  /** Every port handed out so far (the metrics ports as the services start). */
  const taken = [intake, processing, postal, reporting, httpPort, simulatorPort];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_JWT_SECRET: DEV_SECRET,
    // a developer's machine: services accept the published development secrets (docs/security.md)
    ONESTOP_ENV: 'development',
    // The suites drive Trực Ninh's 2020 desks on the real clock: intake reads the 2020 map.
    MAP_AS_OF: process.env.MAP_AS_OF ?? '2020-06-01',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
    KAFKA_TOPIC_PREFIX: options.topicPrefix === false ? '' : `${runId}.`,
    INTAKE_GRPC_ADDR: `127.0.0.1:${ports.intake}`,
    PROCESSING_GRPC_ADDR: `127.0.0.1:${ports.processing}`,
    POSTAL_GRPC_ADDR: `127.0.0.1:${ports['postal-delivery']}`,
    REPORTING_GRPC_ADDR: `127.0.0.1:${ports.reporting}`,
    HTTP_PORT: String(httpPort),
    SIMULATOR_PORT: String(simulatorPort),
    PROVIDER_BASE_URL: `http://127.0.0.1:${simulatorPort}`,
    WEBHOOK_URL: `http://127.0.0.1:${httpPort}/webhooks/provider`,
  };
  const services = new Map<string, RunningService>();
  const unusedPort = async () => {
    const [port] = await freePorts(1, taken);
    taken.push(port);
    return port;
  };

  const platform: Platform = {
    runId,
    env,
    services,
    address: (name) => `127.0.0.1:${ports[name]}`,
    freePort: unusedPort,
    async start(name, extraEnv = {}, instance = name) {
      const grpcPort = extraEnv.GRPC_PORT ? Number(extraEnv.GRPC_PORT) : (ports[name] ?? 0);
      const svcEnv: NodeJS.ProcessEnv = {
        ...env,
        GRPC_PORT: String(grpcPort),
        MONGO_DB: `${runId}_${name.replace('-', '_')}`,
        METRICS_PORT: String(await unusedPort()),
        ...extraEnv,
      };
      const logFile = path.join(logDir, `${instance}.log`);
      const grpcAddress = `127.0.0.1:${grpcPort}`;
      const started = await startProcess({
        name: instance,
        entry: path.join(root, ENTRY[name]),
        env: svcEnv,
        logFile,
        ready: name === 'postal-simulator' ? undefined : () => healthy(grpcAddress),
        readyTimeoutMs: 90_000,
      });
      const running: RunningService = {
        name,
        process: started.child,
        grpcAddress,
        metricsAddress: `127.0.0.1:${svcEnv.METRICS_PORT}`,
        env: svcEnv,
        logFile,
        stop: started.stop,
      };
      services.set(instance, running);
      return running;
    },
    async stop(key, signal = 'SIGTERM') {
      const s = services.get(key);
      if (!s) return null;
      services.delete(key);
      return s.stop(signal);
    },
    async stopAll() {
      await Promise.all([...services.keys()].map((k) => platform.stop(k)));
      await dropRunSchemas(runId, env.PG_URL);
    },
  };
  return platform;
}
