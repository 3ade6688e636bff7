// The corrected request queue of kafkajs (see kafkajs-idle-loop.ts), on kafkajs' own RequestQueue.
import { createKafka } from './kafka-client';
import { kafkajsIdleLoopCorrected, PATCHED_KAFKAJS_VERSION, type RequestQueueInternals } from './kafkajs-idle-loop';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs' internals have no types
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => RequestQueueInternals & { destroy(): void };

function queue(): RequestQueueInternals & { destroy(): void } {
  const logger = createKafka({ brokers: '127.0.0.1:9', clientId: 't' }).logger();
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 't',
    broker: '127.0.0.1:9',
    logger,
    isConnected: () => true,
  });
}

beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-30T10:00:00Z') }));
afterEach(() => jest.useRealTimers());

it('is applied to the kafkajs release it was written for (an upgrade makes this fail: look again)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect((require('kafkajs/package.json') as { version: string }).version).toBe(PATCHED_KAFKAJS_VERSION);
  expect(kafkajsIdleLoopCorrected).toBe(true);
});

it('an idle queue sets no timer, however often it is asked (kafkajs 2.2.4 set one a millisecond)', () => {
  const q = queue();
  const check = jest.spyOn(q, 'checkPendingRequests');
  q.checkPendingRequests(); // what every response does
  q.scheduleCheckPendingRequests();
  expect(q.throttleCheckTimeoutId).toBeNull();
  jest.advanceTimersByTime(1_000);
  expect(check).toHaveBeenCalledTimes(1); // only the call above: nothing looped
  q.destroy();
});

it('a waiting request is checked after the library’s interval, and a throttled one when the throttle ends', () => {
  const q = queue();
  const check = jest.spyOn(q, 'checkPendingRequests').mockImplementation(() => undefined);
  q.pending.push({});
  q.scheduleCheckPendingRequests();
  q.scheduleCheckPendingRequests(); // one timer at a time
  jest.advanceTimersByTime(9);
  expect(check).not.toHaveBeenCalled();
  jest.advanceTimersByTime(1);
  expect(check).toHaveBeenCalledTimes(1);

  q.throttledUntil = Date.now() + 500;
  q.scheduleCheckPendingRequests();
  jest.advanceTimersByTime(499);
  expect(check).toHaveBeenCalledTimes(1);
  jest.advanceTimersByTime(1);
  expect(check).toHaveBeenCalledTimes(2);
  q.destroy();
});
