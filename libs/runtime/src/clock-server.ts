// The shared simulated clock's endpoint (simulation only; `npm start -- --simulation` serves it
// on 127.0.0.1). GET /clock?after=V&wait=MS&who=ID answers the reading once its version is past V
// (long poll, at most MS); a request with after=V tells that ID has taken in version V. POST /clock {"now": ISO} moves the
// clock forward (never back) and answers once every follower seen in the last 15 s has read the
// new version (or after 10 s), so the next command any service handles sees the new date.
import * as http from 'node:http';
import type { ClockReading } from './clock';

export interface ClockServer {
  port: number;
  reading(): ClockReading;
  advance(to: Date): Promise<{ reading: ClockReading; followers: number; lagging: string[] }>;
  close(): Promise<void>;
}

const FOLLOWER_GONE_MS = 15_000;

export async function startClockServer(o: { host?: string; port?: number; start: Date }): Promise<ClockServer> {
  let reading: ClockReading = { version: 1, nowMs: o.start.getTime() };
  let setAt = Date.now();
  const waiting = new Set<() => void>();
  const followers = new Map<string, { seen: number; at: number }>();
  const current = (): ClockReading => reading;
  const projected = () => reading.nowMs + (Date.now() - setAt);

  async function advance(to: Date) {
    const target = to.getTime();
    if (!Number.isFinite(target)) throw new Error('now: not a valid instant');
    reading = { version: reading.version + 1, nowMs: Math.max(target, projected()) };
    setAt = Date.now();
    for (const wake of [...waiting]) wake();
    const deadline = Date.now() + 10_000;
    const live = () => [...followers].filter(([, f]) => Date.now() - f.at < FOLLOWER_GONE_MS);
    for (;;) {
      const lagging = live()
        .filter(([, f]) => f.seen < reading.version)
        .map(([id]) => id);
      if (lagging.length === 0 || Date.now() > deadline) return { reading, followers: live().length, lagging };
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://clock');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/clock') return send(404, { error: 'not found' });
    if (req.method === 'GET') {
      const after = Number(url.searchParams.get('after') ?? -1);
      const waitMs = Math.min(Number(url.searchParams.get('wait') ?? 0) || 0, 30_000);
      const who = url.searchParams.get('who') ?? '';
      // A follower has taken in version `after` once it asks for what comes after it.
      if (who) followers.set(who, { seen: after, at: Date.now() });
      const answer = () => {
        const r = current();
        if (who) followers.set(who, { seen: after, at: Date.now() });
        send(200, { version: r.version, nowMs: projected(), now: new Date(projected()).toISOString() });
      };
      if (reading.version > after || waitMs === 0) return answer();
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        answer();
      };
      const timer = setTimeout(() => {
        waiting.delete(wake);
        send(200, { version: reading.version, nowMs: projected(), now: new Date(projected()).toISOString() });
      }, waitMs);
      waiting.add(wake);
      req.on('close', () => {
        if (!res.writableEnded) {
          clearTimeout(timer);
          waiting.delete(wake);
        }
      });
      return;
    }
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        let to: Date;
        try {
          to = new Date((JSON.parse(body) as { now?: string }).now ?? '');
        } catch {
          return send(400, { error: 'now: expected {"now": "<ISO instant>"}' });
        }
        if (Number.isNaN(to.getTime())) return send(400, { error: 'now: expected an ISO instant' });
        advance(to).then(
          (r) => send(200, { version: r.reading.version, nowMs: r.reading.nowMs, followers: r.followers, lagging: r.lagging }),
          (e: Error) => send(400, { error: e.message }),
        );
      });
      return;
    }
    send(405, { error: 'GET or POST' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    reading: current,
    advance,
    close: () =>
      new Promise((resolve) => {
        for (const wake of [...waiting]) wake();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
