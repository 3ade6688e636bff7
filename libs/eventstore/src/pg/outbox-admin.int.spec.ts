// The operator's view of the outbox on real PostgreSQL: pending and parked commits, and the retry
// of a parked one (which wakes the relays).
import { randomUUID } from 'node:crypto';
import { outboxState, retryParked } from './outbox-admin';
import { testSchema } from './pg-test-support.spec';
import type { PostgresEventStore } from './store';

const t = testSchema('outbox_admin');
let store: PostgresEventStore;
const ev = (n: number) => ({ type: 'onestop.test.v1.Happened', data: new Uint8Array([n]) });

beforeAll(async () => {
  store = await t.store('onestop.intake');
});

afterAll(async () => {
  await t.drop();
});

it('counts pending commits, lists parked ones with what waits behind them, and retries one by id', async () => {
  const parkedStream = `dossier-${randomUUID()}`;
  const freeStream = `dossier-${randomUUID()}`;
  await store.append(parkedStream, [ev(1), ev(2)], { expectedVersion: 0 });
  await store.append(parkedStream, [ev(3)], { expectedVersion: 2 });
  await store.append(freeStream, [ev(1)], { expectedVersion: 0 });
  expect(await outboxState(t.pool, t.schema)).toMatchObject({ pending: 3, parked: [] });

  // The relay parks the stream's first commit (the broker refused it for good).
  const parkedAt = new Date('2026-11-29T08:00:00.000Z');
  const claim = await store.outbox.claim([parkedStream]);
  await claim.park(`${parkedStream}:1`, 'MESSAGE_TOO_LARGE: message larger than the max message size', parkedAt);
  await claim.release();

  const state = await outboxState(t.pool, t.schema);
  expect(state.pending).toBe(1); // the free stream's; the parked stream's second commit waits
  expect(state.oldestPendingAt).toBeInstanceOf(Date);
  expect(state.parked).toEqual([
    {
      commitId: `${parkedStream}:1`,
      streamId: parkedStream,
      firstVersion: 1,
      lastVersion: 2,
      parkedAt,
      reason: 'MESSAGE_TOO_LARGE: message larger than the max message size',
      waitingBehind: 1,
    },
  ]);
  expect(await store.outbox.pendingStreams(10)).toEqual([freeStream]);

  expect(await retryParked(t.pool, t.schema, 'no-such-commit')).toEqual({ outcome: 'unknown' });
  expect(await retryParked(t.pool, t.schema, `${parkedStream}:3`)).toEqual({ outcome: 'not_parked', published: false });

  const woken: string[] = [];
  const listening = await store.listen((s) => woken.push(s));
  try {
    const retried = await retryParked(t.pool, t.schema, `${parkedStream}:1`);
    expect(retried).toEqual({ outcome: 'retrying', commit: state.parked[0] });
    for (let i = 0; i < 100 && woken.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(woken).toEqual([parkedStream]);
  } finally {
    await listening.close();
  }
  expect(await outboxState(t.pool, t.schema)).toMatchObject({ pending: 3, parked: [] });
  expect((await store.outbox.pendingStreams(10)).sort()).toEqual([parkedStream, freeStream].sort());
  // A second retry of the same commit changes nothing.
  expect(await retryParked(t.pool, t.schema, `${parkedStream}:1`)).toEqual({ outcome: 'not_parked', published: false });
});
