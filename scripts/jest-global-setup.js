// Provides real Kafka, a real MongoDB-compatible store and a real PostgreSQL to the integration
// and e2e tiers:
//  1. KAFKA_BROKERS, MONGO_URL and PG_URL all set -> use them as they are;
//  2. else a Docker engine answers -> start containers (apache/kafka, mongo:7.0, postgres:15)
//     with testcontainers for the ones not set;
//  3. else -> `infra/bin/infra up` (PostgreSQL cluster, FerretDB on it, Apache Kafka jars, all on
//     127.0.0.1; the ones set are external and not started), stopped again afterwards only if
//     this run started it.
// Either way KAFKA_BROKERS, MONGO_URL and PG_URL are exported for the tests.
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
  const started = [];
  globalThis.__ONESTOP_CONTAINERS__ = started;
  if (!process.env.MONGO_URL) {
    const mongo = await new GenericContainer('mongo:7.0')
      .withExposedPorts(27017)
      .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
      .start();
    started.push(mongo);
    process.env.MONGO_URL = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/`;
  }
  if (!process.env.PG_URL) {
    const pg = await new GenericContainer('postgres:15')
      .withExposedPorts(5432)
      .withEnvironment({ POSTGRES_USER: 'onestop', POSTGRES_PASSWORD: 'onestop', POSTGRES_DB: 'onestop' })
      // The image starts a temporary server for its init scripts first: the second "ready" is the real one.
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    started.push(pg);
    process.env.PG_URL = `postgres://onestop:onestop@${pg.getHost()}:${pg.getMappedPort(5432)}/onestop`;
  }
  if (!process.env.KAFKA_BROKERS) {
    const kafka = await new GenericContainer('apache/kafka:4.1.1')
      .withExposedPorts({ container: 9092, host: 19092 })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://localhost:19092',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start();
    started.push(kafka);
    process.env.KAFKA_BROKERS = 'localhost:19092';
  }
}

module.exports = async function globalSetup() {
  if (process.env.ONESTOP_SKIP_INFRA === '1') return;
  if (process.env.KAFKA_BROKERS && process.env.MONGO_URL && process.env.PG_URL) return;
  if (dockerAvailable()) {
    await startContainers();
    return;
  }
  const infra = path.join(root, 'infra/bin/infra');
  const status = execFileSync('bash', [infra, 'status'], { encoding: 'utf8' });
  const up = (name) => new RegExp(`^${name}\\s+(running|external)`, 'm').test(status);
  const wasRunning = up('postgres') && up('kafka') && (up('ferretdb') || up('mongo'));
  execFileSync('bash', [infra, 'up'], { stdio: 'inherit' });
  globalThis.__ONESTOP_STARTED_INFRA__ = !wasRunning;
  // Those set by the caller are external; the others are the local ones just started.
  process.env.KAFKA_BROKERS ||= `127.0.0.1:${process.env.KAFKA_PORT || 9092}`;
  process.env.MONGO_URL ||= `mongodb://127.0.0.1:${process.env.MONGO_PORT || 27017}/`;
  process.env.PG_URL ||= `postgres://onestop:onestop@127.0.0.1:${process.env.PG_PORT || 5432}/onestop`;
};
