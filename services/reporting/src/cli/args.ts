// Argument parsing for the operators' CLI: node's parseArgs in strict mode, with messages that
// name the option and say what is expected.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in the command line or the environment: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

interface OptionDef {
  type: 'string' | 'boolean';
  multiple?: boolean;
}

/** The parsed value of each option: string or boolean, a list when `multiple`; absent if not given. */
export type OptionValues<O extends Record<string, OptionDef>> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? O[K]['multiple'] extends true
      ? boolean[]
      : boolean
    : O[K]['multiple'] extends true
      ? string[]
      : string;
};

export function parseOptions<O extends Record<string, OptionDef>>(argv: string[], options: O, command: string): OptionValues<O> {
  try {
    return parseArgs({ args: argv, options: options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${command}: ${message}`);
  }
}

export function required(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${option} is required`);
  return value.trim();
}

export function oneOf<T extends string>(value: string | undefined, option: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${option} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

/** An instant: ISO 8601 with a zone, or a date YYYY-MM-DD meaning the end of that day in Vietnam. */
export function instant(value: string | undefined, option: string): Date | undefined {
  if (value === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const text = dateOnly ? `${value}T23:59:59.999+07:00` : value;
  const t = new Date(text);
  if (Number.isNaN(t.getTime()) || (!dateOnly && !/(Z|[+-]\d{2}:\d{2})$/i.test(value))) {
    throw new UsageError(`--${option} must be an instant with a zone (2020-10-01T00:00:00+07:00) or a date YYYY-MM-DD; got "${value}"`);
  }
  return t;
}

/** Runs each check and throws one UsageError listing every failure, so a user fixes all at once. */
export function checkAll<T extends unknown[]>(...checks: { [K in keyof T]: () => T[K] }): T {
  const problems: string[] = [];
  const values = checks.map((check) => {
    try {
      return check();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push(err.message);
      return undefined;
    }
  });
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return values as T;
}
