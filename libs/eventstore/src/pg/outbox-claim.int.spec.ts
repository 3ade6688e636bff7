// A relay's claim holds a connection while it publishes. PostgreSQL going away meanwhile (a
// restart, an administrator's terminate) must fail that claim, not the process: before, the held
// client emitted 'error' with no listener and Node exited. Also: what one claim reads, and whose
// commits a NOTIFY announces.
import { randomUUID } from 'node:crypto';
import { testSchema } from './pg-test-support.spec';
import { commitChannel } from './schema';
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

it('reads a stream in one claim up to its limit, in version order, and says when more is pending', async () => {
  const stream = `dossier-${randomUUID()}`;
  for (let v = 0; v < 201; v++)
    await store.append(stream, [{ type: 'onestop.test.v1.Happened', data: new Uint8Array([v % 256]) }], { expectedVersion: v });
  const first = await store.outbox.claim([stream, `dossier-${randomUUID()}`]);
  expect(first.claimed).toHaveLength(2);
  expect(first.commits.map((c) => c.firstVersion)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  expect(first.commits.every((c) => c.events.length === 1 && c.events[0].version === c.firstVersion)).toBe(true);
  expect(first.truncated).toEqual([stream]);
  await first.markPublished(
    first.commits.map((c) => c.commitId),
    new Date(),
  );
  // Another relay's claim meanwhile gets nothing of the stream: the first one holds it.
  const meanwhile = await store.outbox.claim([stream]);
  expect(meanwhile.claimed).toEqual([]);
  await meanwhile.release();
  await first.release();
  const rest = await store.outbox.claim([stream]);
  expect(rest.commits.map((c) => c.firstVersion)).toEqual([201]);
  expect(rest.truncated).toEqual([]);
  await rest.release();
});

it("tells a relay which NOTIFYs are its own store's commits and which another instance wrote", async () => {
  const heard: [string, string][] = [];
  const listening = await store.listen((streamId, origin) => heard.push([streamId, origin]));
  const other = await t.store('onestop.intake');
  try {
    const mine = `dossier-${randomUUID()}`;
    const theirs = `dossier-${randomUUID()}`;
    await store.append(mine, [{ type: 'onestop.test.v1.Happened', data: new Uint8Array([1]) }], { expectedVersion: 0 });
    await other.append(theirs, [{ type: 'onestop.test.v1.Happened', data: new Uint8Array([1]) }], { expectedVersion: 0 });
    await t.pool.query('SELECT pg_notify($1, $2)', [commitChannel(t.schema), 'released-by-ops']);
    for (let i = 0; i < 100 && heard.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([
      [mine, 'here'],
      [theirs, 'elsewhere'],
      ['released-by-ops', 'any'],
    ]);
  } finally {
    await listening.close();
  }
});
