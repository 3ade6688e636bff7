// The administrative map over time. A unit (province, district, commune or town, a public
// administrative service centre, a one-stop desk) exists from `validFrom` (inclusive) until
// `validUntil` (exclusive, the first day it no longer exists), has a parent in each period, and may
// name its successor (merged into / renamed to). Dates are calendar days in Vietnam
// (Asia/Ho_Chi_Minh, UTC+7 all year). Everything here is pure.
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const LEVELS = ['province', 'district', 'commune'] as const;
export type Level = (typeof LEVELS)[number];

const source = z.object({
  /** The act, e.g. "Nghị quyết 1674/NQ-UBTVQH15". */
  act: z.string().min(1),
  /** Where in the act, or what the source says. */
  detail: z.string().optional(),
  /**
   * false when the act's text could not be checked and the fact rests on secondary sources
   * (named in `detail`); such facts are shown as unverified.
   */
  verified: z.boolean(),
});

const successor = z.object({
  code: z.string().min(1),
  relation: z.enum(['merged_into', 'renamed_to', 'dissolved_work_to']),
  source,
});

const parentPeriod = z.object({ code: z.string().min(1), from: day.optional(), until: day.optional() });

export const unitSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9]+$/, 'upper-case letters and digits (it is part of dossier codes)'),
    name: z.string().min(1),
    level: z.enum(LEVELS),
    kind: z.string().min(1),
    /** The parent when it never changed (older files); `parents` wins when both are given. */
    parent: z.string().optional(),
    parents: z.array(parentPeriod).optional(),
    validFrom: day.optional(),
    validUntil: day.optional(),
    successor: successor.optional(),
    /** false for units that are not desks (a province as such): they receive no dossiers. */
    receives: z.boolean().optional(),
    sources: z.array(source).optional(),
  })
  .refine((u) => !u.validFrom || !u.validUntil || u.validFrom < u.validUntil, {
    message: 'validFrom must be before validUntil',
    path: ['validUntil'],
  })
  .refine((u) => !u.successor || u.validUntil, { message: 'a unit with a successor needs validUntil', path: ['successor'] });

export type MapUnit = z.infer<typeof unitSchema>;
export type Successor = z.infer<typeof successor>;
export type Source = z.infer<typeof source>;

const VN_OFFSET_MS = 7 * 3600 * 1000;

/** The calendar day (YYYY-MM-DD) of an instant in Vietnam. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

function dayOf(at: Date | string): string {
  return typeof at === 'string' ? at : vietnamDate(at);
}

export class AdminMapError extends Error {}

export interface AdminMap {
  readonly units: ReadonlyMap<string, MapUnit>;
}

/** Builds the map; every successor and parent must be a known unit, and succession has no cycle. */
export function buildAdminMap(units: Iterable<MapUnit>): AdminMap {
  const map = new Map<string, MapUnit>();
  for (const u of units) {
    if (map.has(u.code)) throw new AdminMapError(`units (${u.code}).code: duplicate unit code`);
    map.set(u.code, u);
  }
  for (const u of map.values()) {
    for (const p of parentsOf(u)) {
      if (!map.has(p.code)) throw new AdminMapError(`units (${u.code}).parents: unknown unit "${p.code}"`);
    }
    if (u.successor) {
      const next = map.get(u.successor.code);
      if (!next) throw new AdminMapError(`units (${u.code}).successor.code: unknown unit "${u.successor.code}"`);
      if (next.validFrom && u.validUntil && next.validFrom > u.validUntil)
        throw new AdminMapError(`units (${u.code}).successor: ${next.code} starts after ${u.code} ends`);
    }
  }
  for (const u of map.values()) {
    const seen = new Set<string>();
    for (let c: MapUnit | undefined = u; c?.successor; c = map.get(c.successor.code)) {
      if (seen.has(c.code)) throw new AdminMapError(`units (${u.code}).successor: succession cycle through ${c.code}`);
      seen.add(c.code);
    }
  }
  return { units: map };
}

function parentsOf(u: MapUnit): { code: string; from?: string; until?: string }[] {
  if (u.parents) return u.parents;
  return u.parent ? [{ code: u.parent }] : [];
}

/** Whether the unit exists on that day (or at that instant). */
export function existsAt(u: MapUnit, at: Date | string): boolean {
  const d = dayOf(at);
  return (!u.validFrom || u.validFrom <= d) && (!u.validUntil || d < u.validUntil);
}

/** The unit with that code if it exists at the date. */
export function unitAt(map: AdminMap, code: string, at: Date | string): MapUnit | undefined {
  const u = map.units.get(code);
  return u && existsAt(u, at) ? u : undefined;
}

/** The unit's parent on that day, if any. */
export function parentAt(map: AdminMap, code: string, at: Date | string): MapUnit | undefined {
  const u = map.units.get(code);
  if (!u) return undefined;
  const d = dayOf(at);
  const p = parentsOf(u).find((x) => (!x.from || x.from <= d) && (!x.until || d < x.until));
  return p ? map.units.get(p.code) : undefined;
}

/**
 * The unit that carries on the given unit's work at the date: itself while it exists, else its
 * successor's carrier (following merged-into / renamed-to links). Undefined for an unknown code, a
 * unit not yet created, or a dissolved unit without successor.
 */
export function successorAt(map: AdminMap, code: string, at: Date | string): MapUnit | undefined {
  const d = dayOf(at);
  let u = map.units.get(code);
  for (let hops = 0; u && hops <= map.units.size; hops++) {
    if (existsAt(u, d)) return u;
    if (u.validFrom && d < u.validFrom) return undefined;
    u = u.successor ? map.units.get(u.successor.code) : undefined;
  }
  return undefined;
}

/** The code a unit's figures roll up to at the date (itself when nothing carries it on). */
export function rollUp(map: AdminMap, code: string, at: Date | string): string {
  return successorAt(map, code, at)?.code ?? code;
}

/** Every unit whose work the given unit carries on (transitively), itself excluded. */
export function predecessorsOf(map: AdminMap, code: string): string[] {
  const out: string[] = [];
  const walk = (target: string) => {
    for (const u of map.units.values()) {
      if (u.successor?.code === target && !out.includes(u.code) && u.code !== code) {
        out.push(u.code);
        walk(u.code);
      }
    }
  };
  walk(code);
  return out.sort();
}

/**
 * Whether an officer of `officerUnit` may work a dossier of `dossierUnit` at the date: it is their
 * own unit, or their unit carries on the dossier unit's work (a successor commune works its
 * predecessors' open dossiers).
 */
export function carriesOn(map: AdminMap, officerUnit: string, dossierUnit: string, at: Date | string): boolean {
  if (officerUnit === dossierUnit) return true;
  return successorAt(map, dossierUnit, at)?.code === officerUnit;
}

/** Why a desk of this unit cannot receive at the date, naming the successor; undefined when it can. */
export function receiptRefusal(map: AdminMap, code: string, at: Date | string): string | undefined {
  const u = map.units.get(code);
  if (!u) return undefined;
  const d = dayOf(at);
  if (u.receives === false) return `unit ${u.code} (${u.name}) is not a desk and receives no dossiers`;
  if (existsAt(u, d)) return undefined;
  if (u.validFrom && d < u.validFrom) return `unit ${u.code} (${u.name}) exists only from ${u.validFrom}`;
  const next = successorAt(map, code, d);
  const ended = `unit ${u.code} (${u.name}) ceased to exist on ${u.validUntil}`;
  return next
    ? `${ended} (${u.successor?.source.act ?? 'see the units file'}); its successor is ${next.code} (${next.name}): receive there`
    : `${ended}; it has no successor`;
}
