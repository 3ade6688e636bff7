// Starting a built service as a process the way an operator does (node dist/main.js), with its
// output in a log file, waiting until it is ready, and stopping it again.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { StopWaiting, waitFor } from './wait';

export interface ProcessSpec {
  /** Names the process in errors. */
  name: string;
  /** The script node runs. */
  entry: string;
  /** Arguments after the script. */
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** Where stdout and stderr go (appended). */
  logFile: string;
  /**
   * Ready when this returns something truthy; given what this process has written to the log so
   * far (a log appended to by earlier processes does not count). Without it, ready at once.
   */
  ready?: (log: string) => unknown;
  readyTimeoutMs?: number;
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** The log so far. */
  log: () => string;
  /** Sends `signal` (SIGKILL after `killAfterMs` if the process is still there) and waits for the exit. */
  stop: (signal?: NodeJS.Signals, killAfterMs?: number) => Promise<number | null>;
}

export async function startProcess(spec: ProcessSpec): Promise<RunningProcess> {
  const before = fs.existsSync(spec.logFile) ? fs.readFileSync(spec.logFile, 'utf8').length : 0;
  const out = fs.openSync(spec.logFile, 'a');
  const child = spawn(process.execPath, [spec.entry, ...(spec.args ?? [])], { env: spec.env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log = () => fs.readFileSync(spec.logFile, 'utf8');
  const running: RunningProcess = {
    name: spec.name,
    child,
    logFile: spec.logFile,
    exited,
    log,
    async stop(signal = 'SIGTERM', killAfterMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  const { ready } = spec;
  if (ready) {
    // A process that never gets ready does not outlive the test that started it.
    await waitFor(
      `${spec.name} to be ready (log: ${spec.logFile})`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new StopWaiting(`${spec.name} exited; log:\n${log().slice(-3000)}`);
        return ready(log().slice(before));
      },
      spec.readyTimeoutMs ?? 60_000,
    ).catch(async (err: unknown) => {
      await running.stop('SIGKILL');
      throw err;
    });
  }
  return running;
}
