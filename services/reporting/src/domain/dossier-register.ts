// Sổ theo dõi hồ sơ (Form 06, Circular 01/2018/TT-VPCP) — the dossier register: one row per
// dossier received in the period, in receipt order.
import type { DossierView } from './dossier-view';

/** The note a boundary-free forward (Decree 118/2025/NĐ-CP) carries on its hand-off. */
export const FORWARD_NOTE = 'forwarded regardless of administrative boundaries';

export interface RegisterRow {
  no: number;
  registerBook: string;
  registerRow: number;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  unitCode: string;
  agencyCode: string;
  receivedAt: Date;
  appointedAt: Date | null;
  /** When the desk handed the dossier to the agency (first Form 05 hand-off). */
  transferredAt: Date | null;
  resultReadyAt: Date | null;
  returnedAt: Date | null;
  status: number;
  note: string;
}

export function registerRows(views: Iterable<DossierView>): RegisterRow[] {
  const received = [...views].filter((v): v is DossierView & { receivedAt: Date } => v.receivedAt !== null);
  received.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.dossierCode.localeCompare(b.dossierCode));
  return received.map((v, i) => ({
    no: i + 1,
    registerBook: v.registerBook,
    registerRow: v.registerRow,
    dossierCode: v.dossierCode,
    procedureCode: v.procedureCode,
    procedureName: v.procedureName,
    applicantName: v.applicantName,
    unitCode: v.unitCode,
    agencyCode: v.agencyCode,
    receivedAt: v.receivedAt,
    appointedAt: v.appointedAt,
    transferredAt: v.timeline.find((t) => t.handoff !== null)?.at ?? null,
    resultReadyAt: v.resultReadyAt,
    returnedAt: v.returnedAt,
    status: v.status,
    note: registerNote(v),
  }));
}

function registerNote(v: DossierView): string {
  const notes: string[] = [];
  if (v.supplementRequests.length > 0) notes.push(`${v.supplementRequests.length} supplement request(s)`);
  if (v.apologies.length > 0) notes.push('apology issued (Form 04)');
  if (v.endKind === 'withdrawn') notes.push('withdrawn');
  if (v.endKind === 'stopped') notes.push('processing stopped');
  const forward = v.timeline.find((t) => t.handoff?.note.startsWith(FORWARD_NOTE))?.handoff;
  if (forward) notes.push(`forwarded to ${forward.to} (receipt regardless of administrative boundaries)`);
  return notes.join('; ');
}
