import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminMapError,
  buildAdminMap,
  carriesOn,
  existsAt,
  type MapUnit,
  parentAt,
  predecessorsOf,
  receiptRefusal,
  rollUp,
  successorAt,
  unitAt,
  unitSchema,
  vietnamDate,
} from './admin-map';

const shipped = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../services/intake/data/units.json'), 'utf8')) as {
  units: unknown[];
};
const map = buildAdminMap(shipped.units.map((u) => unitSchema.parse(u)));

describe('the shipped map: Trực Ninh in 2020 and its successors from 1 July 2025', () => {
  const communeLevel = (at: string) =>
    [...map.units.values()].filter((u) => u.level === 'commune' && existsAt(u, at) && parentAt(map, u.code, at)?.code === 'TRUCNINH');

  it('holds 3 towns and 18 communes under the district until 30 June 2025', () => {
    const units = communeLevel('2020-06-15');
    expect(units.filter((u) => u.kind === 'town')).toHaveLength(3);
    expect(units.filter((u) => u.kind === 'commune')).toHaveLength(18);
    expect(communeLevel('2025-06-30')).toHaveLength(21);
    expect(parentAt(map, 'TRUCNINH', '2020-01-01')?.code).toBe('NAMDINH');
  });

  it('holds seven commune centres under Ninh Bình province from 1 July 2025, and no district', () => {
    expect(communeLevel('2025-07-01')).toHaveLength(0);
    const today = [...map.units.values()].filter((u) => u.level === 'commune' && existsAt(u, '2026-03-02'));
    expect(today.map((u) => u.code).sort()).toEqual([
      'XCATTHANH',
      'XCOLE',
      'XMINHTHAI',
      'XNINHCUONG',
      'XNINHGIANG',
      'XQUANGHUNG',
      'XTRUCNINH',
    ]);
    for (const u of today) expect(parentAt(map, u.code, '2026-03-02')?.code).toBe('NINHBINH');
    expect(unitAt(map, 'TRUCNINH', '2025-07-01')).toBeUndefined();
    expect(unitAt(map, 'NINHBINHHCC', '2025-07-01')?.kind).toBe('province_centre');
  });

  it('gives every one of the 21 old units exactly one successor, three per new commune', () => {
    const counts = new Map<string, number>();
    for (const u of communeLevel('2020-06-15')) {
      const next = successorAt(map, u.code, '2026-01-05');
      expect(next?.level).toBe('commune');
      counts.set(next!.code, (counts.get(next!.code) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(predecessorsOf(map, 'XMINHTHAI')).toEqual(['XTRUCDAI', 'XTRUCTHAI', 'XTRUCTHANG']);
    expect(predecessorsOf(map, 'XCOLE')).toEqual(['TTCOLE', 'XTRUCTUAN', 'XTRUNGDONG']);
  });

  it('marks facts it could not check against the act as unverified', () => {
    expect(map.units.get('XTRUCDAI')?.successor?.source.verified).toBe(false);
    expect(map.units.get('XTRUCDAI')?.successor?.source.act).toMatch(/1674\/NQ-UBTVQH15/);
  });
});

describe('look-ups at a date', () => {
  it('a unit exists from validFrom (inclusive) until validUntil (exclusive), in Vietnam days', () => {
    const u = map.units.get('XTRUCDAI')!;
    expect(existsAt(u, '2025-06-30')).toBe(true);
    expect(existsAt(u, '2025-07-01')).toBe(false);
    // 30 June 2025 23:30 in Vietnam is 16:30 UTC: still the old map.
    expect(vietnamDate(new Date('2025-06-30T16:30:00Z'))).toBe('2025-06-30');
    expect(existsAt(u, new Date('2025-06-30T16:30:00Z'))).toBe(true);
    expect(existsAt(u, new Date('2025-06-30T17:00:00Z'))).toBe(false);
  });

  it('successorAt is the unit itself while it exists, and its carrier afterwards', () => {
    expect(successorAt(map, 'XTRUCDAI', '2020-05-05')?.code).toBe('XTRUCDAI');
    expect(successorAt(map, 'XTRUCDAI', '2026-05-05')?.code).toBe('XMINHTHAI');
    expect(successorAt(map, 'XMINHTHAI', '2020-05-05')).toBeUndefined();
    expect(successorAt(map, 'NOPE', '2026-05-05')).toBeUndefined();
    expect(rollUp(map, 'XTRUCDAI', '2026-05-05')).toBe('XMINHTHAI');
    expect(rollUp(map, 'XTRUCDAI', '2020-05-05')).toBe('XTRUCDAI');
    expect(rollUp(map, 'UNKNOWN', '2026-05-05')).toBe('UNKNOWN');
  });

  it('an officer of a successor commune carries on its predecessors only', () => {
    expect(carriesOn(map, 'XMINHTHAI', 'XTRUCDAI', '2026-02-02')).toBe(true);
    expect(carriesOn(map, 'XMINHTHAI', 'XTRUCDAI', '2025-06-02')).toBe(false);
    expect(carriesOn(map, 'XCOLE', 'XTRUCDAI', '2026-02-02')).toBe(false);
    expect(carriesOn(map, 'XTRUCDAI', 'XTRUCDAI', '2026-02-02')).toBe(true);
  });

  it('a desk of a dissolved unit is refused, naming its successor; a province as such never receives', () => {
    expect(receiptRefusal(map, 'XTRUCDAI', '2025-06-30')).toBeUndefined();
    expect(receiptRefusal(map, 'XTRUCDAI', '2026-01-05')).toMatch(/XTRUCDAI .* ceased to exist on 2025-07-01.*successor is XMINHTHAI/);
    expect(receiptRefusal(map, 'TRUCNINH', '2026-01-05')).toMatch(/successor is NINHBINHHCC/);
    expect(receiptRefusal(map, 'XCOLE', '2024-01-05')).toMatch(/exists only from 2025-07-01/);
    expect(receiptRefusal(map, 'NINHBINH', '2026-01-05')).toMatch(/not a desk/);
  });
});

describe('building a map checks its links', () => {
  const unit = (u: Partial<MapUnit> & { code: string }): MapUnit => ({ name: u.code, level: 'commune', kind: 'commune', ...u });
  const src = { act: 'test', verified: true };

  it('refuses an unknown successor or parent, a duplicate and a cycle, naming the unit', () => {
    expect(() =>
      buildAdminMap([unit({ code: 'A', validUntil: '2025-07-01', successor: { code: 'B', relation: 'merged_into', source: src } })]),
    ).toThrow(new AdminMapError('units (A).successor.code: unknown unit "B"'));
    expect(() => buildAdminMap([unit({ code: 'A', parent: 'P' })])).toThrow(/units \(A\)\.parents: unknown unit "P"/);
    expect(() => buildAdminMap([unit({ code: 'A' }), unit({ code: 'A' })])).toThrow(/duplicate/);
    expect(() =>
      buildAdminMap([
        unit({ code: 'A', validUntil: '2025-07-01', successor: { code: 'B', relation: 'renamed_to', source: src } }),
        unit({ code: 'B', validUntil: '2025-07-01', successor: { code: 'A', relation: 'renamed_to', source: src } }),
      ]),
    ).toThrow(/cycle/);
  });

  it('the schema wants validUntil with a successor and a period in order', () => {
    expect(unitSchema.safeParse(unit({ code: 'A', successor: { code: 'B', relation: 'merged_into', source: src } })).success).toBe(false);
    expect(unitSchema.safeParse(unit({ code: 'A', validFrom: '2025-07-01', validUntil: '2020-01-01' })).success).toBe(false);
  });
});
