// Configuration is read and validated once at start; a missing or bad value stops the process
// with a message that names the variable.
import { z } from 'zod';
import { developmentSecretProblems } from './development-secrets';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates `env` against `schema`; empty strings count as unset so defaults apply. */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(config)'), message: issue.message })));
  }
  return parsed.data;
}

/**
 * loadConfig for a service that is starting: also refuses a secret whose value is published in the
 * repository, unless in development mode (development-secrets.ts).
 */
export function loadServiceConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const config = loadConfig(schema, env);
  const problems = developmentSecretProblems(config, env);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** loadServiceConfig for a process entry point: prints what is wrong and exits with status 2. */
export function loadConfigOrExit<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return loadServiceConfig(schema, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) process.stderr.write(`config error: ${p.variable}: ${p.message}\n`);
    process.exit(2);
  }
}
