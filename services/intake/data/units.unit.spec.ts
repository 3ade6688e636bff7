// The shipped unit list holds Trực Ninh district as of 2020 (see README.md beside this file), valid
// until 30 June 2025, and its successors (checked in libs/admin-map).
import { existsAt, parentAt } from '@onestop/admin-map';
import { units } from '../src/testing/fixtures.spec';

const IN_2020 = '2020-06-01';

const named = (kind: string) =>
  [...units.units.values()]
    .filter((u) => u.kind === kind && existsAt(u, IN_2020))
    .map((u) => u.name.replace(/^Bộ phận Một cửa UBND (thị trấn|xã) /, ''))
    .sort((a, b) => a.localeCompare(b, 'vi'));

describe('the shipped units of Trực Ninh district (2020)', () => {
  it('are its 3 towns, under Resolution 460/NQ-UBTVQH14 (Trực Phú became Ninh Cường town)', () => {
    expect(named('town')).toEqual(['Cát Thành', 'Cổ Lễ', 'Ninh Cường']);
  });

  it('are its 18 communes, Trung Đông included and Trực Phú gone', () => {
    expect(named('commune')).toEqual(
      [
        'Liêm Hải',
        'Phương Định',
        'Trực Chính',
        'Trực Cường',
        'Trực Đại',
        'Trực Đạo',
        'Trực Hùng',
        'Trực Hưng',
        'Trực Khang',
        'Trực Mỹ',
        'Trực Nội',
        'Trực Thái',
        'Trực Thanh',
        'Trực Thắng',
        'Trực Thuận',
        'Trực Tuấn',
        'Trung Đông',
        'Việt Hùng',
      ].sort((a, b) => a.localeCompare(b, 'vi')),
    );
    expect(units.units.has('XTRUCPHU')).toBe(false);
    expect(parentAt(units.map, 'XTRUNGDONG', IN_2020)?.code).toBe('TRUCNINH');
  });

  it('hang every commune-level unit under the district desk', () => {
    const communeLevel = [...units.units.values()].filter((u) => u.level === 'commune' && existsAt(u, IN_2020));
    expect(communeLevel).toHaveLength(21);
    expect(communeLevel.every((u) => parentAt(units.map, u.code, IN_2020)?.code === 'TRUCNINH')).toBe(true);
  });
});

describe('the sources of the 2025 successors', () => {
  const sources = [...units.units.values()].flatMap((u) => [...(u.sources ?? []), ...(u.successor ? [u.successor.source] : [])]);

  it('name Resolution 1674/NQ-UBTVQH15 by its own title: the communes of Ninh Bình province (new)', () => {
    const of1674 = sources.filter((s) => s.act.includes('1674/NQ-UBTVQH15'));
    expect(of1674).toHaveLength(28);
    expect(of1674.every((s) => s.act.includes('Ninh Bình province'))).toBe(true);
  });
});
