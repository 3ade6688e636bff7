// What a citizen sees when looking up a dossier by its code and their ID number: where it stands,
// when to come back, and how it got there — no other personal data, no officers' names.
import type { DossierView } from './dossier-view';
import { NATIONAL_STATUS, type NationalStatus } from './facts';
import { NATIONAL_STATUS_NAMES } from './status';

export interface CitizenTimelineEntry {
  at: Date;
  status: NationalStatus;
  statusName: string;
}

export interface CitizenView {
  dossierCode: string;
  procedureName: string;
  status: NationalStatus;
  statusName: string;
  receivedAt: Date | null;
  /** The appointed return time in force (the apology's new date when there is one). */
  appointedAt: Date | null;
  timeline: CitizenTimelineEntry[];
}

export function citizenView(view: DossierView): CitizenView {
  const timeline: CitizenTimelineEntry[] = [];
  for (const entry of view.timeline) {
    if (entry.status === NATIONAL_STATUS.UNKNOWN || timeline[timeline.length - 1]?.status === entry.status) continue;
    timeline.push({ at: entry.at, status: entry.status, statusName: NATIONAL_STATUS_NAMES[entry.status] });
  }
  return {
    dossierCode: view.dossierCode,
    procedureName: view.procedureName,
    status: view.status,
    statusName: NATIONAL_STATUS_NAMES[view.status],
    receivedAt: view.receivedAt,
    appointedAt: view.appointedAt,
    timeline,
  };
}
