import { createHash } from 'node:crypto';

/**
 * The citizen's ID number (số định danh cá nhân / CCCD) as kept by reporting: a sha-256 salted with
 * the dossier id, so a lookup can be checked without the read model holding the number itself.
 */
export function applicantIdHash(dossierId: string, idNumber: string): string {
  const normalised = idNumber.replace(/\s+/g, '').toUpperCase();
  if (normalised === '') return '';
  return createHash('sha256').update(`${dossierId}\u0000${normalised}`, 'utf8').digest('hex');
}
