import { BoundedCache } from './bounded-cache';

describe('a bounded cache', () => {
  it('forgets the least recently used entry past its capacity', () => {
    const cache = new BoundedCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
    expect(() => new BoundedCache(-1)).toThrow('cache capacity must be an integer >= 0, got -1');
  });
});
