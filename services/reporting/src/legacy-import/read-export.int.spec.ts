// An export file read from disk by its format: its bytes' SHA-256 and its rows. The XLSX reader
// is loaded only for an XLSX file (read-export.ts), so this reads one through that path.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { COLUMNS } from './export-file';
import { readExportFile } from './read-export';

describe('reading an export file from disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'onestop-export-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads an XLSX workbook: its hash, its rows by worksheet row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hồ sơ');
    ws.addRow([...COLUMNS]);
    ws.addRow(['XTRUCDAO-200803-0001', 'XA-HT-01', 'XTRUCDAO', 'counter', '2020-08-03 08:00', '2020-08-03 17:00']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const file = path.join(dir, 'export.xlsx');
    await writeFile(file, bytes);
    const read = await readExportFile(file, 'xlsx');
    expect(read).toMatchObject({
      name: 'export.xlsx',
      format: 'xlsx',
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    if (!('rows' in read.read)) throw new Error(JSON.stringify(read.read.problems));
    expect(read.read.rows.map((r) => [r.row, r.values.code, r.values.unit_code])).toEqual([[2, 'XTRUCDAO-200803-0001', 'XTRUCDAO']]);
  });
});
