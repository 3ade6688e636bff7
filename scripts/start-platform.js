// `npm start`: brings up PostgreSQL, FerretDB and Kafka (unless PG_URL / MONGO_URL /
// KAFKA_BROKERS point elsewhere), the postal provider simulator (unless PROVIDER_BASE_URL points
// at a real provider) and the four services; prints where each listens. A service that exits is
// started again with back-off while the rest keep running; Ctrl-C stops everything cleanly.
// AUTH_JWT_SECRET and PROVIDER_WEBHOOK_SECRET come from the environment or from this
// installation's generated .local/secrets.env (`npm start -- --rotate-secrets` makes new ones).
// `npm start -- --instances N` (or ONESTOP_INSTANCES=N) runs N instances of each service, each on
// its own ports (the first on the usual ones, the k-th on them + 10·(k-1)); they share the event
// stores and Kafka consumer groups, so the topics' partitions spread the work among them.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { Supervisor } = require('../infra/bin/supervise');
const { loadDevSecrets } = require('../infra/bin/dev-secrets');

const root = path.resolve(__dirname, '..');
const infra = path.join(root, 'infra/bin/infra');
const externalInfra = Boolean(process.env.KAFKA_BROKERS && process.env.MONGO_URL && process.env.PG_URL);
const secrets = loadDevSecrets({ root, rotate: process.argv.includes('--rotate-secrets') });

const env = {
  KAFKA_BROKERS: `127.0.0.1:${process.env.KAFKA_PORT || 9092}`,
  MONGO_URL: `mongodb://127.0.0.1:${process.env.MONGO_PORT || 27017}/`,
  // The local cluster of infra/bin/infra (development password, see README).
  PG_URL: `postgres://onestop:onestop@127.0.0.1:${process.env.PG_PORT || 5432}/onestop`,
  INTAKE_GRPC_ADDR: '127.0.0.1:50051',
  PROCESSING_GRPC_ADDR: '127.0.0.1:50052',
  POSTAL_GRPC_ADDR: '127.0.0.1:50053',
  REPORTING_GRPC_ADDR: '127.0.0.1:50054',
  HTTP_PORT: '8083',
  SIMULATOR_PORT: '8090',
  FRONT_OFFICE_PORT: '8080',
  // Demo accounts (one per role, printed by the front office) on a developer's machine only.
  DEMO_ACCOUNTS: process.env.NODE_ENV === 'production' ? 'false' : 'true',
  ...process.env,
  ...secrets.values,
};
env.PROVIDER_BASE_URL = env.PROVIDER_BASE_URL || `http://127.0.0.1:${env.SIMULATOR_PORT}`;
env.WEBHOOK_URL = env.WEBHOOK_URL || `http://127.0.0.1:${env.HTTP_PORT}/webhooks/provider`;

const instances = instanceCount(process.argv.slice(2), process.env.ONESTOP_INSTANCES);
const port = (addr) => Number(addr.split(':').pop());
const host = (addr) => addr.slice(0, addr.lastIndexOf(':'));
const services = [
  { name: 'intake', entry: 'services/intake/dist/main.js', addr: env.INTAKE_GRPC_ADDR, metrics: 9451 },
  { name: 'processing', entry: 'services/processing/dist/main.js', addr: env.PROCESSING_GRPC_ADDR, metrics: 9452 },
  {
    name: 'postal-delivery',
    entry: 'services/postal-delivery/dist/main.js',
    addr: env.POSTAL_GRPC_ADDR,
    metrics: 9453,
    http: Number(env.HTTP_PORT),
  },
  { name: 'reporting', entry: 'services/reporting/dist/main.js', addr: env.REPORTING_GRPC_ADDR, metrics: 9454 },
];
const processes = [
  ...(process.env.PROVIDER_BASE_URL
    ? []
    : [{ name: 'postal-simulator', entry: 'infra/postal-simulator/dist/main.js', env: {}, shown: '' }]),
  ...services.flatMap((s) => instancePlan(s, instances)),
  // The web pages: one instance (it keeps no dossier data; scale it behind a load balancer if needed).
  { name: 'front-office', entry: 'services/front-office/dist/main.js', env: {}, shown: '' },
];

