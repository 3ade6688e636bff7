// Imported dossiers (proto/onestop/intake/v1/legacy_import.proto, written by `ops import`) as
// dossier facts: the same facts a live dossier gives, at the original times the export gave, so
// Biểu II.06a, the statistics, the register and as-of queries count them like any other dossier.
import { legacyImportEvents as ev } from '@onestop/contracts';
import { NATIONAL_STATUS } from '../../domain/facts';
import { about, channelOf, resultDeliveryOf, type Translator } from './incoming-event';

const S = ev.LegacyStatus;

function origin(source: ev.LegacyImportSource | undefined): string {
  return source ? `imported from ${source.fileName} row ${source.row}` : 'imported';
}

const dossierImported: Translator<ev.LegacyDossierImported> = (p, read) => {
  const id = read.dossierOfStream(p.dossierId);
  const receivedAt = read.requiredTime(p.receivedAt, 'received_at');
  return about(id, {
    kind: 'received',
    at: receivedAt,
    dossierCode: p.dossierCode,
    procedureName: p.procedureName,
    channel: channelOf(p.channel),
    dueAt: read.requiredTime(p.dueAt, 'due_at'),
    clockStartedAt: receivedAt,
    statutoryWorkingHours: p.statutoryWorkingHours,
    registerBook: '',
    registerRow: 0,
    resultDelivery: resultDeliveryOf(p.resultDelivery),
    postalHandoverAt: null,
    waybillNumber: '',
    unitCode: p.unitCode,
    procedureCode: p.procedureCode,
    fieldCode: p.fieldCode,
    agencyCode: p.agencyCode,
    level: p.level,
    applicantName: '',
    applicantIdHash: '',
  });
};

function progress(id: string, at: Date, status: 4 | 6, summary: string) {
  return about(id, { kind: 'processing_progress', at, status, summary, assignee: '', agencyCode: '', handoff: null });
}

const statusImported: Translator<ev.LegacyStatusImported> = (p, read) => {
  const id = read.dossierOfStream(p.dossierId);
  const at = read.requiredTime(p.at, 'at');
  const from = origin(p.source);
  switch (p.status) {
    case S.LEGACY_STATUS_PROCESSING:
      return progress(id, at, NATIONAL_STATUS.PROCESSING, `In processing (${from})`);
    case S.LEGACY_STATUS_AWAITING_PAYMENT:
      return progress(id, at, NATIONAL_STATUS.AWAITING_PAYMENT, `Awaiting payment (${from})`);
    case S.LEGACY_STATUS_SUPPLEMENT_REQUESTED:
      return about(id, { kind: 'supplement_requested', at, note: p.note });
    case S.LEGACY_STATUS_SUPPLEMENT_RECEIVED:
      return about(id, { kind: 'supplement_received', at, newDueAt: p.newDueAt ?? null, waitedWorkingHours: 0 });
    case S.LEGACY_STATUS_STOPPED:
      return about(id, { kind: 'stopped', at, reason: p.note || from });
    case S.LEGACY_STATUS_WITHDRAWN:
      return about(id, { kind: 'withdrawn', at });
    case S.LEGACY_STATUS_RESULT_READY:
      return about(id, { kind: 'result_ready', at, verdict: '' });
    case S.LEGACY_STATUS_RESULT_RETURNED:
      return about(id, { kind: 'result_returned', at, method: resultDeliveryOf(p.returnMethod), waybillNumber: '' });
    default:
      return read.poison(`status ${String(p.status)} is not a status an import records`);
  }
};

/** The imported dossiers' translators by message name (package onestop.intake.v1). */
export const LEGACY_IMPORT_TRANSLATORS: Record<string, Translator<never>> = {
  LegacyDossierImported: dossierImported,
  LegacyStatusImported: statusImported,
};
