import { compareSortable, mergeSorted } from './sorted-merge';

async function* of<T>(items: T[]): AsyncIterable<T> {
  for (const i of items) yield i;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

describe('merging sorted shards', () => {
  it('orders as a MongoDB sort does: null first, dates by time, ties by the next key', async () => {
    const d = (day: number) => new Date(Date.UTC(2024, 0, day));
    const a = [
      { id: 'a1', due: null },
      { id: 'a2', due: d(2) },
      { id: 'a3', due: d(5) },
    ];
    const b = [
      { id: 'b1', due: null },
      { id: 'b2', due: d(2) },
      { id: 'b3', due: d(3) },
    ];
    const merged = await all(mergeSorted([of(a), of(b), of([])], (x) => [x.due, x.id]));
    expect(merged.map((x) => x.id)).toEqual(['a1', 'b1', 'a2', 'b2', 'b3', 'a3']);
    expect(await all(mergeSorted([of(a), of(b)], (x) => [x.due, x.id], 2))).toHaveLength(2);
  });

  it('compares strings by code unit, as _id sorts', () => {
    expect(compareSortable('B', 'a')).toBeLessThan(0);
    expect(compareSortable(null, 'a')).toBeLessThan(0);
    expect(compareSortable(new Date(1), new Date(1))).toBe(0);
  });
});
