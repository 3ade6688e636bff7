// Which handler failures mean "a dependency is unavailable right now" rather than "this message
// cannot be handled": the database or document store is down or restarting, a connection was
// cut, or the handler said so itself (an error with `transient: true`, e.g. a record held by a
// writer that died mid-write). Those are retried until the dependency is back instead of being
// dead-lettered after a few seconds: dead-lettering them lost acknowledged effects whenever
// PostgreSQL (or FerretDB's backend) was down for longer than the attempts lasted.

/** Node socket errors of an unreachable or vanished server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** PostgreSQL SQLSTATEs of a server going away or not yet accepting (class 08, 57P01–57P03, 53300). */
const PG_STATES = /^(08...|57P0[123]|53300)$/;
/** MongoDB driver errors of an unreachable server. */
const MONGO_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
]);
/** The same, as messages (pg's own, and FerretDB's when its PostgreSQL backend is down). */
const MESSAGES =
  /ECONNREFUSED|ECONNRESET|Connection terminated|connection (is )?closed|failed to connect to|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery)|timeout exceeded when trying to connect|Server selection timed out/i;

export function isTransientFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const o = e as { transient?: unknown; code?: unknown; name?: unknown; message?: unknown; errorLabels?: unknown };
    if (o.transient === true) return true;
    if (typeof o.code === 'string' && (SOCKET_CODES.has(o.code) || PG_STATES.test(o.code))) return true;
    if (typeof o.name === 'string' && MONGO_NAMES.has(o.name)) return true;
    if (typeof o.message === 'string' && MESSAGES.test(o.message)) return true;
  }
  return false;
}
