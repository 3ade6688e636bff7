import { checkHeader, formatOf, readCsv, readJson } from './export-file';
import { parseTime } from './values';

const HEADER = 'code,procedure_code,unit_code,channel,received_at,due_at';

describe('reading a CSV export', () => {
  it('gives each record its values by column and the line it starts on (header = row 1)', () => {
    const r = readCsv(
      `\uFEFF${HEADER}\r\nA-1,CT-01,TRUCNINH,counter,2020-07-06 08:15,2020-07-20 08:15\r\n\r\nA-2,CT-01,TRUCNINH,online,x,y\r\n`,
    );
    expect(r).toEqual({
      rows: [
        {
          row: 2,
          values: {
            code: 'A-1',
            procedure_code: 'CT-01',
            unit_code: 'TRUCNINH',
            channel: 'counter',
            received_at: '2020-07-06 08:15',
            due_at: '2020-07-20 08:15',
          },
        },
        { row: 4, values: expect.objectContaining({ code: 'A-2', received_at: 'x' }) },
      ],
    });
  });

  it('reads quoted fields with commas, quotes and line breaks, numbering rows by the line they start on', () => {
    const r = readCsv(
      `${HEADER},result\nA-1,CT-01,TRUCNINH,counter,t,u,"Cấp ""giấy"", phép\nhai dòng"\nA-2,CT-01,TRUCNINH,counter,t,u,ok\n`,
    );
    expect('rows' in r && r.rows.map((x) => [x.row, x.values.result])).toEqual([
      [2, 'Cấp "giấy", phép\nhai dòng'],
      [4, 'ok'],
    ]);
  });

  it('names the row of a record with more fields than the header, and of an unclosed quote', () => {
    expect(readCsv(`${HEADER}\nA,B,C,D,E,F,G\n`)).toEqual({
      problems: [{ row: 2, field: '(row)', message: '7 fields, but the header has 6 columns' }],
    });
    expect(readCsv(`${HEADER}\nA,"B\n`)).toEqual({
      problems: [{ row: 2, field: '(row)', message: 'a quoted field is not closed before the end of the file' }],
    });
  });

  it('refuses a header without a required column or with an unknown one (such as personal data)', () => {
    expect(checkHeader(['code', 'procedure_code', 'unit_code', 'channel', 'received_at', 'applicant_name'])).toEqual([
      expect.objectContaining({ row: 1, field: 'applicant_name', message: expect.stringContaining('personal data') }),
      { row: 1, field: 'due_at', message: 'the required column "due_at" is missing' },
    ]);
    expect(readCsv('')).toEqual({ problems: [expect.objectContaining({ row: 1, field: '(file)' })] });
  });
});

describe('reading a JSON export', () => {
  it('takes a list or {dossiers: [...]}, rows numbered by position, status changes as objects', () => {
    const one = { code: 'A-1', status_changes: [{ status: 'processing', at: '2020-07-06 09:00' }] };
    expect(readJson(JSON.stringify([one]))).toEqual({ rows: [{ row: 1, values: one }] });
    expect(readJson(JSON.stringify({ dossiers: [one, one] }))).toEqual({
      rows: [expect.objectContaining({ row: 1 }), expect.objectContaining({ row: 2 })],
    });
  });

  it('names the record and key of an unknown field, and says when it is not JSON at all', () => {
    expect(readJson(JSON.stringify([{ code: 'A' }, { code: 'B', citizen_id: '0360' }]))).toEqual({
      problems: [expect.objectContaining({ row: 2, field: 'citizen_id' })],
    });
    expect(readJson('{"dossiers": [')).toEqual({
      problems: [expect.objectContaining({ field: '(file)', message: expect.stringContaining('not valid JSON') })],
    });
    expect(readJson('{"rows": []}')).toEqual({ problems: [expect.objectContaining({ field: '(file)' })] });
  });
});

describe('formats and times', () => {
  it('tells the format by extension', () => {
    expect([formatOf('a.CSV'), formatOf('b.json'), formatOf('c.xlsx'), formatOf('d.xls')]).toEqual(['csv', 'json', 'xlsx', undefined]);
  });

  it('reads instants with a zone, Vietnam wall time in two spellings, and spreadsheet dates as Vietnam time', () => {
    const at = '2020-07-06T01:15:00.000Z';
    for (const text of [
      '2020-07-06T08:15:00+07:00',
      '2020-07-06T01:15Z',
      '2020-07-06 08:15',
      '2020-07-06T08:15:00',
      '06/07/2020 08:15',
      '6/7/2020 08:15:00',
    ])
      expect(parseTime(text)).toEqual({ value: new Date(at) });
    expect(parseTime(new Date('2020-07-06T08:15:00Z'))).toEqual({ value: new Date(at) });
  });

  it('refuses dates that do not exist and text that is no time', () => {
    expect(parseTime('2020-02-30 08:00')).toEqual({ problem: '"2020-02-30 08:00" is not a real date and time' });
    expect(parseTime('2020-13-07T14:00:00+07:00')).toEqual({ problem: '"2020-13-07T14:00:00+07:00" is not a real date and time' });
    expect(parseTime('31/04/2020 08:00')).toMatchObject({ problem: expect.stringContaining('not a real date') });
    expect(parseTime('2020-07-06')).toMatchObject({ problem: expect.stringContaining('is not a time') });
    expect(parseTime(42)).toMatchObject({ problem: expect.stringContaining('must be an instant') });
  });
});
