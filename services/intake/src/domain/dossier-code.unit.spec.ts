// Dossier code (Circular 01/2018 art. 19): <unit>-YYMMDD-XXXX, YYMMDD the receipt date in Vietnam.
import { codeScope, formatDossierCode, isDossierCode, MAX_DAILY_SEQUENCE, vietnamDay } from './dossier-code';

describe('dossier code', () => {
  describe('the receipt date is the date in Vietnam (UTC+7), not in UTC', () => {
    it.each([
      ['2026-11-26T22:45:00Z', '261127'], // late evening UTC is already the next morning in Vietnam
      ['2026-11-26T16:59:59.999Z', '261126'], // 23:59:59.999 in Vietnam
      ['2026-11-26T17:00:00Z', '261127'], // midnight in Vietnam
      ['2026-11-26T00:00:00Z', '261126'], // 07:00 in Vietnam
      ['2026-12-31T17:00:00Z', '270101'], // new year in Vietnam while still 2026 in UTC
      ['2020-02-28T17:30:00Z', '200229'], // leap day
    ])('given the instant %s, when the day is taken, then it is %s', (instant, day) => {
      expect(vietnamDay(new Date(instant))).toBe(day);
    });
  });

  it('given unit and receipt time, when the code is formatted, then the sequence has 4 digits', () => {
    const at = new Date('2026-11-26T22:45:00Z');
    expect(formatDossierCode('TRUCNINH', at, 1)).toBe('TRUCNINH-261127-0001');
    expect(formatDossierCode('TRUCNINH', at, 42)).toBe('TRUCNINH-261127-0042');
    expect(formatDossierCode('XTRUCCHINH', at, MAX_DAILY_SEQUENCE)).toBe('XTRUCCHINH-261127-9999');
  });

  it('given a receipt time, when the sequence scope is taken, then it is the unit and the Vietnamese day', () => {
    expect(codeScope('TRUCNINH', new Date('2026-11-26T22:45:00Z'))).toBe('TRUCNINH-261127');
    expect(codeScope('TRUCNINH', new Date('2026-11-26T16:00:00Z'))).toBe('TRUCNINH-261126');
  });

  it.each([0, -1, 10_000, 1.5, Number.NaN])('given the sequence %p, when formatted, then it is refused as outside 1..9999', (seq) => {
    expect(() => formatDossierCode('TRUCNINH', new Date('2026-11-26T02:00:00Z'), seq)).toThrow(
      new RangeError(`daily sequence ${seq} is outside 1..9999`),
    );
  });

  it.each([
    ['TRUCNINH-261127-0001', true],
    ['XTRUCCHINH-200229-9999', true],
    ['trucninh-261127-0001', false],
    ['TRUCNINH-26112-0001', false],
    ['TRUCNINH-261127-001', false],
    ['TRUCNINH-261127-00001', false],
    ['TRUCNINH261127-0001', false],
    [' TRUCNINH-261127-0001', false],
    ['', false],
  ])('given %p, when checked, then isDossierCode is %p', (value, expected) => {
    expect(isDossierCode(value)).toBe(expected);
  });

  it('given a formatted code, when checked, then it is a dossier code', () => {
    expect(isDossierCode(formatDossierCode('TTCOLE', new Date('2026-03-04T02:00:00Z'), 7))).toBe(true);
  });
});
