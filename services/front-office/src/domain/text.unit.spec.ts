import { foldVietnamese, searchProcedures } from './text';

const procedures = [
  { code: 'TCKH-01', name: 'Đăng ký thành lập hộ kinh doanh', fieldCode: 'TCKH', fieldName: 'Tài chính - Kế hoạch' },
  { code: 'TCKH-02', name: 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh', fieldCode: 'TCKH', fieldName: 'Tài chính - Kế hoạch' },
  { code: 'XA-HT-01', name: 'Đăng ký khai sinh', fieldCode: 'TP', fieldName: 'Tư pháp' },
  { code: 'VHXH-01', name: 'Cấp Giấy phép kinh doanh karaoke', fieldCode: 'VHXH', fieldName: 'Văn hóa - Xã hội' },
];

describe('search that ignores Vietnamese diacritics', () => {
  it('folds tones, marks and đ, and case', () => {
    expect(foldVietnamese('  Đăng KÝ   Kết hôn  ')).toBe('dang ky ket hon');
    expect(foldVietnamese('Hòa giải tranh chấp đất đai')).toBe('hoa giai tranh chap dat dai');
  });

  it('finds a procedure typed without diacritics, every word required', () => {
    expect(searchProcedures(procedures, 'thanh lap ho kinh doanh').map((p) => p.code)).toEqual(['TCKH-01']);
    expect(searchProcedures(procedures, 'khai sinh').map((p) => p.code)).toEqual(['XA-HT-01']);
    expect(searchProcedures(procedures, 'ket hon')).toEqual([]);
  });

  it('takes earlier words whole and the last one as typed so far', () => {
    expect(searchProcedures(procedures, 'ho kinh doanh').map((p) => p.code)).toEqual(['TCKH-01', 'TCKH-02']); // not "văn hóa"
    expect(searchProcedures(procedures, 'khai si').map((p) => p.code)).toEqual(['XA-HT-01']);
    expect(searchProcedures(procedures, 'kara').map((p) => p.code)).toEqual(['VHXH-01']);
  });

  it('matches the field and the code, and puts names starting with the query first', () => {
    expect(searchProcedures(procedures, 'tu phap').map((p) => p.code)).toEqual(['XA-HT-01']);
    expect(searchProcedures(procedures, 'tckh-02').map((p) => p.code)).toEqual(['TCKH-02']);
    expect(searchProcedures(procedures, 'Đăng ký khai').map((p) => p.code)).toEqual(['XA-HT-01']);
    expect(searchProcedures(procedures, 'dang ky')[0].code).toBe('TCKH-01');
  });

  it('lists everything (up to the limit) for an empty query', () => {
    expect(searchProcedures(procedures, '  ')).toHaveLength(4);
    expect(searchProcedures(procedures, '', 2)).toHaveLength(2);
  });
});
