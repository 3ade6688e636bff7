// What the test setup exports (scripts/jest-global-setup.js: external URLs, containers or
// infra/bin/infra) answers: PostgreSQL at PG_URL with room for a schema of a service's own, the
// MongoDB API at MONGO_URL, Kafka at KAFKA_BROKERS.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';

const unique = `infra_probe_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

describe('infrastructure exported to the tests', () => {
  it('PostgreSQL at PG_URL: a schema of its own, a table, a unique constraint that holds', async () => {
    expect(process.env.PG_URL).toMatch(/^postgres(ql)?:\/\//);
    const pg = new Client({ connectionString: process.env.PG_URL });
    await pg.connect();
    try {
      await pg.query(`CREATE SCHEMA ${unique}`);
      await pg.query(`CREATE TABLE ${unique}.events (stream text, version int, PRIMARY KEY (stream, version))`);
      await pg.query(`INSERT INTO ${unique}.events VALUES ('s', 1)`);
      await expect(pg.query(`INSERT INTO ${unique}.events VALUES ('s', 1)`)).rejects.toMatchObject({ code: '23505' });
      const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${unique}.events`);
      expect(rows[0]?.n).toBe('1');
    } finally {
      await pg.query(`DROP SCHEMA IF EXISTS ${unique} CASCADE`);
      await pg.end();
    }
  });

  it('the MongoDB API at MONGO_URL stores and finds a document', async () => {
    const client = new MongoClient(process.env.MONGO_URL as string);
    await client.connect();
    try {
      const db = client.db(unique);
      await db.collection('views').insertOne({ _id: 'd1' as never, status: 'RECEIVED' });
      await db.collection('views').updateOne({ _id: 'd1' as never }, { $set: { status: 'DONE' } });
      expect(await db.collection('views').findOne({ _id: 'd1' as never })).toEqual({ _id: 'd1', status: 'DONE' });
      await db.dropDatabase();
    } finally {
      await client.close();
    }
  });

  it('Kafka at KAFKA_BROKERS answers a metadata request', async () => {
    const admin = new Kafka({
      clientId: unique,
      brokers: (process.env.KAFKA_BROKERS as string).split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      expect((await admin.describeCluster()).brokers.length).toBeGreaterThan(0);
    } finally {
      await admin.disconnect();
    }
  });
});
