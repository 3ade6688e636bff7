// Merges cursors that are each sorted the same way into one sorted stream, comparing values the
// way a MongoDB sort does for the types the views hold (null first, then numbers, strings, dates).

type Sortable = null | undefined | number | string | Date;

function rank(v: Sortable): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  return 3;
}

export function compareSortable(a: Sortable, b: Sortable): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  const x = a instanceof Date ? a.getTime() : (a as number | string);
  const y = b instanceof Date ? b.getTime() : (b as number | string);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Items of the sources in the order of `keys` (compared left to right); at most `limit` (0 = all). */
export async function* mergeSorted<T>(sources: AsyncIterable<T>[], keys: (item: T) => Sortable[], limit = 0): AsyncIterable<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const heads: (IteratorResult<T> | null)[] = await Promise.all(iterators.map((it) => it.next()));
  const compare = (a: T, b: T) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i++) {
      const c = compareSortable(ka[i], kb[i]);
      if (c !== 0) return c;
    }
    return 0;
  };
  try {
    for (let emitted = 0; limit === 0 || emitted < limit; emitted++) {
      let pick = -1;
      let best: IteratorYieldResult<T> | null = null;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (!h || h.done) continue;
        if (!best || compare(h.value, best.value) < 0) {
          pick = i;
          best = h;
        }
      }
      if (!best) return;
      yield best.value;
      heads[pick] = await iterators[pick].next();
    }
  } finally {
    // Close the cursors a caller stopped early (or the limit left open).
    for (const it of iterators) await it.return?.();
  }
}
