// The library logs through pino, typed structurally so it does not depend on @onestop/logging.
import pino from 'pino';

export type Logger = pino.Logger;

/** A logger that writes nothing; used when the caller passes none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
