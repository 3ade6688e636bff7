import { waitFor as poll } from '@onestop/test-support';

/** The shared waitFor, with the e2e tier's longer default: whole processes start and catch up. */
export function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000) {
  return poll(what, probe, timeoutMs);
}
