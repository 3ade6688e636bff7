// Starts the built services and the front office as processes against the shared Kafka and
// document store (KAFKA_BROKERS, MONGO_URL from jest's global setup), each with databases and
// topics unique to this run, and stops them again. Logs go to .local/browser-logs/<run>/.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { recentWarnings } from './diagnostics';

export const ROOT = path.resolve(__dirname, '../../../..');
const SECRET = 'browser-secret-browser-secret-00000000';

const ENTRY = {
  intake: 'services/intake/dist/main.js',
  processing: 'services/processing/dist/main.js',
  reporting: 'services/reporting/dist/main.js',
  'postal-delivery': 'services/postal-delivery/dist/main.js',
  'postal-simulator': 'infra/postal-simulator/dist/main.js',
  'front-office': 'services/front-office/dist/main.js',
} as const;
export type Name = keyof typeof ENTRY;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

export interface Platform {
  url: string;
  /** Environment every process gets (addresses, secrets, topic prefix). */
  env: NodeJS.ProcessEnv;
  start(name: Name, extraEnv?: NodeJS.ProcessEnv): Promise<void>;
  stop(name: Name): Promise<void>;
  stopAll(): Promise<void>;
  /** Each service's last warnings and errors (short: level, time, component, message) and the log directory. */
  diagnostics(): string;
}

export async function startPlatform(names: Name[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Platform> {
  const runId = `fo${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const logDir = path.join(ROOT, '.local/browser-logs', runId);
  fs.mkdirSync(logDir, { recursive: true });
  const ports: Record<Name, number> = {
    intake: await freePort(),
    processing: await freePort(),
    reporting: await freePort(),
    'postal-delivery': await freePort(),
    'postal-simulator': await freePort(),
    'front-office': extraEnv.FRONT_OFFICE_PORT ? Number(extraEnv.FRONT_OFFICE_PORT) : await freePort(),
  };
  const webhookPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_JWT_SECRET: SECRET,
    // A test platform: the development secrets (the webhook's, the simulator's) are allowed.
    ONESTOP_ENV: 'development',
    // The pages are driven at the 2020 district's desks (TRUCNINH, dissolved on 1 July 2025): read
    // the administrative map on a day it existed, as the e2e suites do.
    MAP_AS_OF: process.env.MAP_AS_OF ?? '2020-06-01',
    LOG_LEVEL: 'info',
    KAFKA_TOPIC_PREFIX: `${runId}.`,
    INTAKE_GRPC_ADDR: `127.0.0.1:${ports.intake}`,
    PROCESSING_GRPC_ADDR: `127.0.0.1:${ports.processing}`,
    REPORTING_GRPC_ADDR: `127.0.0.1:${ports.reporting}`,
    POSTAL_GRPC_ADDR: `127.0.0.1:${ports['postal-delivery']}`,
    HTTP_PORT: String(webhookPort),
    SIMULATOR_PORT: String(ports['postal-simulator']),
    PROVIDER_BASE_URL: `http://127.0.0.1:${ports['postal-simulator']}`,
    WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/webhooks/provider`,
    FRONT_OFFICE_PORT: String(ports['front-office']),
    FRONT_OFFICE_MONGO_DB: `${runId}_front_office`,
    DEMO_ACCOUNTS: 'true',
    TRACKING_RATE_PER_MINUTE: '60',
    DASHBOARD_LIVE_SECONDS: '2',
    ...extraEnv,
  };
  const running = new Map<Name, ChildProcess>();

  const platform: Platform = {
    url: `http://127.0.0.1:${ports['front-office']}`,
    env,
    async start(name, more = {}) {
      const logFile = path.join(logDir, `${name}.log`);
      const out = fs.openSync(logFile, 'a');
      const child = spawn(process.execPath, [path.join(ROOT, ENTRY[name])], {
        env: {
          ...env,
          GRPC_PORT: String(ports[name]),
          METRICS_PORT: String(await freePort()),
          MONGO_DB: `${runId}_${name.replace('-', '_')}`,
          ...more,
        },
        stdio: ['ignore', out, out],
      });
      fs.closeSync(out);
      running.set(name, child);
      const deadline = Date.now() + 180_000;
      while (!(await listening(ports[name]))) {
        if (child.exitCode !== null) throw new Error(`${name} exited; log:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`${name} did not listen within 180 s (log: ${logFile})`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop(name) {
      const child = running.get(name);
      running.delete(name);
      if (!child || child.exitCode !== null) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
    },
    async stopAll() {
      await Promise.all([...running.keys()].map((n) => platform.stop(n)));
    },
    diagnostics: () => recentWarnings(logDir),
  };
  try {
    await Promise.all(names.map((n) => platform.start(n)));
  } catch (err) {
    await platform.stopAll();
    throw err;
  }
  return platform;
}
