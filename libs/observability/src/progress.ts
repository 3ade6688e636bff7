// Progress of a long operation a person watches (ops replay, replay-check, verify, dead-letters
// replay, and later import and the demo), in one of three forms:
//   tty   — one line redrawn in place: bar, count, rate, ETA (at most 10 redraws a second);
//   lines — a plain line every `intervalMs` (default 5 s), for logs and pipes;
//   json  — one JSON object per line ({"type":"progress",…}), for scripts (`--json`).
// Ctrl-C: `interruptible()` turns the first SIGINT into an AbortSignal; the operation's next
// progress update then throws `Interrupted`, so the command unwinds through its own cleanup and
// prints how to resume. A second Ctrl-C exits at once (130).

export type ProgressMode = 'tty' | 'lines' | 'json';

export interface ProgressUpdate {
  done: number;
  /** Unknown totals show count and rate, without bar or ETA. */
  total?: number;
  /** What is happening now ("rebuilding", "kafka onestop.intake.events.v1"). */
  phase?: string;
}

export interface ProgressSnapshot extends ProgressUpdate {
  task: string;
  unit: string;
  elapsedSeconds: number;
  /** Per second, over the run so far. */
  rate: number;
  /** Seconds left at the current rate; undefined without a total or a rate. */
  etaSeconds?: number;
}

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly task: string) {
    super(`${task} interrupted`);
  }
}

export function progressMode(o: { json?: boolean; isTTY?: boolean }): ProgressMode {
  return o.json ? 'json' : o.isTTY ? 'tty' : 'lines';
}

/** 90 → "1m30s", 3725 → "1h02m", 12 → "12s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** 1234567 → "1,234,567". */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? formatCount(perSecond) : perSecond.toFixed(1);
}

/** `[#########-----------]` for `fraction` (0..1) in `width` characters between the brackets. */
export function bar(fraction: number, width = 24): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}

export function snapshot(task: string, unit: string, u: ProgressUpdate, elapsedSeconds: number): ProgressSnapshot {
  const rate = elapsedSeconds > 0 ? u.done / elapsedSeconds : 0;
  const left = u.total === undefined ? undefined : Math.max(0, u.total - u.done);
  const etaSeconds = left === undefined ? undefined : left === 0 ? 0 : rate > 0 ? left / rate : undefined;
  return { task, unit, ...u, elapsedSeconds, rate, etaSeconds };
}

/** The line of one snapshot, for the tty and lines forms. */
export function describeProgress(s: ProgressSnapshot, withBar: boolean): string {
  const phase = s.phase ? ` ${s.phase}` : '';
  const count = s.total === undefined ? `${formatCount(s.done)} ${s.unit}` : `${formatCount(s.done)}/${formatCount(s.total)} ${s.unit}`;
  const percent = s.total ? ` ${((100 * Math.min(s.done, s.total)) / s.total).toFixed(1)}%` : s.total === 0 ? ' 100.0%' : '';
  const drawn = withBar && s.total !== undefined ? ` ${bar(s.total === 0 ? 1 : s.done / s.total)}` : '';
  const eta = s.etaSeconds === undefined ? '' : `, ETA ${formatDuration(s.etaSeconds)}`;
  return `${s.task}:${phase}${drawn} ${count}${percent} (${formatRate(s.rate)}/s, ${formatDuration(s.elapsedSeconds)}${eta})`;
}

export interface ProgressOptions {
  task: string;
  /** What is counted: "events", "dead letters". */
  unit: string;
  mode: ProgressMode;
  /** Where progress goes (stderr: results stay alone on stdout). */
  write: (text: string) => void;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  /** Between plain lines (lines form); default 5000. */
  intervalMs?: number;
  /** Aborted → the next update() throws Interrupted. */
  signal?: AbortSignal;
}

export class Progress {
  private readonly now: () => number;
  private readonly started: number;
  private lastShown = Number.NEGATIVE_INFINITY;
  private last: ProgressUpdate = { done: 0 };
  private lineOpen = false;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? (() => Date.now());
    this.started = this.now();
  }

  get current(): ProgressSnapshot {
    return snapshot(this.o.task, this.o.unit, this.last, (this.now() - this.started) / 1000);
  }

  /** Records where the work is; shows it when due. Throws Interrupted once the signal is aborted. */
  update(u: ProgressUpdate): void {
    const phaseChanged = u.phase !== this.last.phase;
    this.last = { ...u };
    if (this.o.signal?.aborted) throw new Interrupted(this.o.task);
    const t = this.now();
    const every = this.o.mode === 'tty' ? 100 : this.o.mode === 'json' ? 1000 : (this.o.intervalMs ?? 5000);
    if (!phaseChanged && t - this.lastShown < every) return;
    this.lastShown = t;
    this.show();
  }

  /** A message of its own line (the tty bar is redrawn after it on the next update). */
  note(text: string): void {
    this.closeLine();
    if (this.o.mode === 'json') this.o.write(`${JSON.stringify({ type: 'note', task: this.o.task, message: text })}\n`);
    else this.o.write(`${text}\n`);
  }

  /** The last state, shown once more, and the line closed. */
  finish(): void {
    this.show();
    this.closeLine();
    if (this.o.mode === 'json') this.o.write(`${JSON.stringify({ type: 'done', ...this.current })}\n`);
  }

  /** After an interruption: where it stopped and how to resume. */
  interrupted(resume: string): void {
    this.closeLine();
    const s = this.current;
    if (this.o.mode === 'json') this.o.write(`${JSON.stringify({ type: 'interrupted', ...s, resume })}\n`);
    else this.o.write(`${this.o.task}: interrupted after ${describeProgress(s, false).slice(this.o.task.length + 2)}\n${resume}\n`);
  }

  private show(): void {
    const s = this.current;
    if (this.o.mode === 'json') this.o.write(`${JSON.stringify({ type: 'progress', ...s })}\n`);
    else if (this.o.mode === 'lines') this.o.write(`${describeProgress(s, false)}\n`);
    else {
      this.o.write(`\r\x1b[K${describeProgress(s, true)}`);
      this.lineOpen = true;
    }
  }

  private closeLine(): void {
    if (this.lineOpen) this.o.write('\n');
    this.lineOpen = false;
  }
}

export interface Interruptible {
  signal: AbortSignal;
  /** Removes the SIGINT handler. */
  dispose(): void;
}

/**
 * The first SIGINT (Ctrl-C) aborts `signal` and says the operation is stopping; a second one exits
 * at once with status 130. `proc` is injectable for tests.
 */
export function interruptible(write: (text: string) => void, proc: Pick<NodeJS.Process, 'on' | 'off' | 'exit'> = process): Interruptible {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) proc.exit(130);
    write('\nstopping cleanly… (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  proc.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => void proc.off('SIGINT', onSigint) };
}
