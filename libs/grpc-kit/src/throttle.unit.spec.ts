import { Throttle } from './throttle';

describe('Throttle', () => {
  it('allows `limit` events per window per key and says how long to wait', () => {
    let now = 1_000_000;
    const t = new Throttle({ limit: 3, windowMs: 60_000 }, () => now);
    expect([t.take('a'), t.take('a'), t.take('a')]).toEqual([0, 0, 0]);
    expect(t.take('a')).toBe(60);
    expect(t.take('b')).toBe(0); // keys are independent
    now += 30_000;
    expect(t.retryAfter('a')).toBe(30);
    now += 30_001;
    expect(t.take('a')).toBe(0);
  });

  it('forgets the least recently used keys past maxKeys', () => {
    const t = new Throttle({ limit: 1, windowMs: 60_000 }, () => 5, 2);
    t.record('a');
    t.record('b');
    t.record('c');
    expect(t.retryAfter('a')).toBe(0);
    expect(t.retryAfter('c')).toBeGreaterThan(0);
  });
});
