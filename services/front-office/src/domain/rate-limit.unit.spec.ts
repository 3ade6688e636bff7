import { decideRate, RateLimiter } from './rate-limit';

describe('rate limit per caller', () => {
  it('allows `limit` requests in a window, then refuses with the seconds to wait', () => {
    let w = decideRate(undefined, 0, 2, 60_000);
    expect(w.allowed).toBe(true);
    w = decideRate(w.window, 1000, 2, 60_000);
    expect(w.allowed).toBe(true);
    const refused = decideRate(w.window, 30_000, 2, 60_000);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    expect(decideRate(refused.window, 60_000, 2, 60_000).allowed).toBe(true);
  });

  it('counts each caller apart', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 60_000, () => now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
    now = 60_000;
    expect(limiter.take('a').allowed).toBe(true);
  });
});
