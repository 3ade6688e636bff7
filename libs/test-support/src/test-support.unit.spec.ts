import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePorts, grpcCodeOf, startProcess, StopWaiting, vnTime, waitFor } from './index';

describe('vnTime', () => {
  it('reads Viet Nam local time (UTC+07:00)', () => {
    expect(vnTime('2026-03-04 16:59').toISOString()).toBe('2026-03-04T09:59:00.000Z');
    expect(vnTime('2026-03-04T08:00').toISOString()).toBe('2026-03-04T01:00:00.000Z');
    expect(vnTime('2020-01-01').toISOString()).toBe('2019-12-31T17:00:00.000Z');
  });

  it('refuses what is not a local time', () => {
    expect(() => vnTime('2026-13-04 08:00')).toThrow('bad local time "2026-13-04 08:00"');
    expect(() => vnTime('04/03/2026')).toThrow('bad local time');
  });
});

describe('waitFor', () => {
  it('returns the first truthy value, calling the probe again after falsy values and errors', async () => {
    const answers: (() => number | undefined)[] = [
      () => undefined,
      () => 0,
      () => {
        throw new Error('not yet');
      },
      () => 7,
    ];
    let calls = 0;
    await expect(waitFor('seven', () => answers[calls++]())).resolves.toBe(7);
    expect(calls).toBe(4);
  });

  it('names what it waited for and the last error when the time is up', async () => {
    await expect(
      waitFor(
        'the impossible',
        () => {
          throw new Error('still broken');
        },
        0,
      ),
    ).rejects.toThrow('waiting for the impossible (last error: still broken)');
  });

  it('stops at once on StopWaiting', async () => {
    let calls = 0;
    const probe = () => {
      calls += 1;
      throw new StopWaiting('the process exited');
    };
    await expect(waitFor('a dead process', probe, 60_000)).rejects.toThrow('the process exited');
    expect(calls).toBe(1);
  });
});

describe('grpcCodeOf', () => {
  it("says 'ok' for a call that answered and the status code of one refused", async () => {
    expect(await grpcCodeOf(Promise.resolve({}))).toBe('ok');
    expect(await grpcCodeOf(Promise.reject(Object.assign(new Error('denied'), { code: 7 })))).toBe(7);
  });

  it('throws on an error that carries no status code', async () => {
    await expect(grpcCodeOf(Promise.reject(new Error('not a gRPC error')))).rejects.toThrow('not a gRPC error');
  });
});

describe('freePorts', () => {
  it('hands out distinct ports, none of those already taken, each free to listen on', async () => {
    const first = await freePorts(3);
    const more = await freePorts(20, first);
    const all = [...first, ...more];
    expect(new Set(all).size).toBe(23);
    for (const port of all) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('startProcess', () => {
  it('is ready on what this process writes, not on a line an earlier process left in the same log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-process-'));
    const logFile = path.join(dir, 'service.log');
    const entry = path.join(dir, 'service.js');
    fs.writeFileSync(logFile, 'listening\n');
    fs.writeFileSync(entry, "setTimeout(() => console.log('listening'), 300); setTimeout(() => undefined, 5000);\n");
    const seen: string[] = [];
    const started = await startProcess({
      name: 'service',
      entry,
      env: process.env,
      logFile,
      ready: (log) => (seen.push(log), log.includes('listening')),
    });
    try {
      expect(seen[0]).toBe('');
      expect(seen.at(-1)).toBe('listening\n');
    } finally {
      await started.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
