// The export file of a former one-stop software, as `ops import` reads it (schema in README.md,
// example in docs/examples/legacy-export.csv / .json): one dossier per row (CSV, XLSX) or per
// object (JSON). Reading turns the bytes into raw rows — each with its row number and its values by
// column — and checks only the file's shape; validate.ts checks the values. Pure.

/** The columns of the export, in the order of the example file. */
export const COLUMNS = [
  'code',
  'procedure_code',
  'unit_code',
  'channel',
  'received_at',
  'due_at',
  'result_delivery',
  'status_changes',
  'result_at',
  'result',
  'returned_at',
  'return_method',
] as const;

export type Column = (typeof COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly Column[] = ['code', 'procedure_code', 'unit_code', 'channel', 'received_at', 'due_at'];

export type FileFormat = 'csv' | 'json' | 'xlsx';

/**
 * A value as the file gives it: text (CSV, JSON, XLSX), a number or boolean (JSON, XLSX), a Date
 * (an XLSX date cell: its wall-clock time, read as Vietnam time), a list of status changes (JSON).
 */
export type RawValue = string | number | boolean | Date | null | undefined | readonly unknown[] | Record<string, unknown>;

export interface RawRow {
  /** CSV: the line of the record (the header is row 1); XLSX: the worksheet row; JSON: the 1-based position in the list. */
  row: number;
  values: Partial<Record<Column, RawValue>>;
}

/** A problem with one field of one row (row 1 = the header, field = the column). */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

export type ReadResult = { rows: RawRow[] } | { problems: RowProblem[] };

export function formatOf(fileName: string): FileFormat | undefined {
  const m = /\.(csv|json|xlsx)$/i.exec(fileName);
  return m ? (m[1].toLowerCase() as FileFormat) : undefined;
}

/** Checks a header (CSV, XLSX): every required column present, no unknown or repeated column. */
export function checkHeader(names: readonly string[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === '') return;
    if (seen.has(name)) problems.push({ row: 1, field: name, message: `column "${name}" appears twice` });
    seen.add(name);
    if (!(COLUMNS as readonly string[]).includes(name))
      problems.push({
        row: 1,
        field: name,
        message: `column ${i + 1} "${name}" is not part of the export schema (columns: ${COLUMNS.join(', ')}); personal data such as applicants' names is not imported`,
      });
  });
  for (const c of REQUIRED_COLUMNS) {
    if (!seen.has(c)) problems.push({ row: 1, field: c, message: `the required column "${c}" is missing` });
  }
  return problems;
}

/**
 * Reads RFC 4180 CSV (comma-separated, double quotes around fields with commas, quotes or line
 * breaks, "" for a quote inside), UTF-8 with or without a byte order mark. The first record is the
 * header. Blank lines are skipped. A row's number is the line its record starts on.
 */
export function readCsv(text: string): ReadResult {
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  if ('problem' in records) return { problems: [records.problem] };
  const [header, ...body] = records.list;
  if (!header)
    return { problems: [{ row: 1, field: '(file)', message: 'the file is empty: a header line naming the columns is expected' }] };
  const names = header.fields.map((f) => f.trim());
  const problems = checkHeader(names);
  const rows: RawRow[] = [];
  for (const record of body) {
    if (record.fields.length > names.length && record.fields.slice(names.length).some((f) => f.trim() !== '')) {
      problems.push({
        row: record.line,
        field: '(row)',
        message: `${record.fields.length} fields, but the header has ${names.length} columns`,
      });
      continue;
    }
    const values: RawRow['values'] = {};
    names.forEach((name, i) => {
      if ((COLUMNS as readonly string[]).includes(name)) values[name as Column] = record.fields[i] ?? '';
    });
    rows.push({ row: record.line, values });
  }
  return problems.length > 0 ? { problems } : { rows };
}

interface CsvRecord {
  line: number;
  fields: string[];
}

function csvRecords(text: string): { list: CsvRecord[] } | { problem: RowProblem } {
  const list: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '' || fieldStarted) list.push({ line: start, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '')
        return { problem: { row: line, field: '(row)', message: 'a quote inside an unquoted field; quote the whole field' } };
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\r' && text[i + 1] === '\n') {
      continue;
    } else if (c === '\n' || c === '\r') {
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
    }
  }
  if (quoted) return { problem: { row: start, field: '(row)', message: 'a quoted field is not closed before the end of the file' } };
  endRecord();
  return { list };
}

/**
 * Reads the JSON export: a list of dossier objects, or `{ "dossiers": [ … ] }`. Keys are the
 * column names; status_changes may be a list of `{ status, at, new_due_at?, note? }`.
 */
export function readJson(text: string): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { problems: [{ row: 0, field: '(file)', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.dossiers) ? data.dossiers : undefined;
  if (!list)
    return { problems: [{ row: 0, field: '(file)', message: 'expected a list of dossiers, or an object with a "dossiers" list' }] };
  const problems: RowProblem[] = [];
  const rows: RawRow[] = [];
  list.forEach((item: unknown, i) => {
    const row = i + 1;
    if (!isObject(item)) {
      problems.push({ row, field: '(row)', message: 'each dossier must be an object with the columns as keys' });
      return;
    }
    const values: RawRow['values'] = {};
    for (const [key, value] of Object.entries(item)) {
      if (!(COLUMNS as readonly string[]).includes(key)) {
        problems.push({ row, field: key, message: `"${key}" is not part of the export schema (fields: ${COLUMNS.join(', ')})` });
        continue;
      }
      values[key as Column] = value as RawValue;
    }
    rows.push({ row, values });
  });
  return problems.length > 0 ? { problems } : { rows };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
