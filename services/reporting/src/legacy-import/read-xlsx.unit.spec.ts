import ExcelJS from 'exceljs';
import { referenceData } from '../testing/legacy-import.spec';
import { readXlsx } from './read-xlsx';
import { validateRows } from './validate';

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Hồ sơ');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = [
  'code',
  'procedure_code',
  'unit_code',
  'channel',
  'received_at',
  'due_at',
  'status_changes',
  'result_at',
  'returned_at',
  'return_method',
];

describe('reading an XLSX export', () => {
  it('reads the first worksheet by its header row, date cells as Vietnam wall time, rows by worksheet row', async () => {
    const bytes = await workbook([
      HEADER,
      [
        'TRUCNINH-200706-0001',
        'CT-01',
        'TRUCNINH',
        'counter',
        new Date(Date.UTC(2020, 6, 6, 8, 15)),
        '2020-07-20 08:15',
        'processing@2020-07-06 09:00',
        new Date(Date.UTC(2020, 6, 16, 10, 0)),
        { richText: [{ text: '2020-07-17 ' }, { text: '09:00' }] },
        'counter',
      ],
      [],
      ['XTRUCDAO-200803-0001', 'XA-HT-01', 'XTRUCDAO', 'counter', '2020-08-03 08:00', '2020-08-03 17:00'],
    ]);
    const read = await readXlsx(bytes);
    if (!('rows' in read)) throw new Error(JSON.stringify(read.problems));
    expect(read.rows.map((r) => r.row)).toEqual([2, 4]);
    expect(read.rows[0].values.returned_at).toBe('2020-07-17 09:00');
    const checked = validateRows(read.rows, referenceData());
    if (!('dossiers' in checked)) throw new Error(JSON.stringify(checked.problems));
    expect(checked.dossiers[0]).toMatchObject({
      receivedAt: new Date('2020-07-06T01:15:00Z'),
      changes: [
        expect.objectContaining({ status: 'processing' }),
        expect.objectContaining({ status: 'result_ready', at: new Date('2020-07-16T03:00:00Z') }),
        expect.objectContaining({ status: 'result_returned', at: new Date('2020-07-17T02:00:00Z'), returnMethod: 'counter' }),
      ],
    });
  });

  it('names header problems and refuses bytes that are no workbook', async () => {
    const read = await readXlsx(await workbook([['code', 'unit_code', 'ho_ten']]));
    expect('problems' in read && read.problems.map((p) => p.field)).toEqual([
      'ho_ten',
      'procedure_code',
      'channel',
      'received_at',
      'due_at',
    ]);
    const broken = await readXlsx(Buffer.from('not a zip'));
    expect(broken).toEqual({
      problems: [expect.objectContaining({ field: '(file)', message: expect.stringContaining('not a readable XLSX workbook') })],
    });
  });
});
