// What the import records for each checked dossier: one stream in intake's event store whose id is
// derived from the dossier code (so the same dossier always lands on the same stream), its code
// claimed like a receipt claims it, and its events — the receipt, each status change, the result
// and its return — each carrying its original time and the source file's SHA-256 and row. Pure.
import { createHash } from 'node:crypto';
import { common, encodeEvent, legacyImportEvents as ev } from '@onestop/contracts';
import type { Reservation } from '@onestop/eventstore';
import type { FileFormat } from './export-file';
import type { ChannelName, DeliveryName, LegacyChange, LegacyDossier, LegacyStatusName } from './validate';

export const DOSSIER_IMPORTED = 'onestop.intake.v1.LegacyDossierImported';
export const STATUS_IMPORTED = 'onestop.intake.v1.LegacyStatusImported';

/** The export file and the run, as every imported event names them. */
export interface ImportRun {
  sha256: string;
  fileName: string;
  format: FileFormat;
  importedAt: Date;
  importedBy: string;
}

export interface PlannedEvent {
  id: string;
  type: string;
  data: Uint8Array;
  /** The original time of what it records (received, changed, ready, returned). */
  at: Date;
}

export interface PlannedDossier {
  dossierId: string;
  code: string;
  row: number;
  unitCode: string;
  reservation: Reservation;
  events: PlannedEvent[];
}

/** A UUID-shaped id (version 8, RFC 9562 "custom") from a SHA-256 of the text: the same text, the same id. */
export function derivedUuid(text: string): string {
  const h = createHash('sha256').update(text, 'utf8').digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The stream (dossier id) of an imported dossier code. */
export function legacyDossierId(code: string): string {
  return derivedUuid(`onestop.legacy-import:dossier:${code}`);
}

const PLATFORM_CODE = /^([A-Z0-9]+)-(\d{6})-(\d{4})$/;

/**
 * The code's claim: a code in the platform's own form for its unit and received day takes its place
 * in that day's sequence (so intake numbers the day's next receipt after it); any other code is
 * claimed under the unit's legacy scope. Either way no two dossiers share a code.
 */
export function reservationOf(d: Pick<LegacyDossier, 'code' | 'unitCode' | 'receivedAt' | 'row'>): Reservation {
  const m = PLATFORM_CODE.exec(d.code);
  const yymmdd = new Date(d.receivedAt.getTime() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, '');
  if (m && m[1] === d.unitCode && m[2] === yymmdd && Number(m[3]) >= 1) return { key: d.code, scope: `${m[1]}-${m[2]}`, seq: Number(m[3]) };
  return { key: d.code, scope: `legacy-import:${d.unitCode}`, seq: d.row };
}

const CHANNEL: Record<ChannelName, common.Channel> = {
  counter: common.Channel.CHANNEL_COUNTER,
  online: common.Channel.CHANNEL_ONLINE,
  postal: common.Channel.CHANNEL_POSTAL,
};

const DELIVERY: Record<DeliveryName, common.ResultDelivery> = {
  counter: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
  post: common.ResultDelivery.RESULT_DELIVERY_POST,
  electronic: common.ResultDelivery.RESULT_DELIVERY_ELECTRONIC,
};

const STATUS: Record<LegacyStatusName, ev.LegacyStatus> = {
  processing: ev.LegacyStatus.LEGACY_STATUS_PROCESSING,
  supplement_requested: ev.LegacyStatus.LEGACY_STATUS_SUPPLEMENT_REQUESTED,
  supplement_received: ev.LegacyStatus.LEGACY_STATUS_SUPPLEMENT_RECEIVED,
  awaiting_payment: ev.LegacyStatus.LEGACY_STATUS_AWAITING_PAYMENT,
  stopped: ev.LegacyStatus.LEGACY_STATUS_STOPPED,
  withdrawn: ev.LegacyStatus.LEGACY_STATUS_WITHDRAWN,
  result_ready: ev.LegacyStatus.LEGACY_STATUS_RESULT_READY,
  result_returned: ev.LegacyStatus.LEGACY_STATUS_RESULT_RETURNED,
};

export interface References {
  catalogueVersion: string;
  unitsVersion: string;
}

/** The stream the import appends for one dossier. */
export function planDossier(d: LegacyDossier, run: ImportRun, refs: References): PlannedDossier {
  const dossierId = legacyDossierId(d.code);
  const source: ev.LegacyImportSource = {
    fileSha256: run.sha256,
    fileName: run.fileName,
    fileFormat: run.format,
    row: d.row,
    importedAt: run.importedAt,
    importedBy: run.importedBy,
  };
  const received: ev.LegacyDossierImported = {
    dossierId,
    dossierCode: d.code,
    unitCode: d.unitCode,
    procedureCode: d.procedureCode,
    procedureName: d.procedureName,
    fieldCode: d.fieldCode,
    agencyCode: d.agencyCode,
    level: d.level,
    channel: CHANNEL[d.channel],
    resultDelivery: d.resultDelivery ? DELIVERY[d.resultDelivery] : common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED,
    receivedAt: d.receivedAt,
    dueAt: d.dueAt,
    statutoryWorkingHours: d.statutoryWorkingHours,
    catalogueVersion: refs.catalogueVersion,
    unitsVersion: refs.unitsVersion,
    source,
  };
  const event = (i: number, type: string, data: Uint8Array, at: Date): PlannedEvent => ({
    id: derivedUuid(`onestop.legacy-import:event:${dossierId}:${i}`),
    type,
    data,
    at,
  });
  return {
    dossierId,
    code: d.code,
    row: d.row,
    unitCode: d.unitCode,
    reservation: reservationOf(d),
    events: [
      event(1, DOSSIER_IMPORTED, encodeEvent(DOSSIER_IMPORTED, received), d.receivedAt),
      ...d.changes.map((c, i) => event(i + 2, STATUS_IMPORTED, encodeEvent(STATUS_IMPORTED, statusEvent(dossierId, c, source)), c.at)),
    ],
  };
}

function statusEvent(dossierId: string, c: LegacyChange, source: ev.LegacyImportSource): ev.LegacyStatusImported {
  return {
    dossierId,
    status: STATUS[c.status],
    at: c.at,
    newDueAt: c.newDueAt ?? undefined,
    note: c.note,
    result: c.result,
    returnMethod: c.returnMethod ? DELIVERY[c.returnMethod] : common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED,
    source,
  };
}
