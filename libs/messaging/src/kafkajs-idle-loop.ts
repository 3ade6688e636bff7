// kafkajs 2.2.4 wakes every idle connection about once a millisecond, for good.
//
// Each broker connection has a request queue. After every response it calls
// `scheduleCheckPendingRequests`, which sets a timer for `throttledUntil - now`. When no throttle
// is in force that is negative, so the timer fires at once, checks an empty queue and sets the
// next timer: a loop that never ends (kafkajs issue #1556, still open; the library has had no
// release since 2.2.4). Measured here: an idle service's event loop woke ~1,500 times a second
// (strace), and each idle service used 6–8 % of a core doing nothing.
//
// The replacement sets a timer only when a request is waiting in the queue: at the end of a
// client-side throttle, or after the library's own 10 ms check interval otherwise (the case of too
// many requests in flight, which a response also settles). An empty queue needs no timer: a request
// that arrives later is sent at once or, when it has to wait, calls this again.
//
// Applied once, when this module is loaded, and only to the kafkajs version it was written for; any
// other version is left alone (the unit test then fails, so that an upgrade is looked at).

/** The kafkajs release whose request queue this corrects. */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The parts of kafkajs' internal RequestQueue that the correction uses. */
export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** The corrected `scheduleCheckPendingRequests`: a timer only while a request waits. */
export function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/** Whether the installed kafkajs got the correction (false: another version, left as it is). */
export const kafkajsIdleLoopCorrected: boolean = correct();

function correct(): boolean {
  /* eslint-disable @typescript-eslint/no-require-imports -- kafkajs exports no types for its internals */
  const version = (require('kafkajs/package.json') as { version: string }).version;
  if (version !== PATCHED_KAFKAJS_VERSION) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  /* eslint-enable @typescript-eslint/no-require-imports */
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return true;
}
