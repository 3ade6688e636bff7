// Raw baselines: what the engines under the platform do on this machine, without the platform —
// PostgreSQL single-row insert+commit, kafkajs produce (acks all) and consume of event-sized
// messages, and upserts / bulk inserts of read-model-sized documents into the document store.
import { randomUUID } from 'node:crypto';
import type { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { ensureTopics, type KafkaClient } from '@onestop/messaging';
import { nowMs, percentile, runPool, type RunResult } from './stats';

/** About the size of an encoded event with its CloudEvents headers. */
export const EVENT_BYTES = 700;

/** Single-row INSERT (autocommit: one transaction each) over `connections` connections. */
export async function pgInsertCommit(pgUrl: string, rows: number, connections: number): Promise<RunResult> {
  const pool = new Pool({ connectionString: pgUrl, max: connections });
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  try {
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(
      `CREATE TABLE ${schema}.events (position bigserial PRIMARY KEY, stream text NOT NULL, version int NOT NULL, data bytea NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream, version))`,
    );
    const payload = Buffer.alloc(EVENT_BYTES - 200, 7);
    return await runPool(rows, connections, (i) =>
      pool.query(`INSERT INTO ${schema}.events (stream, version, data) VALUES ($1, 1, $2)`, [`s-${i}`, payload]),
    );
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

/** Produces `count` event-sized messages (acks all, batches of `batch`), then consumes them all. */
export async function kafkaProduceConsume(
  kafka: KafkaClient,
  prefix: string,
  count: number,
  batch = 100,
): Promise<{ produce: RunResult; consumePerSecond: number; consumeSeconds: number }> {
  const topic = `${prefix}bench.raw`;
  await ensureTopics(kafka, [topic]);
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(EVENT_BYTES - 300, 1);
  const headers = {
    ce_id: randomUUID(),
    ce_type: 'onestop.intake.v1.DossierReceived',
    ce_source: 'onestop.intake',
    ce_time: new Date().toISOString(),
  };
  const batches = Math.ceil(count / batch);
  let produce: RunResult;
  try {
    produce = await runPool(batches, 1, (b) =>
      producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: Math.min(batch, count - b * batch) }, (_, i) => ({ key: `k-${b}-${i}`, value, headers })),
      }),
    );
  } finally {
    await producer.disconnect();
  }
  produce = { ...produce, count, perSecond: count / produce.seconds };
  const consumer = kafka.consumer({ groupId: `${prefix}bench.raw.${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  let seen = 0;
  const started = nowMs();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`raw consume: ${seen}/${count} after 300 s`)), 300_000);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch: b }) => {
            seen += b.messages.length;
            if (seen >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  const consumeSeconds = (nowMs() - started) / 1000;
  return { produce, consumePerSecond: count / consumeSeconds, consumeSeconds };
}

/** A document about the size and shape of a dossier view with its kept events (~6 KB). */
export function readModelDoc(i: number): Record<string, unknown> {
  const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000);
  return {
    dossierId: `d-${i}`,
    dossierCode: `TRUCNINH-240101-${i}`,
    status: 9,
    unitCode: 'TRUCNINH',
    agencyCode: 'TCKH',
    procedureCode: 'TCKH-01',
    receivedAt: at,
    dueAt: new Date(at.getTime() + 72 * 3_600_000),
    endedAt: null,
    lastRecordedAt: at,
    timeline: Array.from({ length: 10 }, (_, k) => ({
      at,
      recordedAt: at,
      eventType: 'onestop.processing.v1.StepCompleted',
      source: 'onestop.processing',
      summary: 'Bước thẩm định hoàn thành đúng hạn',
      actorId: 'cv01',
      status: 4,
      handoff: null,
      k,
    })),
    events: Array.from({ length: 10 }, (_, k) => ({
      id: randomUUID(),
      source: 'onestop.processing',
      type: 'onestop.processing.v1.StepCompleted',
      streamId: `d-${i}`,
      streamVersion: k + 1,
      recordedAt: at,
      data: Buffer.alloc(250, k),
      topic: 't',
      partition: 0,
      offset: String(k),
    })),
  };
}

/** replaceOne-upserts of `docs` distinct read-model documents with `writers` at once. */
export async function docUpserts(mongo: MongoClient, dbName: string, docs: number, writers: number): Promise<RunResult> {
  const collection = mongo.db(dbName).collection<{ _id: string }>(`raw_upserts_${randomUUID().slice(0, 8)}`);
  try {
    return await runPool(docs, writers, (i) => collection.replaceOne({ _id: `d-${i}` }, readModelDoc(i), { upsert: true }));
  } finally {
    await collection.drop().catch(() => undefined);
  }
}

/** insertMany (unordered, 500 a call) of `docs` read-model documents into an empty collection. */
export async function docBulkInsert(mongo: MongoClient, dbName: string, docs: number): Promise<RunResult> {
  const collection = mongo.db(dbName).collection<{ _id: string }>(`raw_bulk_${randomUUID().slice(0, 8)}`);
  const batch = 500;
  try {
    const all = Array.from({ length: docs }, (_, i) => ({ _id: `d-${i}`, ...readModelDoc(i) }));
    const r = await runPool(Math.ceil(docs / batch), 1, (b) =>
      collection.insertMany(all.slice(b * batch, (b + 1) * batch), { ordered: false }),
    );
    return { ...r, count: docs, perSecond: docs / r.seconds };
  } finally {
    await collection.drop().catch(() => undefined);
  }
}

export interface FindByIdProbe {
  documents: number;
  findP50Ms: number;
  replaceP50Ms: number;
}

/**
 * Reads and replaces by `_id` as a collection grows: read-model documents inserted (500 a call)
 * up to each size, then `probes` sequential findOne and replaceOne of random stored ids, p50 of
 * each. Flat when the store serves `_id` from an index, growing with the size when it scans.
 */
export async function docFindById(mongo: MongoClient, dbName: string, sizes: readonly number[], probes = 100): Promise<FindByIdProbe[]> {
  const collection = mongo.db(dbName).collection<{ _id: string }>(`raw_find_${randomUUID().slice(0, 8)}`);
  const out: FindByIdProbe[] = [];
  let stored = 0;
  try {
    for (const size of [...sizes].sort((a, b) => a - b)) {
      for (; stored < size; stored += 500) {
        const n = Math.min(500, size - stored);
        await collection.insertMany(
          Array.from({ length: n }, (_, k) => ({ _id: `d-${stored + k}`, ...readModelDoc(stored + k) })),
          { ordered: false },
        );
      }
      const ids = Array.from({ length: probes }, () => `d-${Math.floor(Math.random() * size)}`);
      const time = async (op: (id: string) => Promise<unknown>) => {
        const ms: number[] = [];
        for (const id of ids) {
          const t = nowMs();
          await op(id);
          ms.push(nowMs() - t);
        }
        return percentile(ms, 50);
      };
      const findP50Ms = await time((id) => collection.findOne({ _id: id }));
      const replaceP50Ms = await time((id) => collection.replaceOne({ _id: id }, readModelDoc(Number(id.slice(2)))));
      out.push({ documents: size, findP50Ms, replaceP50Ms });
    }
    return out;
  } finally {
    await collection.drop().catch(() => undefined);
  }
}
