// Polling until something asynchronous has happened (a projection caught up, a process serves).

type Falsy = false | 0 | '' | null | undefined;

/** Thrown by a probe to stop waiting at once (a process exited), instead of retrying until the timeout. */
export class StopWaiting extends Error {
  override name = 'StopWaiting';
}

/**
 * Calls `probe` until it returns a truthy value, and returns that value. A probe that throws is
 * called again (the last error is reported at the timeout), except with StopWaiting. The pause
 * between calls grows from 50 ms to 250 ms.
 */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<Exclude<T, Falsy>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let pause = 50; ; pause = Math.min(pause * 2, 250)) {
    try {
      const value = await probe();
      if (value) return value as Exclude<T, Falsy>;
    } catch (err) {
      if (err instanceof StopWaiting) throw err;
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
