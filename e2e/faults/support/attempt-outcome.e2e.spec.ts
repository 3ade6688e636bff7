// What the fault suite's SIGTERM check counts as a call cut by a shutdown: grpc-js's own answers,
// against a real server that shuts down. A call sent once the server closed never reached it; a
// call the server had accepted and then dropped did.
import * as grpc from '@grpc/grpc-js';
import { neverReachedServer, type AttemptOutcome } from './workload';

const echo = {
  echo: {
    path: '/t.T/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
} as const;
const Client = grpc.makeGenericClientConstructor(echo, 'T');

function outcome(client: grpc.Client): Promise<AttemptOutcome> {
  return new Promise((resolve) =>
    (client as unknown as { echo: (b: Buffer, cb: (e: grpc.ServiceError | null) => void) => void }).echo(Buffer.from('x'), (e) =>
      resolve({ code: e?.code ?? grpc.status.OK, details: e?.details ?? '' }),
    ),
  );
}

async function serve(handler: grpc.handleUnaryCall<Buffer, Buffer>): Promise<{ server: grpc.Server; client: grpc.Client }> {
  const server = new grpc.Server();
  server.addService(echo, { echo: handler });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, client: new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) };
}

it('a call sent after the server shut down never reached it; one the server dropped mid-call did', async () => {
  const quick = await serve((call, cb) => cb(null, call.request));
  expect(await outcome(quick.client)).toEqual({ code: grpc.status.OK, details: '' });
  await new Promise<void>((resolve) => quick.server.tryShutdown(() => resolve()));
  const after = await outcome(quick.client);
  expect(after.code).toBe(grpc.status.UNAVAILABLE);
  expect(neverReachedServer(after)).toBe(true);
  quick.client.close();

  let accepted!: () => void;
  const inHandler = new Promise<void>((resolve) => (accepted = resolve));
  const slow = await serve(() => accepted()); // never answers
  const pending = outcome(slow.client);
  await inHandler;
  slow.server.forceShutdown();
  const dropped = await pending;
  expect(dropped.code).not.toBe(grpc.status.OK);
  expect(neverReachedServer(dropped)).toBe(false);
  slow.client.close();
});
