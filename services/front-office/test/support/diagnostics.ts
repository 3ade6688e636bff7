// What a failed browser test prints about the services behind the pages, since CI keeps no log
// files: each service's last warnings and errors, cut to level, time, component, consumer group,
// message and error message — no other field of a line, and nothing that is not one of pino's lines.
import * as fs from 'node:fs';
import * as path from 'node:path';

const LINES_PER_SERVICE = 15;
const MAX_LINE_CHARS = 300;
/** pino's levels from warn up, by label (as the services write them) and by number. */
const LEVELS = new Map<unknown, string>([
  ['warn', 'warn'],
  ['error', 'error'],
  ['fatal', 'fatal'],
  [40, 'warn'],
  [50, 'error'],
  [60, 'fatal'],
]);

/**
 * The last warnings and errors of each `<service>.log` in `logDir` (a run of the same message, as
 * kafkajs repeats while a broker settles, counted once), and where the logs are. `exited` names the
 * processes that are gone, with how they ended: their heading says so and their log's last lines,
 * JSON or not (an uncaught error is not pino's), follow.
 */
export function recentWarnings(logDir: string, exited: ReadonlyMap<string, string> = new Map()): string {
  const files = fs.existsSync(logDir) ? fs.readdirSync(logDir).filter((f) => f.endsWith('.log')) : [];
  const services = files.sort().map((file) => {
    const name = path.basename(file, '.log');
    const log = fs.readFileSync(path.join(logDir, file), 'utf8').split('\n');
    const lines = collapseRuns(log.flatMap(warningLine));
    const last = lines.slice(-LINES_PER_SERVICE);
    const count = lines.length > last.length ? `last ${last.length} of ${lines.length}` : String(lines.length);
    const ended = exited.get(name);
    const tail = ended
      ? [
          `  it ${ended}; its log ends:`,
          ...log
            .filter((l) => l.trim() !== '')
            .slice(-5)
            .map((l) => `    ${cut(l)}`),
        ]
      : [];
    return [`${name}: ${count} warnings and errors`, ...last.map((l) => `  ${l}`), ...tail].join('\n');
  });
  return [`the services' warnings and errors (logs in ${logDir}):`, ...services].join('\n');
}

/** Consecutive lines with the same text after their time, as the first of them and how many there were. */
function collapseRuns(lines: string[]): string[] {
  const out: { line: string; key: string; times: number }[] = [];
  for (const line of lines) {
    const key = line.replace(/ \d\d:\d\d:\d\d\.\d{3}Z/, '');
    const previous = out.at(-1);
    if (previous?.key === key) previous.times += 1;
    else out.push({ line, key, times: 1 });
  }
  return out.map(({ line, times }) => (times > 1 ? `${line} (×${times})` : line));
}

function cut(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS - 1)}…` : text;
}

/** A pino line at warn or above, shortened to its level, time, component, group, msg and error message. */
function warningLine(line: string): string[] {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return [];
  }
  if (typeof entry !== 'object' || entry === null) return [];
  const fields = entry as Record<string, unknown>;
  const level = LEVELS.get(fields.level);
  if (!level) return [];
  const where = [fields.component, fields.groupId].filter((f) => typeof f === 'string').join(' ');
  const err = errorMessage(fields.err) ?? errorMessage(fields.error);
  const text = [
    level,
    timeOfDay(fields.time),
    where ? `[${where}]` : '',
    typeof fields.msg === 'string' ? fields.msg.replace(/\s+/g, ' ') : '',
    err ? `— ${err}` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
  return [cut(text)];
}

/** An error field's message, first line: pino's serialized `err`, or a plain string (kafkajs' `error`). */
function errorMessage(value: unknown): string | undefined {
  const message = typeof value === 'object' && value !== null && 'message' in value ? value.message : value;
  return typeof message === 'string' && message !== '' ? message.split('\n')[0] : undefined;
}

/** hh:mm:ss.mmmZ of a line's time (ISO text or epoch milliseconds); the run is within a day. */
function timeOfDay(time: unknown): string {
  if (typeof time !== 'string' && typeof time !== 'number') return '';
  const at = new Date(time);
  return Number.isNaN(at.getTime()) ? String(time) : at.toISOString().slice(11);
}

/**
 * jest's `it` for a suite against a started platform: when a test fails, `diagnostics()` (the
 * platform's, once started) goes to stderr before the failure is reported.
 */
export function itWithDiagnostics(diagnostics: () => string | undefined): (name: string, test: () => Promise<void>) => void {
  return (name, test) =>
    it(name, async () => {
      try {
        await test();
      } catch (err) {
        let report: string | undefined;
        try {
          report = diagnostics();
        } catch (failed) {
          report = `no diagnostics: ${String(failed)}`;
        }
        if (report) process.stderr.write(`\n“${name}” failed; ${report}\n\n`);
        throw err;
      }
    });
}
