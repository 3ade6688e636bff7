// A relay's claim holds a connection while it publishes. PostgreSQL going away meanwhile (a
// restart, an administrator's terminate) must fail that claim, not the process: before, the held
// client emitted 'error' with no listener and Node exited.
import { randomUUID } from 'node:crypto';
import { testSchema } from './pg-test-support.spec';
import type { PostgresEventStore } from './store';

const t = testSchema('outbox_claim');
let store: PostgresEventStore;

beforeAll(async () => {
  store = await t.store('onestop.intake');
});

afterAll(async () => {
  await t.drop();
});

it('fails the claim whose connection the server terminated, and the pool goes on', async () => {
  const stream = `dossier-${randomUUID()}`;
  await store.append(stream, [{ type: 'onestop.test.v1.Happened', data: new Uint8Array([1]) }], { expectedVersion: 0 });
  const claim = await store.outbox.claim([stream]);
  expect(claim.commits).toHaveLength(1);

  // The claim's connection sits idle in its transaction, as while the relay waits for the broker.
  const terminated = await t.pool.query<{ ok: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
      WHERE state = 'idle in transaction' AND query LIKE $1 AND pid <> pg_backend_pid()`,
    [`%${t.schema}.commits%`],
  );
  expect(terminated.rows.map((r) => r.ok)).toEqual([true]);
  // Give the client time to notice: its 'error' event used to be the process's end.
  await new Promise((r) => setTimeout(r, 500));

  await expect(claim.release()).rejects.toThrow(/terminat/i);
  // Not marked: the next claim gets the commit again (published at least once).
  const again = await store.outbox.claim([stream]);
  expect(again.commits.map((c) => c.commitId)).toEqual(claim.commits.map((c) => c.commitId));
  await again.release();
});
