// Vietnamese text helpers: search that ignores diacritics (đ/Đ included) and case.

/** "Đăng ký kết hôn" → "dang ky ket hon". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface SearchableProcedure {
  code: string;
  name: string;
  fieldCode: string;
  fieldName: string;
}

/**
 * Procedures whose code, name or field contain the query's words, diacritics ignored: every word
 * but the last as a whole word, the last as the start of a word (it may still be being typed).
 * Names that start with the query come first. An empty query lists them all.
 */
export function searchProcedures<P extends SearchableProcedure>(all: readonly P[], query: string, limit = 50): P[] {
  const q = foldVietnamese(query);
  if (!q) return all.slice(0, limit);
  const words = q.split(' ');
  const last = words.length - 1;
  const scored: { p: P; score: number }[] = [];
  for (const p of all) {
    const name = foldVietnamese(p.name);
    const haystack = `${foldVietnamese(p.code)} ${name} ${foldVietnamese(p.fieldName)} ${foldVietnamese(p.fieldCode)}`.split(/[\s,()-]+/);
    const found = words.every(
      (w, i) => haystack.some((h) => (i === last ? h.startsWith(w) : h === w)) || (i === last && foldVietnamese(p.code).startsWith(w)),
    );
    if (!found) continue;
    const score = name.startsWith(q) ? 0 : name.includes(q) ? 1 : 2;
    scored.push({ p, score });
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((s) => s.p);
}
