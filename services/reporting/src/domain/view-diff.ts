// Field-by-field differences between two versions of a dossier view (the live one and one rebuilt
// from history), for the replay check. Pure.
import type { DossierView } from './dossier-view';

export interface ViewDifference {
  /** Where the views differ, e.g. "status" or "timeline[3].summary". */
  path: string;
  live: string;
  rebuilt: string;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function walk(path: string, a: unknown, b: unknown, out: ViewDifference[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(path ? `${path}.${k}` : k, a[k], b[k], out);
    return;
  }
  if (!same(a, b)) out.push({ path: path || '(view)', live: show(a), rebuilt: show(b) });
}

export function diffViews(live: DossierView | null, rebuilt: DossierView | null): ViewDifference[] {
  const out: ViewDifference[] = [];
  if (!live || !rebuilt) {
    if (live || rebuilt) out.push({ path: '(view)', live: live ? 'present' : '(absent)', rebuilt: rebuilt ? 'present' : '(absent)' });
    return out;
  }
  walk('', live, rebuilt, out);
  return out;
}
