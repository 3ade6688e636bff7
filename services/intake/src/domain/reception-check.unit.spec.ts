// The reception check: completeness against the procedure's own component list, and scope.
import { C, doc, F, procedure, unit } from '../testing/fixtures.spec';
import { checkCompleteness, scopeRefusal } from './reception-check';

describe('completeness check (kiểm tra thành phần hồ sơ)', () => {
  // TCKH-01: GIAYDK original x1 (required), CCCD copy x1 (required)
  const tckh01 = procedure('TCKH-01');

  it('given every component in its form, when checked, then there is no problem', () => {
    expect(checkCompleteness(tckh01, [doc('GIAYDK', F.DOCUMENT_FORM_ORIGINAL), doc('CCCD', F.DOCUMENT_FORM_COPY)])).toEqual([]);
  });

  it('given no documents, when checked, then every required component is listed as missing, in catalogue order', () => {
    expect(checkCompleteness(tckh01, [])).toEqual([
      { componentCode: 'GIAYDK', componentName: 'Giấy đề nghị đăng ký hộ kinh doanh', problem: 'missing: 1 bản chính (original) required' },
      { componentCode: 'CCCD', componentName: 'Căn cước công dân của người yêu cầu', problem: 'missing: 1 bản sao (copy) required' },
    ]);
  });

  it('given an original where a copy is required, when checked, then the original satisfies it', () => {
    expect(checkCompleteness(tckh01, [doc('GIAYDK', F.DOCUMENT_FORM_ORIGINAL), doc('CCCD', F.DOCUMENT_FORM_ORIGINAL)])).toEqual([]);
  });

  it('given a copy or a certified copy where an original is required, when checked, then it is the wrong form', () => {
    for (const form of [F.DOCUMENT_FORM_COPY, F.DOCUMENT_FORM_CERTIFIED_COPY]) {
      expect(checkCompleteness(tckh01, [doc('GIAYDK', form), doc('CCCD', F.DOCUMENT_FORM_COPY)])).toEqual([
        {
          componentCode: 'GIAYDK',
          componentName: 'Giấy đề nghị đăng ký hộ kinh doanh',
          problem: 'wrong form: bản chính (original) required',
        },
      ]);
    }
  });

  describe('a certified copy requirement (TP-HT-02 HOCHIEU)', () => {
    const tpht02 = procedure('TP-HT-02');
    const others = [doc('TOKHAI', F.DOCUMENT_FORM_ORIGINAL), doc('XNTTHN', F.DOCUMENT_FORM_ORIGINAL), doc('KSK', F.DOCUMENT_FORM_ORIGINAL)];

    it('given a certified copy or an original, when checked, then it is satisfied', () => {
      expect(checkCompleteness(tpht02, [...others, doc('HOCHIEU', F.DOCUMENT_FORM_CERTIFIED_COPY)])).toEqual([]);
      expect(checkCompleteness(tpht02, [...others, doc('HOCHIEU', F.DOCUMENT_FORM_ORIGINAL)])).toEqual([]);
    });

    it('given a plain copy, when checked, then it is the wrong form', () => {
      expect(checkCompleteness(tpht02, [...others, doc('HOCHIEU', F.DOCUMENT_FORM_COPY)])).toEqual([
        {
          componentCode: 'HOCHIEU',
          componentName: 'Hộ chiếu của bên nước ngoài',
          problem: 'wrong form: bản sao chứng thực (certified copy) required',
        },
      ]);
    });
  });

  describe('a component required in several originals (TNMT-02 KHBVMT x3)', () => {
    const tnmt02 = procedure('TNMT-02');
    const vanban = doc('VANBAN', F.DOCUMENT_FORM_ORIGINAL);

    it('given too few, when checked, then it says how many are required and given', () => {
      expect(checkCompleteness(tnmt02, [vanban, doc('KHBVMT', F.DOCUMENT_FORM_ORIGINAL, 2)])).toEqual([
        { componentCode: 'KHBVMT', componentName: 'Kế hoạch bảo vệ môi trường', problem: 'too few: 3 required, 2 given' },
      ]);
    });

    it('given the count split over several lines, when checked, then the lines add up', () => {
      expect(
        checkCompleteness(tnmt02, [vanban, doc('KHBVMT', F.DOCUMENT_FORM_ORIGINAL, 1), doc('KHBVMT', F.DOCUMENT_FORM_ORIGINAL, 2)]),
      ).toEqual([]);
    });

    it('given copies beside originals, when checked, then only the originals count', () => {
      expect(
        checkCompleteness(tnmt02, [vanban, doc('KHBVMT', F.DOCUMENT_FORM_ORIGINAL, 2), doc('KHBVMT', F.DOCUMENT_FORM_COPY, 5)]),
      ).toEqual([{ componentCode: 'KHBVMT', componentName: 'Kế hoạch bảo vệ môi trường', problem: 'too few: 3 required, 2 given' }]);
    });
  });

  describe('an optional component (TT-01 TAILIEU)', () => {
    const tt01 = procedure('TT-01');
    const don = doc('DON', F.DOCUMENT_FORM_ORIGINAL);

    it('given it is left out, when checked, then nothing is asked for', () => {
      expect(tt01.components.find((c) => c.code === 'TAILIEU')?.required).toBe(false);
      expect(checkCompleteness(tt01, [don])).toEqual([]);
    });

    it('given it is brought, when checked, then it is accepted', () => {
      expect(checkCompleteness(tt01, [don, doc('TAILIEU', F.DOCUMENT_FORM_COPY, 4)])).toEqual([]);
    });

    it('given only it is brought, when checked, then the required component is still missing', () => {
      expect(checkCompleteness(tt01, [doc('TAILIEU', F.DOCUMENT_FORM_COPY)]).map((p) => [p.componentCode, p.problem])).toEqual([
        ['DON', 'missing: 1 bản chính (original) required'],
      ]);
    });
  });

  it('given several problems, when checked, then all are listed at once (guidance is given a single time)', () => {
    const problems = checkCompleteness(procedure('TNMT-02'), [
      doc('VANBAN', F.DOCUMENT_FORM_COPY),
      doc('KHBVMT', F.DOCUMENT_FORM_ORIGINAL, 1),
    ]);
    expect(problems.map((p) => `${p.componentCode}: ${p.problem}`)).toEqual([
      'VANBAN: wrong form: bản chính (original) required',
      'KHBVMT: too few: 3 required, 1 given',
    ]);
  });

  it('given a document the procedure does not list, when checked, then it asks for nothing more', () => {
    expect(
      checkCompleteness(tckh01, [
        doc('GIAYDK', F.DOCUMENT_FORM_ORIGINAL),
        doc('CCCD', F.DOCUMENT_FORM_COPY),
        doc('SOHOKHAU', F.DOCUMENT_FORM_COPY),
      ]),
    ).toEqual([]);
  });
});

