// Where the CLI writes: results to stdout, progress and errors to stderr (so results can be
// piped or redirected while progress stays visible).
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** A progress line: rewritten in place on a terminal, one line each otherwise. */
  progress(text: string): void;
  /** Ends a progress line on a terminal. */
  progressDone(): void;
  /** Whether stderr is a terminal (progress bars), false when unknown. */
  tty?: boolean;
}

export function processOutput(): CliOutput {
  const tty = process.stderr.isTTY === true;
  let pending = false;
  return {
    tty,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    progress: (text) => {
      if (tty) {
        process.stderr.write(`\r\x1b[K${text}`);
        pending = true;
      } else process.stderr.write(`${text}\n`);
    },
    progressDone: () => {
      if (pending) process.stderr.write('\n');
      pending = false;
    },
  };
}
