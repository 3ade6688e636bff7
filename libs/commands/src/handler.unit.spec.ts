import { EventStoreArgumentError } from '@onestop/eventstore';
import { type Command, CommandHandler, type StreamModel } from './handler';
import { DEFAULT_COMMIT_MAX_BYTES, KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from './message-budget';
import { accept, type CommandMeta, denied, describeRejection, precondition, reject, RejectionError } from './rejection';
import { MemoryEventStore } from './testing/memory-event-store.spec';

// A counter per stream, owned by a unit: enough to exercise the command path.
type CounterEvent = { type: 'Opened'; unit: string } | { type: 'Added'; n: number };
interface Counter {
  unit: string;
  total: number;
}

const model: StreamModel<CounterEvent, Counter> = {
  encode: (e) => ({ type: e.type, data: Buffer.from(JSON.stringify(e)) }),
  decode: (r) => JSON.parse(Buffer.from(r.data).toString()) as CounterEvent,
  initialState: () => ({ unit: '', total: 0 }),
  evolve: (s, e) => (e.type === 'Opened' ? { ...s, unit: e.unit } : { ...s, total: s.total + e.n }),
};

const meta = (requestId: string, unitCode = 'U1'): CommandMeta => ({
  requestId,
  correlationId: 'c',
  actor: { officerId: 'o', role: 'desk_officer', unitCode },
});

function add(streamId: string, n: number, name = 'Add'): Command<CounterEvent, Counter, { total: number }> {
  return {
    name,
    streamId,
    authorize: ({ state }, m) =>
      state.unit && state.unit !== m.actor.unitCode ? denied(`unit ${m.actor.unitCode} may not act for ${state.unit}`) : undefined,
    decide: ({ state }) => (state.total + n > 100 ? reject(precondition('too much')) : accept<CounterEvent>({ type: 'Added', n })),
    respond: ({ state }) => ({ total: state.total }),
  };
}

async function open(store: MemoryEventStore, streamId: string, unit: string): Promise<void> {
  await store.append(streamId, [model.encode({ type: 'Opened', unit })], { expectedVersion: 'no_stream' });
}

const noSleep = { sleep: async () => undefined, random: () => 0.5 };

describe('CommandHandler', () => {
  it('appends the decision with the request id and the answer {command, target, response}', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    const handler = new CommandHandler(store, model, noSleep);
    await expect(handler.execute(meta('r1'), add('a', 5))).resolves.toEqual({ total: 5 });
    const commit = await store.findByRequestId('r1');
    expect(commit?.result).toEqual({ command: 'Add', target: 'a', response: { total: 5 } });
    expect(commit?.events[0].metadata.requestId).toBe('r1');
  });

  it('answers a retry of the same command on the same target with the first answer, executing nothing', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    const handler = new CommandHandler(store, model, noSleep);
    await handler.execute(meta('r1'), add('a', 5));
    await expect(handler.execute(meta('r1'), add('a', 7))).resolves.toEqual({ total: 5 });
    expect(await store.streamVersion('a')).toBe(2);
  });

  it.each([
    ['another target', 'stream-b', 'Add', 'U1'],
    ['another command', 'stream-a', 'Subtract', 'U1'],
    ['another unit on the same target', 'stream-a', 'Add', 'U2'],
  ])('refuses a reused request id for %s with ALREADY_EXISTS naming only the request id', async (_what, target, name, unit) => {
    const store = new MemoryEventStore();
    await open(store, 'stream-a', 'U1');
    await open(store, 'stream-b', 'U1');
    const handler = new CommandHandler(store, model, noSleep);
    await handler.execute(meta('r1'), add('stream-a', 5));
    const before = store.commits.length;
    const handled = await handler.handle(meta('r1', unit), add(target, 9, name));
    expect(handled).toEqual({ kind: 'rejected', rejection: { kind: 'already_exists', message: expect.stringContaining('request_id r1') } });
    const message = handled.kind === 'rejected' && 'message' in handled.rejection ? handled.rejection.message : '';
    expect(message).not.toContain('stream-a');
    expect(message).not.toContain('5');
    expect(store.commits.length).toBe(before);
  });

  it('refuses an internal request id without an answer when a client reuses it', async () => {
    const store = new MemoryEventStore();
    await store.append('a', [model.encode({ type: 'Opened', unit: 'U1' })], { expectedVersion: 'no_stream', requestId: 'internal' });
    const handled = await new CommandHandler(store, model, noSleep).handle(meta('internal'), add('a', 1));
    expect(handled.kind === 'rejected' && handled.rejection.kind).toBe('already_exists');
  });

  it('authorises against the loaded state before deciding', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    const handled = await new CommandHandler(store, model, noSleep).handle(meta('r1', 'U2'), add('a', 1));
    expect(handled.kind === 'rejected' && handled.rejection.kind).toBe('denied');
    expect(store.appendCalls).toBe(1);
  });

  it('decides again after a version conflict, with jittered, growing backoff', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    const pauses: number[] = [];
    let intruders = 2;
    store.beforeAppend = async (id) => {
      if (intruders-- > 0) await store.append(id, [model.encode({ type: 'Added', n: 10 })], { expectedVersion: 'any' });
    };
    const handler = new CommandHandler(store, model, {
      random: () => 0.5,
      sleep: async (ms) => void pauses.push(ms),
      retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 1000 },
    });
    await expect(handler.execute(meta('r1'), add('a', 1))).resolves.toEqual({ total: 21 });
    expect(pauses).toEqual([5, 10]);
  });

  it('gives up after the bounded attempts with ABORTED', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    store.beforeAppend = async (id) => {
      if (store.appendCalls < 100) await store.append(id, [model.encode({ type: 'Added', n: 0 })], { expectedVersion: 'any' });
    };
    const handler = new CommandHandler(store, model, { ...noSleep, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    const handled = await handler.handle(meta('r1'), add('a', 1));
    expect(handled.kind === 'rejected' && handled.rejection.kind).toBe('aborted');
    expect(await store.findByRequestId('r1')).toBeNull();
  });

  it('answers a retry that raced the first attempt with the first answer (it checks the request record at each attempt)', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    const handler = new CommandHandler(store, model, noSleep);
    // Withdrawal-like: allowed once, so deciding on the first attempt's state would refuse.
    const once: Command<CounterEvent, Counter, { total: number }> = {
      ...add('a', 1, 'Once'),
      decide: ({ state }) => (state.total > 0 ? reject(precondition('already done')) : accept<CounterEvent>({ type: 'Added', n: 1 })),
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => handler.execute(meta('same'), once)));
    expect(answers).toEqual(Array.from({ length: 20 }, () => ({ total: 1 })));
    expect(await store.streamVersion('a')).toBe(2);
  });

  it('a duplicate detected by the store itself is answered like a retry', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    const handler = new CommandHandler(store, model, noSleep);
    store.beforeAppend = async () => {
      store.beforeAppend = undefined;
      await handler.execute(meta('r1'), add('a', 3));
    };
    await expect(handler.execute(meta('r1'), add('a', 3))).resolves.toEqual({ total: 3 });
    expect(await store.streamVersion('a')).toBe(2);
  });

  describe('a command on a stream made for it (freshStream)', () => {
    const create = (streamId: string, decide?: Command<CounterEvent, Counter, { total: number }>['decide']) => ({
      ...add(streamId, 1, 'Open'),
      target: 'unit:U1',
      freshStream: true,
      decide: decide ?? (() => accept<CounterEvent>({ type: 'Opened', unit: 'U1' }, { type: 'Added', n: 1 })),
    });

    it('decides without reading the stream or the request id, and a retry gets the first answer from the store', async () => {
      const store = new MemoryEventStore();
      const handler = new CommandHandler(store, model, noSleep);
      const reads = { stream: 0, request: 0 };
      const readStream = store.readStream.bind(store);
      const findByRequestId = store.findByRequestId.bind(store);
      store.readStream = (id: string) => (reads.stream++, readStream(id));
      store.findByRequestId = (id: string) => (reads.request++, findByRequestId(id));
      let beforeAppend: typeof reads | undefined;
      store.beforeAppend = async () => void (beforeAppend = { ...reads });
      await expect(handler.execute(meta('r1'), create('new-1'))).resolves.toEqual({ total: 1 });
      expect(beforeAppend).toEqual({ stream: 0, request: 0 });
      store.beforeAppend = undefined;
      // the retry makes another new stream: the store's duplicate answers it, nothing is written
      await expect(handler.execute(meta('r1'), create('new-2'))).resolves.toEqual({ total: 1 });
      expect(await store.streamVersion('new-2')).toBe(0);
      // another unit's officer, or another command, gets ALREADY_EXISTS
      await expect(handler.handle(meta('r1', 'U2'), create('new-3'))).resolves.toMatchObject({
        kind: 'rejected',
        rejection: { kind: 'already_exists' },
      });
      await expect(handler.handle(meta('r1'), { ...create('new-4'), name: 'Other' })).resolves.toMatchObject({
        kind: 'rejected',
        rejection: { kind: 'already_exists' },
      });
    });

    it('looks the request id up before an answer that writes nothing or a refusal', async () => {
      const store = new MemoryEventStore();
      await open(store, 'a', 'U1');
      const handler = new CommandHandler(store, model, noSleep);
      await handler.execute(meta('r1'), add('a', 5));
      await expect(
        handler.handle(
          meta('r1'),
          create('new-5', () => accept<CounterEvent>()),
        ),
      ).resolves.toMatchObject({
        kind: 'rejected',
        rejection: { kind: 'already_exists' },
      });
      await expect(
        handler.handle(
          meta('r1'),
          create('new-6', () => reject(precondition('no'))),
        ),
      ).resolves.toMatchObject({
        kind: 'rejected',
        rejection: { kind: 'already_exists' },
      });
      await expect(
        handler.execute(
          meta('r2'),
          create('new-7', () => accept<CounterEvent>()),
        ),
      ).resolves.toEqual({ total: 0 });
    });
  });

  it('retries a taken reservation by deciding again', async () => {
    const store = new MemoryEventStore();
    const handler = new CommandHandler(store, model, noSleep);
    await store.append('x', [model.encode({ type: 'Opened', unit: 'U1' })], {
      expectedVersion: 'no_stream',
      reservation: { key: 'K1', scope: 's', seq: 1 },
    });
    const seqs: number[] = [];
    const claim: Command<CounterEvent, Counter, string> = {
      name: 'Claim',
      streamId: 'y',
      authorize: () => undefined,
      decide: async (_l, attempt) => {
        const seq = attempt; // the first attempt tries a taken key
        seqs.push(seq);
        return { ok: true, events: [{ type: 'Opened', unit: 'U1' }], reservation: { key: `K${seq}`, scope: 's', seq } };
      },
      respond: () => 'ok',
    };
    await expect(handler.execute(meta('r1'), claim)).resolves.toBe('ok');
    expect(seqs).toEqual([1, 2]);
  });

  it('refuses a stale expected version, and may refuse to retry a conflict', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    const handler = new CommandHandler(store, model, noSleep);
    const stale = await handler.handle(meta('r1'), { ...add('a', 1), expectedVersion: 7 });
    expect(stale.kind === 'rejected' && stale.rejection.kind).toBe('aborted');
    store.beforeAppend = async (id) => {
      store.beforeAppend = undefined;
      await store.append(id, [model.encode({ type: 'Added', n: 1 })], { expectedVersion: 'any' });
    };
    const raced = await handler.handle(meta('r2'), { ...add('a', 1), retryAfter: () => false });
    expect(raced.kind === 'rejected' && raced.rejection.kind).toBe('aborted');
  });

  it('appends nothing for a decision without events, and throws rejections from execute()', async () => {
    const store = new MemoryEventStore();
    await open(store, 'a', 'U1');
    const handler = new CommandHandler(store, model, noSleep);
    await expect(handler.execute(meta('r1'), { ...add('a', 0), decide: () => accept<CounterEvent>() })).resolves.toEqual({ total: 0 });
    expect(await store.findByRequestId('r1')).toBeNull();
    await expect(handler.execute(meta('r2'), add('a', 500))).rejects.toBeInstanceOf(RejectionError);
  });

  it('lets an error that is not a conflict through', async () => {
    const store = new MemoryEventStore();
    store.beforeAppend = () => {
      throw new EventStoreArgumentError('streamId', 'bad');
    };
    await expect(new CommandHandler(store, model, noSleep).execute(meta('r1'), add('a', 1))).rejects.toBeInstanceOf(
      EventStoreArgumentError,
    );
  });

  it('refuses (INVALID_ARGUMENT, the Kafka budget named) a command whose events would not fit one Kafka message, storing nothing', async () => {
    // issue 15 §3: a 1.2 MB address was stored, then the relay could never publish it
    type Big = { type: 'Note'; text: string };
    const bigModel: StreamModel<Big, { n: number }> = {
      encode: (e) => ({ type: e.type, data: Buffer.from(e.text) }),
      decode: (r) => ({ type: 'Note', text: Buffer.from(r.data).toString() }),
      initialState: () => ({ n: 0 }),
      evolve: (s) => ({ n: s.n + 1 }),
    };
    const note = (text: string): Command<Big, { n: number }, { n: number }> => ({
      name: 'Note',
      streamId: 'big',
      authorize: () => undefined,
      decide: () => ({ ok: true, events: [{ type: 'Note', text }] }),
      respond: ({ state }) => ({ n: state.n }),
    });
    const store = new MemoryEventStore();
    const handler = new CommandHandler(store, bigModel, noSleep);
    const tooBig = await handler.handle(meta('r1'), note('x'.repeat(DEFAULT_COMMIT_MAX_BYTES)));
    expect(tooBig.kind).toBe('rejected');
    const rejection = tooBig.kind === 'rejected' ? tooBig.rejection : undefined;
    expect(rejection?.kind).toBe('invalid');
    const text = rejection ? describeRejection(rejection) : '';
    expect(text).toContain('(request)');
    expect(text).toContain(`${DEFAULT_COMMIT_MAX_BYTES}-byte budget of one Kafka message`);
    expect(await store.streamVersion('big')).toBe(0);
    expect(await store.findByRequestId('r1')).toBeNull();
    // just under the budget is stored; the budget stays below what the broker takes by default
    await expect(handler.execute(meta('r2'), note('x'.repeat(DEFAULT_COMMIT_MAX_BYTES - 2048)))).resolves.toEqual({ n: 1 });
    expect(DEFAULT_COMMIT_MAX_BYTES).toBeLessThan(KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
    // a smaller budget per handler
    const strict = new CommandHandler(store, bigModel, { ...noSleep, maxCommitBytes: 4096 });
    expect((await strict.handle(meta('r3'), note('x'.repeat(5000)))).kind).toBe('rejected');
  });

  describe('a numbered decision (the next number of a sequence, e.g. a dossier code)', () => {
    /** Opens a stream numbered in `scope`; refused past `limit` (like a day's 9999 codes). */
    const numberedOpen = (streamId: string, limit = 100): Command<CounterEvent, Counter, { unit: string }> => ({
      name: 'OpenNumbered',
      streamId,
      target: 'scope:S',
      authorize: () => undefined,
      decide: () => ({
        ok: true,
        numbered: {
          scope: 'S',
          decide: (seq) =>
            seq > limit
              ? { ok: false, rejection: precondition(`number ${seq} is past ${limit}`) }
              : { ok: true, events: [{ type: 'Opened', unit: `S-${seq}` }], key: `S-${seq}` },
        },
      }),
      respond: ({ state }) => ({ unit: state.unit }),
    });

    it('is decided for the number the store gives, stored with its key and answered like any other', async () => {
      const store = new MemoryEventStore();
      const handler = new CommandHandler(store, model, noSleep);
      await expect(handler.execute(meta('n1'), numberedOpen('a'))).resolves.toEqual({ unit: 'S-1' });
      await expect(handler.execute(meta('n2'), numberedOpen('b'))).resolves.toEqual({ unit: 'S-2' });
      expect((await store.findByRequestId('n2'))?.reservation).toEqual({ key: 'S-2', scope: 'S', seq: 2 });
      expect((await store.findByRequestId('n2'))?.result).toEqual({
        command: 'OpenNumbered',
        target: 'scope:S',
        response: { unit: 'S-2' },
      });
      // a retry gets the first answer, the number is not taken again
      await expect(handler.execute(meta('n1'), numberedOpen('c'))).resolves.toEqual({ unit: 'S-1' });
      expect(await store.maxReservedSeq('S')).toBe(2);
    });

    it('refuses when the decision for the given number is a rejection, writing nothing', async () => {
      const store = new MemoryEventStore();
      const handler = new CommandHandler(store, model, noSleep);
      await handler.execute(meta('n1'), numberedOpen('a', 1));
      const refused = await handler.handle(meta('n2'), numberedOpen('b', 1));
      expect(refused).toMatchObject({ kind: 'rejected', rejection: { kind: 'precondition', message: 'number 2 is past 1' } });
      expect(await store.streamVersion('b')).toBe(0);
      expect(await store.findByRequestId('n2')).toBeNull();
    });
  });
});
