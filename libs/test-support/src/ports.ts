import * as net from 'node:net';

/** A TCP port free on 127.0.0.1 right now (the operating system's choice). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}

/**
 * `count` distinct TCP ports free on 127.0.0.1 right now, none of them in `taken` (ports handed out
 * before and perhaps not bound yet): all are held open until the last is chosen, so the operating
 * system cannot hand the same port out twice.
 */
export async function freePorts(count: number, taken: Iterable<number> = []): Promise<number[]> {
  const avoid = new Set(taken);
  const held: net.Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = net.createServer();
      server.unref();
      held.push(server);
      const port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
      });
      if (!avoid.has(port)) ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
