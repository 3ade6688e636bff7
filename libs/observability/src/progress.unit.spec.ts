import { EventEmitter } from 'node:events';
import { bar, describeProgress, formatDuration, Interrupted, interruptible, Progress, progressMode, snapshot } from './progress';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function progress(mode: 'tty' | 'lines' | 'json', signal?: AbortSignal) {
  const c = clock();
  const out: string[] = [];
  const p = new Progress({ task: 'replay', unit: 'events', mode, write: (t) => void out.push(t), now: c.now, signal });
  return { p, out, ...c };
}

describe('progress formatting', () => {
  it('formats durations, bars, rate and ETA', () => {
    expect([formatDuration(12), formatDuration(90), formatDuration(3725)]).toEqual(['12s', '1m30s', '1h02m']);
    expect(bar(0.5, 10)).toBe('[#####-----]');
    expect(bar(2, 4)).toBe('[####]');
    const s = snapshot('replay', 'events', { done: 250, total: 1000, phase: 'rebuilding' }, 5);
    expect(s.rate).toBe(50);
    expect(s.etaSeconds).toBe(15);
    expect(describeProgress(s, true)).toBe('replay: rebuilding [######------------------] 250/1,000 events 25.0% (50.0/s, 5s, ETA 15s)');
  });

  it('shows count and rate without a total, and no ETA', () => {
    const s = snapshot('verify', 'events', { done: 12_345 }, 10);
    expect(s.etaSeconds).toBeUndefined();
    expect(describeProgress(s, true)).toBe('verify: 12,345 events (1,235/s, 10s)');
  });

  it('chooses json for --json, a bar on a terminal, plain lines otherwise', () => {
    expect(progressMode({ json: true, isTTY: true })).toBe('json');
    expect(progressMode({ isTTY: true })).toBe('tty');
    expect(progressMode({ isTTY: false })).toBe('lines');
  });
});

describe('Progress', () => {
  it('on a terminal redraws one line in place, at most 10 times a second', () => {
    const { p, out, advance } = progress('tty');
    p.update({ done: 1, total: 10 });
    advance(50);
    p.update({ done: 2, total: 10 });
    advance(60);
    p.update({ done: 3, total: 10 });
    expect(out).toHaveLength(2);
    expect(out.every((l) => l.startsWith('\r\x1b[K') && !l.includes('\n'))).toBe(true);
    p.finish();
    expect(out.at(-1)).toBe('\n');
  });

  it('writes a plain line every 5 seconds otherwise, and at each new phase', () => {
    const { p, out, advance } = progress('lines');
    p.update({ done: 1, total: 100, phase: 'rebuilding' });
    advance(1000);
    p.update({ done: 20, total: 100, phase: 'rebuilding' });
    advance(4500);
    p.update({ done: 90, total: 100, phase: 'rebuilding' });
    p.update({ done: 100, total: 100, phase: 'switching' });
    expect(out).toEqual([
      'replay: rebuilding 1/100 events 1.0% (0.0/s, 0s)\n',
      'replay: rebuilding 90/100 events 90.0% (16.4/s, 6s, ETA 1s)\n',
      'replay: switching 100/100 events 100.0% (18.2/s, 6s, ETA 0s)\n',
    ]);
  });

  it('writes JSON lines for scripts', () => {
    const { p, out, advance } = progress('json');
    p.update({ done: 5, total: 10 });
    advance(2000);
    p.finish();
    const lines = out.map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'progress', task: 'replay', unit: 'events', done: 5, total: 10 });
    expect(lines.at(-1)).toMatchObject({ type: 'done', done: 5, total: 10, elapsedSeconds: 2, rate: 2.5, etaSeconds: 2 });
  });

  it('throws Interrupted at the next update once aborted, and says how to resume', () => {
    const controller = new AbortController();
    const { p, out } = progress('lines', controller.signal);
    p.update({ done: 3, total: 10 });
    controller.abort();
    expect(() => p.update({ done: 4, total: 10 })).toThrow(Interrupted);
    p.interrupted('resume with: npm run ops -- replay --force');
    expect(out.slice(-1)[0]).toBe('replay: interrupted after 4/10 events 40.0% (0.0/s, 0s)\nresume with: npm run ops -- replay --force\n');
  });
});

describe('interruptible', () => {
  it('aborts on the first Ctrl-C and exits 130 on the second', () => {
    const proc = new EventEmitter() as EventEmitter & { exit: jest.Mock };
    proc.exit = jest.fn();
    const out: string[] = [];
    const i = interruptible((t) => void out.push(t), proc as never);
    expect(i.signal.aborted).toBe(false);
    proc.emit('SIGINT');
    expect(i.signal.aborted).toBe(true);
    expect(out.join('')).toMatch(/stopping cleanly/);
    expect(proc.exit).not.toHaveBeenCalled();
    proc.emit('SIGINT');
    expect(proc.exit).toHaveBeenCalledWith(130);
    i.dispose();
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });
});
