// Provides real Kafka and a real MongoDB-compatible store to the integration and e2e tiers:
//  1. KAFKA_BROKERS and MONGO_URL set -> use them as they are;
//  2. else a Docker engine answers -> start Kafka and MongoDB containers with testcontainers;
//  3. else -> `infra/bin/infra up` (Apache Kafka jars + FerretDB on 127.0.0.1), stopped again
//     afterwards only if this run started it.
// ONESTOP_SKIP_INFRA=1 skips all of it (unit tier only).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function dockerAvailable() {
  const r = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10000 });
  return r.status === 0;
}

async function startContainers() {
  const { GenericContainer, Wait } = require('testcontainers');
  const mongo = await new GenericContainer('mongo:7.0').withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/)).start();
  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: 9092, host: 19092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1', KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://localhost:19092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1', KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0', KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/)).start();
  globalThis.__ONESTOP_CONTAINERS__ = [kafka, mongo];
  process.env.KAFKA_BROKERS = `localhost:19092`;
  process.env.MONGO_URL = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/`;
}

module.exports = async function globalSetup() {
  if (process.env.ONESTOP_SKIP_INFRA === '1') return;
  if (process.env.KAFKA_BROKERS && process.env.MONGO_URL) return;
  if (dockerAvailable()) {
    await startContainers();
    return;
  }
  const status = execFileSync('bash', [path.join(root, 'infra/bin/infra'), 'status'], { encoding: 'utf8' });
  const wasRunning = /kafka\s+(running|external)/.test(status) && /ferretdb\s+running|mongo\s+external/.test(status);
  execFileSync('bash', [path.join(root, 'infra/bin/infra'), 'up'], { stdio: 'inherit' });
  globalThis.__ONESTOP_STARTED_INFRA__ = !wasRunning;
  // One of the two may be external (set by the caller); only the other one is local.
  process.env.KAFKA_BROKERS ||= `127.0.0.1:${process.env.KAFKA_PORT || 9092}`;
  process.env.MONGO_URL ||= `mongodb://127.0.0.1:${process.env.MONGO_PORT || 27017}/`;
};
