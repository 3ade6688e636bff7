// Builders of facts and dossiers for the unit tests (not a test itself: no tier in the name).
import type { DossierFact, FactBody } from '../domain/facts';
import type { ReportDossier } from '../domain/classify';

import { vnTime as vn } from '@onestop/test-support';

/** An instant given in Viet Nam's local time, "2026-03-04 16:59". */
export { vn };

let nextId = 1;

/** A fact of `source` at stream version `version`, recorded at its business time unless told. */
export function fact(dossierId: string, source: string, version: number, body: FactBody, recordedAt?: Date): DossierFact {
  return {
    ...body,
    dossierId,
    meta: {
      eventId: `e-${nextId++}`,
      source,
      streamId: dossierId,
      type: `test.${body.kind}`,
      streamVersion: version,
      recordedAt: recordedAt ?? body.at,
      actorId: 'officer-1',
    },
  };
}

export const placement = { unitCode: 'H40', procedureCode: 'P1', fieldCode: 'TP', agencyCode: 'STP', level: 'district' };

export function receivedBody(at: Date, dueAt: Date, extra: Partial<Extract<FactBody, { kind: 'received' }>> = {}): FactBody {
  return {
    kind: 'received',
    at,
    dossierCode: 'H40-200203-0001',
    procedureName: 'Chứng thực',
    channel: 'counter',
    dueAt,
    clockStartedAt: at,
    statutoryWorkingHours: 16,
    registerBook: '2020',
    registerRow: 1,
    resultDelivery: 'counter',
    postalHandoverAt: null,
    waybillNumber: '',
    applicantName: 'Nguyễn Văn A',
    applicantIdHash: 'hash',
    ...placement,
    ...extra,
  };
}

/** A report dossier with defaults; times in Vietnamese local time. */
export function dossier(
  id: string,
  d: {
    field?: string;
    channel?: 'counter' | 'online' | 'postal';
    received?: string;
    due?: string;
    ended?: string;
    endKind?: 'result' | 'withdrawn' | 'stopped' | 'refused';
    refused?: string;
  },
): ReportDossier {
  return {
    dossierId: id,
    procedureCode: 'P1',
    procedureName: 'Chứng thực',
    fieldCode: d.field ?? 'TP',
    agencyCode: 'STP',
    unitCode: 'H40',
    level: 'district',
    channel: d.channel ?? 'counter',
    receivedAt: d.received ? vn(d.received) : null,
    dueAt: d.due ? vn(d.due) : null,
    endedAt: d.ended ? vn(d.ended) : d.refused ? vn(d.refused) : null,
    endKind: d.ended ? (d.endKind ?? 'result') : d.refused ? 'refused' : null,
    refusedAt: d.refused ? vn(d.refused) : null,
  };
}
