// Replay rate of reporting over a generated history: `npm run ops -- replay` (the built CLI of
// whichever code is benchmarked) into a fresh reporting database, bounded in time. When the time
// bound cuts it short, the rate is what its progress lines said it had done by then.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { nowMs } from './stats';

export interface ReplayRun {
  events: number;
  seconds: number;
  finished: boolean;
  output: string;
  /** Seconds from the start to the first progress line of each phase the CLI printed. */
  phases: Record<string, number>;
}

export function runReplayCli(root: string, env: NodeJS.ProcessEnv, timeoutS: number): Promise<ReplayRun> {
  const started = nowMs();
  // BENCH_REPLAY_PROFILE=<dir>: a V8 CPU profile of the CLI (open it in Chrome's DevTools).
  const profile = env.BENCH_REPLAY_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_REPLAY_PROFILE}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, path.join(root, 'services/reporting/dist/cli/main.js'), 'replay', '--wait-instances', '0'],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let done = 0;
  let switched: number | null = null;
  const phases: Record<string, number> = {};
  const read = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-20_000);
    for (const m of text.matchAll(/rebuilding: (\d+)\/\d+ events/g)) done = Math.max(done, Number(m[1]));
    for (const m of text.matchAll(/replay v\d+ ([a-z ]+): /g)) phases[m[1]] ??= (nowMs() - started) / 1000;
    const s = /switched from v\d+ to v\d+ \((\d+) events/.exec(text);
    if (s) switched = Number(s[1]);
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const seconds = (nowMs() - started) / 1000;
      const finished = code === 0 && switched !== null;
      resolve({ events: finished ? (switched as number) : done, seconds, finished, output, phases });
    });
  });
}
