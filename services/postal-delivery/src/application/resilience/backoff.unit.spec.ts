import { backoffDelay, retry } from './backoff';

const policy = { baseMs: 100, maxMs: 1_000 };

describe('exponential backoff with jitter', () => {
  it('doubles the ceiling per attempt up to the maximum', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('never goes below half the ceiling (equal jitter)', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
  });

  it('spreads delays with the random draw', () => {
    expect(backoffDelay(3, policy, () => 0.5)).toBe(300);
  });
});

describe('retry', () => {
  const noSleep = { slept: [] as number[] };
  const sleep = async (ms: number) => {
    noSleep.slept.push(ms);
  };
  beforeEach(() => {
    noSleep.slept = [];
  });

  it('retries retryable failures with growing delays and returns the first success', async () => {
    let calls = 0;
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('503');
        return 'ok';
      },
      { attempts: 5, policy, random: () => 0, sleep, retryable: () => true },
    );
    expect(result).toBe('ok');
    expect(noSleep.slept).toEqual([50, 100]);
  });

  it('gives up after the attempts with the last error', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls += 1;
          throw new Error(`failure ${calls}`);
        },
        { attempts: 3, policy, random: () => 0, sleep, retryable: () => true },
      ),
    ).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });

  it('does not retry a refusal', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls += 1;
          throw new Error('400');
        },
        { attempts: 5, policy, random: () => 0, sleep, retryable: (e) => (e as Error).message !== '400' },
      ),
    ).rejects.toThrow('400');
    expect(calls).toBe(1);
  });
});
