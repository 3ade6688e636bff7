// Dossier code (mã hồ sơ, Circular 01/2018/TT-VPCP art. 19): <unit code>-YYMMDD-NNNN, where YYMMDD
// is the receipt date in Vietnam time and NNNN the sequence within the day for that unit.
const VN_OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving)

/** YYMMDD of an instant in Vietnam time. */
export function vietnamDay(instant: Date): string {
  const d = new Date(instant.getTime() + VN_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}`;
}

/** The sequence scope: one counter per unit per receipt day. */
export function codeScope(unitCode: string, receivedAt: Date): string {
  return `${unitCode}-${vietnamDay(receivedAt)}`;
}

export const MAX_DAILY_SEQUENCE = 9999;

export function formatDossierCode(unitCode: string, receivedAt: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`daily sequence ${sequence} is outside 1..${MAX_DAILY_SEQUENCE}`);
  }
  return `${codeScope(unitCode, receivedAt)}-${String(sequence).padStart(4, '0')}`;
}

const CODE = /^([A-Z0-9]+)-(\d{6})-(\d{4})$/;

export function isDossierCode(value: string): boolean {
  return CODE.test(value);
}
