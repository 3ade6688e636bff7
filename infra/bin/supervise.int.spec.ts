// The launcher's supervision (issue 15 §5): a killed service is started again with back-off and
// the others keep running. Real child processes, no timing assertions: the back-off schedule is
// read from what the supervisor announces.
import { Supervisor } from './supervise';

const idle = ['-e', 'setInterval(() => {}, 1 << 30)'];
const crash = ['-e', 'process.exit(3)'];

async function until<T>(what: string, probe: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + 30000;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const alive = (pid: number | undefined) => {
  try {
    process.kill(pid ?? -1, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Supervisor', () => {
  let sup: Supervisor | undefined;
  afterEach(async () => {
    await sup?.stop();
    sup = undefined;
  });

  it('restarts a service killed with SIGKILL and leaves the others running', async () => {
    const logs: string[] = [];
    sup = new Supervisor({ log: (name, m) => logs.push(`${name}: ${m}`), minDelayMs: 50 });
    const a = sup.add({ name: 'intake', command: process.execPath, args: idle });
    const b = sup.add({ name: 'reporting', command: process.execPath, args: idle });
    const firstA = await until('intake to start', () => a.child?.pid);
    const firstB = await until('reporting to start', () => b.child?.pid);

    process.kill(firstA, 'SIGKILL');
    const secondA = await until('intake to be restarted', () => a.child?.pid !== firstA && a.child?.pid);

    expect(alive(secondA)).toBe(true);
    expect(b.child?.pid).toBe(firstB);
    expect(alive(firstB)).toBe(true);
    expect(a.restarts).toBe(1);
    expect(b.restarts).toBe(0);
    expect(logs).toEqual(['intake: exited (SIGKILL); restarting in 50 ms (restart 1); the other services keep running']);

    await sup.stop();
    expect(alive(secondA)).toBe(false);
    expect(alive(firstB)).toBe(false);
  });

  it('doubles the delay while a service keeps crashing, up to the maximum', async () => {
    const delays: number[] = [];
    sup = new Supervisor({
      log: (_, m) => delays.push(Number(/restarting in (\d+) ms/.exec(m)?.[1])),
      minDelayMs: 10,
      maxDelayMs: 80,
      stableAfterMs: 3600000,
    });
    const e = sup.add({ name: 'processing', command: process.execPath, args: crash });
    await until('six restarts', () => e.restarts >= 6);
    expect(delays.slice(0, 6)).toEqual([10, 20, 40, 80, 80, 80]);
  });

  it('starts again from the minimum delay after a run that lasted long enough', async () => {
    const delays: number[] = [];
    sup = new Supervisor({ log: (_, m) => delays.push(Number(/restarting in (\d+) ms/.exec(m)?.[1])), minDelayMs: 10, stableAfterMs: 0 });
    const e = sup.add({ name: 'postal-delivery', command: process.execPath, args: crash });
    await until('three restarts', () => e.restarts >= 3);
    expect(delays.slice(0, 3)).toEqual([10, 10, 10]);
  });

  it('stops for good: no restart after stop()', async () => {
    const logs: string[] = [];
    sup = new Supervisor({ log: (name, m) => logs.push(`${name}: ${m}`), minDelayMs: 10 });
    const e = sup.add({ name: 'intake', command: process.execPath, args: idle });
    const pid = await until('intake to start', () => e.child?.pid);
    await sup.stop();
    expect(alive(pid)).toBe(false);
    expect(e.restarts).toBe(0);
    expect(logs).toEqual([]);
  });
});
