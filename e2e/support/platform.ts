// Starts the built services as processes, the way an operator does, each with its own database
// (unique per test run) and free ports, and stops them again. Kafka and the document store come
// from the jest global setup (KAFKA_BROKERS, MONGO_URL).
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { freePort } from './ports';
import { waitFor } from './wait';

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
  process: ChildProcess;
  grpcAddress: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export interface Platform {
  runId: string;
  env: NodeJS.ProcessEnv;
  services: Map<string, RunningService>;
  address(name: ServiceName): string;
  start(name: ServiceName, extraEnv?: NodeJS.ProcessEnv, instance?: string): Promise<RunningService>;
  stop(key: string, signal?: NodeJS.Signals): Promise<number | null>;
  stopAll(): Promise<void>;
}

async function healthy(address: string): Promise<true | undefined> {
  const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
  const client = new Health(address, grpc.credentials.createInsecure()) as unknown as {
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
export async function createPlatform(options: { topicPrefix?: boolean; /** Where the built services are (default: this checkout). */ root?: string } = {}): Promise<Platform> {
  const root = options.root ?? ROOT;
  const runId = `e2e${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const logDir = path.join(ROOT, '.local/e2e-logs', runId);
  fs.mkdirSync(logDir, { recursive: true });
  const ports: Record<string, number> = {};
  for (const name of ['intake', 'processing', 'postal-delivery', 'reporting']) ports[name] = await freePort();
  const httpPort = await freePort();
  const simulatorPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_JWT_SECRET: DEV_SECRET,
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

  const platform: Platform = {
    runId,
    env,
    services,
    address: (name) => `127.0.0.1:${ports[name]}`,
    async start(name, extraEnv = {}, instance = name) {
      const grpcPort = extraEnv.GRPC_PORT ? Number(extraEnv.GRPC_PORT) : ports[name] ?? 0;
      const svcEnv: NodeJS.ProcessEnv = {
        ...env,
        GRPC_PORT: String(grpcPort),
        MONGO_DB: `${runId}_${name.replace('-', '_')}`,
        ...extraEnv,
      };
      const logFile = path.join(logDir, `${instance}.log`);
      const out = fs.openSync(logFile, 'a');
      const child = spawn(process.execPath, [path.join(root, ENTRY[name])], { env: svcEnv, stdio: ['ignore', out, out] });
      fs.closeSync(out);
      const running: RunningService = { name, process: child, grpcAddress: `127.0.0.1:${grpcPort}`, env: svcEnv, logFile };
      services.set(instance, running);
      let exited = false;
      child.once('exit', () => (exited = true));
      if (name !== 'postal-simulator') {
        await waitFor(`${instance} to serve (log: ${logFile})`, async () => {
          if (exited) throw new Error(`${instance} exited; log:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
          return healthy(running.grpcAddress);
        }, 90_000);
      }
      return running;
    },
    async stop(key, signal = 'SIGTERM') {
      const s = services.get(key);
      if (!s) return null;
      services.delete(key);
      if (s.process.exitCode !== null) return s.process.exitCode;
      const done = new Promise<number | null>((resolve) => s.process.once('exit', (code) => resolve(code)));
      s.process.kill(signal);
      const timer = setTimeout(() => s.process.kill('SIGKILL'), 15_000);
      const code = await done;
      clearTimeout(timer);
      return code;
    },
    async stopAll() {
      await Promise.all([...services.keys()].map((k) => platform.stop(k)));
    },
  };
  return platform;
}
