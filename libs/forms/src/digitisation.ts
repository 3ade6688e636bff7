// Số hóa (Circular 01/2023/TT-VPCP): a component scanned at the desk, or a result at issue, is kept
// as a file with its SHA-256 and page count. Pure checks, with messages naming the field.

export interface DigitisedCopyInput {
  fileRef: string;
  sha256: string;
  pageCount: number;
}

export interface FieldViolation {
  field: string;
  description: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Problems with a digitised copy given at `field` (e.g. "documents[0].digitised"). */
export function digitisationViolations(d: DigitisedCopyInput, field: string): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (!d.fileRef.trim()) out.push({ field: `${field}.file_ref`, description: 'is required: the scanned file in the archive' });
  else if (d.fileRef.length > 500) out.push({ field: `${field}.file_ref`, description: 'must be at most 500 characters' });
  if (!SHA256.test(d.sha256))
    out.push({ field: `${field}.sha256`, description: 'must be the SHA-256 of the file: 64 lowercase hex digits' });
  if (!Number.isInteger(d.pageCount) || d.pageCount < 1 || d.pageCount > 10_000) {
    out.push({ field: `${field}.page_count`, description: 'must be a whole number of pages from 1 to 10000' });
  }
  return out;
}
