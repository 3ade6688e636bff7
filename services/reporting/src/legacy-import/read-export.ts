// Reads an export file from disk: its bytes once, their SHA-256 (what every imported event names),
// and its rows by format (CSV, JSON, XLSX).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { type FileFormat, readCsv, readJson, type ReadResult } from './export-file';

/** Larger exports are split before importing (each file is read whole into memory). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export interface ExportFile {
  name: string;
  format: FileFormat;
  sha256: string;
  bytes: number;
  read: ReadResult;
}

export class ExportFileError extends Error {
  override readonly name = 'ExportFileError';
}

export async function readExportFile(file: string, format: FileFormat): Promise<ExportFile> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new ExportFileError(`${file} is not a file`);
    size = s.size;
  } catch (err) {
    if (err instanceof ExportFileError) throw err;
    throw new ExportFileError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (size > MAX_FILE_BYTES) throw new ExportFileError(`${file} is ${size} bytes; split exports larger than ${MAX_FILE_BYTES} bytes`);
  const bytes = await readFile(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // exceljs is loaded for an XLSX file only: every CLI command (replay included) paid ~0.3 s at
  // start for it when it was imported at the top (as for the report export).
  const read =
    format === 'xlsx'
      ? await (await import('./read-xlsx')).readXlsx(bytes)
      : format === 'json'
        ? readJson(utf8(bytes))
        : readCsv(utf8(bytes));
  return { name: path.basename(file), format, sha256, bytes: size, read };
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ExportFileError('the file is not UTF-8 text: save the export as UTF-8 (CSV UTF-8 in spreadsheet programs)');
  }
}
