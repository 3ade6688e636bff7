// Starts the built services and the front office as processes against the shared Kafka and
// document store (KAFKA_BROKERS, MONGO_URL from jest's global setup), each with databases and
// topics unique to this run, and stops them again. Logs go to .local/browser-logs/<run>/.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePorts, type RunningProcess, startProcess } from '@onestop/test-support';
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

/**
 * What each process logs once it listens. Readiness is read from the process's own log: a
 * connection to its port proved only that something listened there. A CI run opened the front
 * office's pages while nothing served them (ERR_CONNECTION_REFUSED for the whole suite) after that
 * check had passed; the ports were chosen one at a time then, so one could be handed out twice.
 */
const LISTENING: Record<Name, string> = {
  intake: '"msg":"intake listening"',
  processing: '"msg":"processing listening"',
  reporting: '"msg":"reporting listening"',
  'postal-delivery': '"msg":"postal-delivery listening"',
  'postal-simulator': '"msg":"postal simulator listening"',
  'front-office': '"msg":"front office listening"',
};

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
  const given = extraEnv.FRONT_OFFICE_PORT ? [Number(extraEnv.FRONT_OFFICE_PORT)] : [];
  const [intake, processing, reporting, postal, simulator, frontOffice, webhookPort] = await freePorts(7, given);
  const ports: Record<Name, number> = {
    intake,
    processing,
    reporting,
    'postal-delivery': postal,
    'postal-simulator': simulator,
    'front-office': given[0] ?? frontOffice,
  };
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
  const running = new Map<Name, RunningProcess>();
  /** Every process started, the last of each name: how the ones that are gone ended. */
  const started = new Map<Name, RunningProcess>();
  /** Every port handed out so far (the metrics ports as the processes start). */
  const taken = [...Object.values(ports), webhookPort];

  const platform: Platform = {
    url: `http://127.0.0.1:${ports['front-office']}`,
    env,
    async start(name, more = {}) {
      const logFile = path.join(logDir, `${name}.log`);
      const [metricsPort] = await freePorts(1, taken);
      taken.push(metricsPort);
      const proc = await startProcess({
        name,
        entry: path.join(ROOT, ENTRY[name]),
        env: {
          ...env,
          GRPC_PORT: String(ports[name]),
          METRICS_PORT: String(metricsPort),
          MONGO_DB: `${runId}_${name.replace('-', '_')}`,
          ...more,
        },
        logFile,
        ready: (log) => log.includes(LISTENING[name]),
        readyTimeoutMs: 180_000,
      });
      running.set(name, proc);
      started.set(name, proc);
    },
    async stop(name) {
      const child = running.get(name);
      running.delete(name);
      await child?.stop('SIGTERM', 15_000);
    },
    async stopAll() {
      await Promise.all([...running.keys()].map((n) => platform.stop(n)));
    },
    diagnostics: () => recentWarnings(logDir, endings(started)),
  };
  try {
    await Promise.all(names.map((n) => platform.start(n)));
  } catch (err) {
    await platform.stopAll();
    throw err;
  }
  return platform;
}

/** The processes that are gone, each with how it ended. */
function endings(processes: ReadonlyMap<Name, RunningProcess>): Map<string, string> {
  const ended = new Map<string, string>();
  for (const [name, { child }] of processes) {
    if (child.signalCode !== null) ended.set(name, `was ended by ${child.signalCode}`);
    else if (child.exitCode !== null) ended.set(name, `exited with code ${child.exitCode}`);
  }
  return ended;
}
