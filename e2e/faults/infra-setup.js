// Starts the fault suite's private infrastructure: PostgreSQL, FerretDB and Kafka through
// infra/bin/infra with a temporary ONESTOP_INFRA_DIR and ports of their own (FAULTS_KAFKA_PORT
// [29092], FAULTS_KAFKA_CONTROLLER_PORT [29093], FAULTS_MONGO_PORT [27117], FAULTS_PG_PORT
// [25432]; all below Linux's ephemeral range, 32768-60999, so no outgoing connection of the
// tests before can be holding one of them). The Kafka jars and the FerretDB binary are reused from an existing infra directory
// (FAULTS_REUSE_INFRA_DIR, else the checkout's .local) when it has them, so nothing is rebuilt.
// Whatever KAFKA_BROKERS / MONGO_URL / PG_URL the caller exported is ignored here: the suite
// stops these servers, so they must be its own.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

function infraEnv(dir) {
  const env = { ...process.env };
  for (const k of ['KAFKA_BROKERS', 'MONGO_URL', 'PG_URL', 'FERRETDB_POSTGRESQL_URL', 'ONESTOP_PG_DIR']) delete env[k];
  return {
    ...env,
    ONESTOP_INFRA_DIR: dir,
    KAFKA_PORT: process.env.FAULTS_KAFKA_PORT || '29092',
    KAFKA_CONTROLLER_PORT: process.env.FAULTS_KAFKA_CONTROLLER_PORT || '29093',
    MONGO_PORT: process.env.FAULTS_MONGO_PORT || '27117',
    PG_PORT: process.env.FAULTS_PG_PORT || '25432',
    KAFKA_HEAP: process.env.FAULTS_KAFKA_HEAP || '-Xmx512m -Xms128m',
  };
}

/** Links the built artefacts of `from` into `dir` (infra/bin/infra checks their stamps, as for its own). */
function reuseArtefacts(from, dir) {
  const libs = path.join(from, 'kafka-libs');
  if (fs.existsSync(path.join(libs, '.pom.sha'))) fs.symlinkSync(libs, path.join(dir, 'kafka-libs'));
  const ferret = path.join(from, 'bin/ferretdb');
  if (fs.existsSync(ferret) && fs.existsSync(path.join(from, 'bin/.ferretdb.sha'))) {
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    fs.symlinkSync(ferret, path.join(dir, 'bin/ferretdb'));
    fs.copyFileSync(path.join(from, 'bin/.ferretdb.sha'), path.join(dir, 'bin/.ferretdb.sha'));
  }
}

module.exports = async function faultsInfraSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-faults-'));
  reuseArtefacts(process.env.FAULTS_REUSE_INFRA_DIR || process.env.ONESTOP_INFRA_DIR || path.join(root, '.local'), dir);
  const env = infraEnv(dir);
  globalThis.__FAULTS_INFRA__ = { dir, env };
  process.stderr.write(`faults: private infrastructure in ${dir}\n`);
  execFileSync('bash', [path.join(root, 'infra/bin/infra'), 'up'], { stdio: 'inherit', env });
  process.env.FAULTS_INFRA_DIR = dir;
  process.env.KAFKA_BROKERS = `127.0.0.1:${env.KAFKA_PORT}`;
  process.env.MONGO_URL = `mongodb://127.0.0.1:${env.MONGO_PORT}/`;
  process.env.PG_URL = `postgres://onestop:onestop@127.0.0.1:${env.PG_PORT}/onestop`;
  for (const k of ['KAFKA_PORT', 'KAFKA_CONTROLLER_PORT', 'MONGO_PORT', 'PG_PORT', 'KAFKA_HEAP']) process.env[`FAULTS_${k}`] = env[k];
};

module.exports.infraEnv = infraEnv;
