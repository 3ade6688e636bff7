// Readiness probe for `infra up`: polls until Kafka answers a metadata request and the document
// store answers `ping`. No fixed sleeps; gives up after INFRA_READY_TIMEOUT_MS (default 180 s),
// or at once if a process we started has died.
'use strict';
const fs = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');
const { MongoClient } = require('mongodb');

const deadline = Date.now() + Number(process.env.INFRA_READY_TIMEOUT_MS || 180000);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

function assertAlive(pidFile, name) {
  if (!pidFile || !fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0);
  } catch {
    throw new Error(`${name} exited during start-up; see its log in .local/logs`);
  }
}

async function poll(name, pidFile, probe) {
  let last;
  for (let delay = 100; Date.now() < deadline; delay = Math.min(delay * 2, 1000)) {
    assertAlive(pidFile, name);
    try {
      await probe();
      process.stderr.write(`infra: ${name} ready\n`);
      return;
    } catch (e) {
      last = e;
    }
    await pause(delay);
  }
  throw new Error(`${name} not ready in time: ${last && last.message}`);
}

async function kafkaProbe() {
  const kafka = new Kafka({
    clientId: 'infra-ready',
    brokers: process.env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function mongoProbe() {
  const client = new MongoClient(process.env.MONGO_URL, { serverSelectionTimeoutMS: 1000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close().catch(() => {});
  }
}

Promise.all([poll('ferretdb', process.env.FERRETDB_PID_FILE, mongoProbe), poll('kafka', process.env.KAFKA_PID_FILE, kafkaProbe)]).catch(
  (e) => {
    process.stderr.write(`infra: ${e.message}\n`);
    process.exit(1);
  },
);
