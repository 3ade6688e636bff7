// `npm start`: brings up Kafka and the document store (unless KAFKA_BROKERS / MONGO_URL point
// elsewhere), the postal provider simulator (unless PROVIDER_BASE_URL points at a real provider)
// and the four services; prints where each listens; Ctrl-C stops everything cleanly.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '..');
const infra = path.join(root, 'infra/bin/infra');
const externalInfra = Boolean(process.env.KAFKA_BROKERS && process.env.MONGO_URL);

const env = {
  KAFKA_BROKERS: `127.0.0.1:${process.env.KAFKA_PORT || 9092}`,
  MONGO_URL: `mongodb://127.0.0.1:${process.env.MONGO_PORT || 27017}/`,
  INTAKE_GRPC_ADDR: '127.0.0.1:50051',
  PROCESSING_GRPC_ADDR: '127.0.0.1:50052',
  POSTAL_GRPC_ADDR: '127.0.0.1:50053',
  REPORTING_GRPC_ADDR: '127.0.0.1:50054',
  HTTP_PORT: '8083',
  SIMULATOR_PORT: '8090',
  ...process.env,
};
env.PROVIDER_BASE_URL = env.PROVIDER_BASE_URL || `http://127.0.0.1:${env.SIMULATOR_PORT}`;
env.WEBHOOK_URL = env.WEBHOOK_URL || `http://127.0.0.1:${env.HTTP_PORT}/webhooks/provider`;

const port = (addr) => addr.split(':').pop();
const processes = [
  ...(process.env.PROVIDER_BASE_URL ? [] : [{ name: 'postal-simulator', entry: 'infra/postal-simulator/dist/main.js', env: {} }]),
  { name: 'intake', entry: 'services/intake/dist/main.js', env: { GRPC_PORT: port(env.INTAKE_GRPC_ADDR) } },
  { name: 'processing', entry: 'services/processing/dist/main.js', env: { GRPC_PORT: port(env.PROCESSING_GRPC_ADDR) } },
  { name: 'postal-delivery', entry: 'services/postal-delivery/dist/main.js', env: { GRPC_PORT: port(env.POSTAL_GRPC_ADDR) } },
  { name: 'reporting', entry: 'services/reporting/dist/main.js', env: { GRPC_PORT: port(env.REPORTING_GRPC_ADDR) } },
];

// The infra script gets the caller's environment as it is: KAFKA_BROKERS / MONGO_URL set there
// mean "external, start nothing"; the defaults above are only for the services.
let startedInfra = false;
if (!externalInfra) {
  const before = execFileSync('bash', [infra, 'status'], { encoding: 'utf8', env: process.env });
  execFileSync('bash', [infra, 'up'], { stdio: 'inherit', env: process.env });
  startedInfra = !/kafka\s+running/.test(before) || !/ferretdb\s+running/.test(before);
}

const children = [];
let stopping = false;

function prefixLines(stream, name) {
  readline.createInterface({ input: stream }).on('line', (line) => {
    let shown = line;
    try {
      const j = JSON.parse(line);
      const { level, time, service, msg, ...rest } = j;
      shown = `${(time || '').slice(11, 19)} ${String(level).padEnd(5)} ${msg || ''} ${JSON.stringify(rest)}`;
    } catch { /* not JSON: print as is */ }
    process.stdout.write(`[${name}] ${shown}\n`);
  });
}

for (const p of processes) {
  const child = spawn(process.execPath, [path.join(root, p.entry)], { env: { ...env, ...p.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  prefixLines(child.stdout, p.name);
  prefixLines(child.stderr, p.name);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stdout.write(`[${p.name}] exited (${signal || code}); stopping the platform\n`);
      void stopAll(1);
    }
  });
  children.push({ ...p, child });
}

process.stdout.write(
  [
    '',
    'One-stop platform starting:',
    `  intake (desk)        gRPC ${env.INTAKE_GRPC_ADDR}`,
    `  processing           gRPC ${env.PROCESSING_GRPC_ADDR}`,
    `  postal-delivery      gRPC ${env.POSTAL_GRPC_ADDR}, provider webhook ${env.WEBHOOK_URL}`,
    `  reporting            gRPC ${env.REPORTING_GRPC_ADDR}`,
    `  postal provider      ${env.PROVIDER_BASE_URL}${process.env.PROVIDER_BASE_URL ? '' : ' (simulator)'}`,
    `  Kafka ${env.KAFKA_BROKERS}, document store ${env.MONGO_URL}`,
    'Tokens: npm run token -- --officer desk01 --role desk_officer --unit TRUCNINH',
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(({ child }) => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    })),
  );
  if (startedInfra && process.env.ONESTOP_KEEP_INFRA !== '1') execFileSync('bash', [infra, 'down'], { stdio: 'inherit', env: process.env });
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