describe('scope check (thẩm quyền tiếp nhận)', () => {
  it('given a commune procedure at the district desk, when checked, then the citizen is directed to the commune', () => {
    expect(scopeRefusal(procedure('XA-HT-02'), unit('TRUCNINH'), C.CHANNEL_COUNTER)).toBe(
      "procedure XA-HT-02 is handled at commune level: please apply at the commune or town People's Committee desk",
    );
  });

  it('given a district procedure at a commune desk, when checked, then the citizen is directed to the district', () => {
    expect(scopeRefusal(procedure('TCKH-01'), unit('XTRUCCHINH'), C.CHANNEL_COUNTER)).toBe(
      "procedure TCKH-01 is handled at district level: please apply at the district People's Committee desk",
    );
  });

  it('given a channel the procedure does not allow, when checked, then it names the allowed ones', () => {
    expect(scopeRefusal(procedure('LDTBXH-02'), unit('TRUCNINH'), C.CHANNEL_ONLINE)).toBe(
      'procedure LDTBXH-02 cannot be submitted through channel online; allowed: counter',
    );
    expect(scopeRefusal(procedure('CT-02'), unit('TRUCNINH'), C.CHANNEL_POSTAL)).toBe(
      'procedure CT-02 cannot be submitted through channel postal; allowed: counter, online',
    );
  });

  it('given no channel, when checked, then it is refused', () => {
    expect(scopeRefusal(procedure('TCKH-01'), unit('TRUCNINH'), C.CHANNEL_UNSPECIFIED)).toBe(
      'procedure TCKH-01 cannot be submitted through channel 0; allowed: counter, online, postal',
    );
  });

  it('given the wrong level and a forbidden channel, when checked, then the level is what the citizen is told', () => {
    expect(scopeRefusal(procedure('XA-CT-01'), unit('TRUCNINH'), C.CHANNEL_POSTAL)).toMatch(
      /^procedure XA-CT-01 is handled at commune level/,
    );
  });

  it.each([
    ['TCKH-01', 'TRUCNINH', C.CHANNEL_COUNTER],
    ['TCKH-01', 'TRUCNINH', C.CHANNEL_ONLINE],
    ['TCKH-01', 'TRUCNINH', C.CHANNEL_POSTAL],
    ['XA-HT-01', 'XTRUCCHINH', C.CHANNEL_POSTAL],
    ['XA-HT-02', 'TTCOLE', C.CHANNEL_ONLINE],
  ])('given %s at %s by channel %p, when checked, then it is in scope', (code, unitCode, channel) => {
    expect(scopeRefusal(procedure(code), unit(unitCode), channel)).toBeUndefined();
  });
});
