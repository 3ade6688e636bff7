// Structured logs: one JSON object per line (pino), with the service name, and dossierId /
// correlationId as fields on child loggers — never built into the message text.
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** A logger that writes nothing, for tests and tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
