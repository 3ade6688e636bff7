// The progress of a long command as a person (or a script) watches it: @onestop/observability's
// Progress on stderr (bar with rate and ETA on a terminal, plain lines otherwise, JSON lines with
// --json), and Ctrl-C turned into a clean stop that says how to resume (exit code 130).
import { interruptible, Progress, progressMode } from '@onestop/observability';
import type { CliOutput } from './output';

/** Exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT = 130;

export interface WatchOptions {
  task: string;
  unit: string;
  json: boolean;
  /** Printed after an interruption: what was left as it was and the command that resumes. */
  resume: string;
}

export class CommandInterrupted extends Error {
  override readonly name = 'CommandInterrupted';
}

/**
 * Runs `work` with a Progress and an AbortSignal (aborted by the first Ctrl-C; `progress.update`
 * then throws, and so may the work itself). On an interruption, prints where it stopped and how
 * to resume, and throws CommandInterrupted (runCli exits 130).
 */
export async function watched<T>(
  io: CliOutput,
  o: WatchOptions,
  work: (progress: Progress, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  io.progressDone();
  const stop = interruptible((text) => io.err(text));
  const progress = new Progress({
    task: o.task,
    unit: o.unit,
    mode: progressMode({ json: o.json, isTTY: io.tty === true }),
    write: (text) => io.err(text),
    signal: stop.signal,
  });
  try {
    // Finished despite a late Ctrl-C (past the point where it could stop): it is done.
    const result = await work(progress, stop.signal);
    progress.finish();
    return result;
  } catch (err) {
    if (!stop.signal.aborted) throw err;
    progress.interrupted(o.resume);
    throw new CommandInterrupted(`${o.task} interrupted`, { cause: err });
  } finally {
    stop.dispose();
  }
}
