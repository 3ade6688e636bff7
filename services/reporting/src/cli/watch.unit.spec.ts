import type { CliOutput } from './output';
import { CommandInterrupted, watched } from './watch';

function output(tty: boolean) {
  const io = { out: '', err: '' };
  const cli: CliOutput = {
    tty,
    out: (t) => void (io.out += t),
    err: (t) => void (io.err += t),
    progress: () => undefined,
    progressDone: () => undefined,
  };
  return { io, cli };
}

const options = (json = false) => ({ task: 'replay', unit: 'events', json, resume: 'run `npm run ops -- replay` again' });

describe('watched: progress and Ctrl-C of a long command', () => {
  it('draws a bar on a terminal and returns the result', async () => {
    const { io, cli } = output(true);
    const result = await watched(cli, options(), async (p) => {
      p.update({ done: 5, total: 10, phase: 'rebuilding' });
      return 42;
    });
    expect(result).toBe(42);
    // eslint-disable-next-line no-control-regex -- the terminal's erase-line sequence, on purpose
    expect(io.err).toMatch(/^\r\x1b\[Kreplay: rebuilding \[#+-+\] 5\/10 events 50\.0%/);
    expect(io.err.endsWith('\n')).toBe(true);
  });

  it('writes JSON lines with --json', async () => {
    const { io, cli } = output(true);
    await watched(cli, options(true), async (p) => p.update({ done: 1, total: 2 }));
    const lines = io.err
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['progress', 'progress', 'done']);
  });

  it('on Ctrl-C stops at the next update, says where and how to resume, and removes its handler', async () => {
    const { io, cli } = output(false);
    const before = process.listenerCount('SIGINT');
    const run = watched(cli, options(), async (p) => {
      p.update({ done: 3, total: 10 });
      process.emit('SIGINT');
      p.update({ done: 4, total: 10 });
      return 'not reached';
    });
    await expect(run).rejects.toBeInstanceOf(CommandInterrupted);
    expect(io.err).toMatch(/stopping cleanly/);
    expect(io.err).toMatch(/replay: interrupted after 4\/10 events 40\.0%/);
    expect(io.err).toMatch(/run `npm run ops -- replay` again\n$/);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('passes other failures through unchanged', async () => {
    const { cli } = output(false);
    await expect(
      watched(cli, options(), async () => {
        throw new Error('broker down');
      }),
    ).rejects.toThrow('broker down');
  });
});