/** N from `--instances N` / `--instances=N`, else ONESTOP_INSTANCES, else 1; anything else stops with a named error. */
function instanceCount(argv, fromEnv) {
  let raw = fromEnv;
  let what = 'ONESTOP_INSTANCES';
  argv.forEach((a, i) => {
    if (a === '--instances') {
      raw = argv[i + 1];
      what = '--instances';
    } else if (a.startsWith('--instances=')) {
      raw = a.slice('--instances='.length);
      what = '--instances';
    }
  });
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 9) {
    process.stderr.write(`${what}: expected a whole number of instances from 1 to 9, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

/** The processes of one service: instance k (1-based) listens on the base ports + 10·(k-1). */
function instancePlan(s, n) {
  return Array.from({ length: n }, (_, i) => {
    const shift = 10 * i;
    const name = n === 1 ? s.name : `${s.name}#${i + 1}`;
    const grpcPort = port(s.addr) + shift;
    const e = { GRPC_PORT: String(grpcPort), METRICS_PORT: String(s.metrics + shift) };
    if (s.http) e.HTTP_PORT = String(s.http + shift);
    const shown = `gRPC ${host(s.addr)}:${grpcPort}${s.http ? `, HTTP ${s.http + shift}` : ''}`;
    return { name, service: s.name, entry: s.entry, env: e, shown };
  });
}

// The infra script gets the caller's environment as it is: KAFKA_BROKERS / MONGO_URL / PG_URL set there
// mean "external, start nothing"; the defaults above are only for the services.
let startedInfra = false;
if (!externalInfra) {
  const before = execFileSync('bash', [infra, 'status'], { encoding: 'utf8', env: process.env });
  execFileSync('bash', [infra, 'up'], { stdio: 'inherit', env: process.env });
  const running = (name) => new RegExp(`^${name}\\s+(running|external)`, 'm').test(before);
  startedInfra = !running('postgres') || !running('kafka') || !(running('ferretdb') || /^mongo\s+external/m.test(before));
}

let stopping = false;

function prefixLines(stream, name) {
  readline.createInterface({ input: stream }).on('line', (line) => {
    let shown = line;
    try {
      const j = JSON.parse(line);
      const { level, time, service, msg, ...rest } = j;
      shown = `${(time || '').slice(11, 19)} ${String(level).padEnd(5)} ${msg || ''} ${JSON.stringify(rest)}`;
    } catch {
      /* not JSON: print as is */
    }
    process.stdout.write(`[${name}] ${shown}\n`);
  });
}

const supervisor = new Supervisor({ log: (name, message) => process.stdout.write(`[${name}] ${message}\n`) });
for (const p of processes) {
  supervisor.add({
    name: p.name,
    command: process.execPath,
    args: [path.join(root, p.entry)],
    env: { ...env, ...p.env },
    onStart: (child) => {
      prefixLines(child.stdout, p.name);
      prefixLines(child.stderr, p.name);
    },
  });
}

const listening = processes.filter((p) => p.service).map((p) => `  ${p.name.padEnd(20)} ${p.shown}`);
const rel = path.relative(root, secrets.file);
const secretLines = [
  `Secrets: ${Object.keys(secrets.values)
    .map((k) => `${k} ${secrets.fromEnv.includes(k) ? '(from the environment)' : `(${rel})`}`)
    .join(', ')}`,
  ...(secrets.generated.length ? [`  generated for this installation: ${secrets.generated.join(', ')} in ${rel} (mode 600)`] : []),
  '  rotate: stop, then `npm start -- --rotate-secrets` (tokens issued before stop working; `npm run token` reads the new file)',
];
process.stdout.write(
  [
    '',
    'One-stop platform starting:',
    ...listening,
    `  provider webhook     ${env.WEBHOOK_URL}${instances > 1 ? ' (postal-delivery instance 1; the others serve it on their own HTTP ports)' : ''}`,
    `  front office (web)   http://127.0.0.1:${env.FRONT_OFFICE_PORT}  (demo accounts printed below, development only: today's desk is motcua.cole)`,
    `  postal provider      ${env.PROVIDER_BASE_URL}${process.env.PROVIDER_BASE_URL ? '' : ' (simulator)'}`,
    `  Kafka ${env.KAFKA_BROKERS}, document store ${env.MONGO_URL}, PostgreSQL ${redact(env.PG_URL)}`,
    // A unit of today's map (Cổ Lễ commune's centre): TRUCNINH and the 2020 district were dissolved on 1 July 2025.
    'Tokens: npm run token -- --officer desk01 --role desk_officer --unit XCOLE',
    ...secretLines,
    'A service that exits is restarted with back-off; Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(PG_URL)';
  }
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  await supervisor.stop();
  if (startedInfra && process.env.ONESTOP_KEEP_INFRA !== '1') execFileSync('bash', [infra, 'down'], { stdio: 'inherit', env: process.env });
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
