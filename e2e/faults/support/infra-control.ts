// Stops and starts the fault suite's own Kafka and PostgreSQL (started by ../infra-setup.js in
// FAULTS_INFRA_DIR on ports of their own). Refuses to act without that directory, so the shared
// infrastructure can never be the one stopped.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../support/platform';

function infraDir(): string {
  const dir = process.env.FAULTS_INFRA_DIR;
  if (!dir || !fs.existsSync(dir)) throw new Error('FAULTS_INFRA_DIR is not set: run the suite with `npm run test:faults`');
  return dir;
}

function infraEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ONESTOP_INFRA_DIR: infraDir() };
  for (const k of ['KAFKA_BROKERS', 'MONGO_URL', 'PG_URL', 'FERRETDB_POSTGRESQL_URL', 'ONESTOP_PG_DIR']) delete env[k];
  for (const k of ['KAFKA_PORT', 'KAFKA_CONTROLLER_PORT', 'MONGO_PORT', 'PG_PORT', 'KAFKA_HEAP']) env[k] = process.env[`FAULTS_${k}`];
  return env;
}

const pidOf = (component: 'kafka' | 'postgres'): number =>
  Number(fs.readFileSync(path.join(infraDir(), `${component}.pid`), 'utf8').trim());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to the component's server and waits until it is gone (SIGKILL after 30 s). */
export async function stopComponent(component: 'kafka' | 'postgres', signal: NodeJS.Signals): Promise<void> {
  const pid = pidOf(component);
  process.kill(pid, signal);
  const deadline = Date.now() + 30_000;
  while (alive(pid)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `infra up` on the suite's directory: starts what is not running and waits until all answer (the load goes on meanwhile). */
export function startInfra(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('bash', [path.join(ROOT, 'infra/bin/infra'), 'up'], { env: infraEnv(), timeout: 240_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`infra up failed: ${err.message}\n${stderr}`)) : resolve(),
    ),
  );
}
