// Starts what the demo needs, in a namespace of its own (topic prefix, databases and event-store
// schemas named after the run), so its figures are its own: the shared simulated clock (in this
// process) and the services on it, with CLOCK_MODE=simulated and the explicit ONESTOP_SIMULATION=1.
// Kafka, the document store and PostgreSQL come from KAFKA_BROKERS / MONGO_URL / PG_URL, or the
// local infrastructure (`npm run infra up`).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const { service: healthService } = require('grpc-health-check');

const ENTRY = {
  intake: 'services/intake/dist/main.js',
  processing: 'services/processing/dist/main.js',
  'postal-delivery': 'services/postal-delivery/dist/main.js',
  reporting: 'services/reporting/dist/main.js',
  'postal-simulator': 'infra/postal-simulator/dist/main.js',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function healthy(address) {
  const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
  const client = new Health(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.check({ service: '' }, { deadline: Date.now() + 1000 }, (e, r) => {
      client.close();
      resolve(!e && (r.status === 'SERVING' || r.status === 1));
    });
  });
}

async function startDemoPlatform({ root, clockUrl, catalogueFile, services, log }) {
  const runId = `demo${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const logDir = path.join(root, '.local/demo', runId);
  fs.mkdirSync(logDir, { recursive: true });
  const ports = {};
  for (const name of ['intake', 'processing', 'postal-delivery', 'reporting', 'http', 'simulator']) ports[name] = await freePort();
  // Secrets of this run only: the demo's services refuse the published development values
  // unless ONESTOP_ENV=development, and a demo must not need that.
  const secret = randomBytes(24).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  const env = {
    ...process.env,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.KAFKA_PORT || 9092}`,
    MONGO_URL: process.env.MONGO_URL || `mongodb://127.0.0.1:${process.env.MONGO_PORT || 27017}/`,
    PG_URL: process.env.PG_URL || `postgres://onestop:onestop@127.0.0.1:${process.env.PG_PORT || 5432}/onestop`,
    AUTH_JWT_SECRET: secret,
    PROVIDER_WEBHOOK_SECRET: webhookSecret,
    LOG_LEVEL: process.env.DEMO_LOG_LEVEL || 'warn',
    KAFKA_TOPIC_PREFIX: `${runId}.`,
    CLOCK_MODE: 'simulated',
    ONESTOP_SIMULATION: '1',
    SIM_CLOCK_URL: clockUrl,
    CATALOGUE_FILE: catalogueFile,
    INTAKE_GRPC_ADDR: `127.0.0.1:${ports.intake}`,
    PROCESSING_GRPC_ADDR: `127.0.0.1:${ports.processing}`,
    POSTAL_GRPC_ADDR: `127.0.0.1:${ports['postal-delivery']}`,
    REPORTING_GRPC_ADDR: `127.0.0.1:${ports.reporting}`,
    HTTP_PORT: String(ports.http),
    SIMULATOR_PORT: String(ports.simulator),
    PROVIDER_BASE_URL: `http://127.0.0.1:${ports.simulator}`,
    WEBHOOK_URL: `http://127.0.0.1:${ports.http}/webhooks/provider`,
    // postal-delivery: order from the provider as soon as asked; the provider's callbacks carry
    // the statuses (polling only as the fallback)
    WORK_INTERVAL_MS: process.env.WORK_INTERVAL_MS || '100',
    // metrics on any free port: the demo runs beside `npm start` (which holds 9451–9454)
    METRICS_PORT: '0',
    WORK_BACKOFF_BASE_MS: process.env.WORK_BACKOFF_BASE_MS || '200',
    WORK_BACKOFF_MAX_MS: process.env.WORK_BACKOFF_MAX_MS || '2000',
  };
  const children = new Map();
  const start = async (name) => {
    const out = fs.openSync(path.join(logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [path.join(root, ENTRY[name])], {
      env: { ...env, GRPC_PORT: String(ports[name] || 0), MONGO_DB: `${runId}_${name.replace('-', '_')}` },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    children.set(name, child);
    const deadline = Date.now() + 120_000;
    if (name === 'postal-simulator') {
      const health = `http://127.0.0.1:${ports.simulator}/_admin/health`;
      while (
        !(await fetch(health).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (child.exitCode !== null) throw new Error(`postal-simulator exited at start (code ${child.exitCode})`);
        if (Date.now() > deadline) throw new Error('postal-simulator did not answer within 120 s');
        await new Promise((r) => setTimeout(r, 300));
      }
      log(`postal-simulator (the provider) on 127.0.0.1:${ports.simulator}`);
      return;
    }
    while (!(await healthy(`127.0.0.1:${ports[name]}`))) {
      if (child.exitCode !== null)
        throw new Error(`${name} exited at start (code ${child.exitCode}); log: ${path.join(logDir, `${name}.log`)}`);
      if (Date.now() > deadline) throw new Error(`${name} did not serve within 120 s; log: ${path.join(logDir, `${name}.log`)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    log(`${name} serving on 127.0.0.1:${ports[name]}`);
  };
  const stopAll = () =>
    Promise.all(
      [...children.values()].map(
        (c) =>
          new Promise((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => c.kill('SIGKILL'), 15_000);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
  const startedAt = Date.now();
  try {
    // the provider first (postal-delivery orders from it), then the services side by side: their
    // start is mostly waiting (Kafka groups, databases), and each creates what it needs itself
    if (services.includes('postal-simulator')) await start('postal-simulator');
    await Promise.all(services.filter((name) => name !== 'postal-simulator').map(start));
    log(`  services ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  } catch (err) {
    await stopAll(); // none left behind when one does not come up
    throw err;
  }
  return {
    runId,
    env,
    logDir,
    address: (name) => `127.0.0.1:${ports[name]}`,
    has: (name) => children.has(name),
    schema: (name) => `${runId}_${name.replace('-', '_')}`.toLowerCase(),
    stop: stopAll,
  };
}

module.exports = { startDemoPlatform };
