// Reads an XLSX export (first worksheet, header in row 1, one dossier per row) into raw rows with
// exceljs, already a dependency for the report export. Date cells keep their wall-clock time, read
// as Vietnam time by the validation; rich text, hyperlinks and formulas give their text or result.
import ExcelJS from 'exceljs';
import { checkHeader, COLUMNS, type Column, type RawRow, type RawValue, type ReadResult } from './export-file';

export async function readXlsx(bytes: Buffer): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    return { problems: [{ row: 0, field: '(file)', message: `not a readable XLSX workbook: ${(err as Error).message}` }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0)
    return {
      problems: [{ row: 1, field: '(file)', message: 'the first worksheet is empty: a header row naming the columns is expected' }],
    };
  const header = sheet.getRow(1);
  const names: string[] = [];
  for (let c = 1; c <= header.cellCount; c++) names.push(headerName(cellValue(header.getCell(c).value)));
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const problems = checkHeader(names);
  if (problems.length > 0) return { problems };
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: RawRow['values'] = {};
    let any = false;
    names.forEach((name, i) => {
      if (!(COLUMNS as readonly string[]).includes(name)) return;
      const v = cellValue(row.getCell(i + 1).value);
      if (v !== null && v !== '') any = true;
      values[name as Column] = v;
    });
    if (any) rows.push({ row: rowNumber, values });
  });
  return { rows };
}

function headerName(v: RawValue): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
}

function cellValue(v: ExcelJS.CellValue): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellValue((v as ExcelJS.CellFormulaValue).result);
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return null;
}
