// Builders of encoded events (as the producers publish them) for unit and integration tests.
import { randomUUID } from 'node:crypto';
import { encodeEvent } from '@onestop/contracts';
import type { IncomingEvent } from '../application/translate/translate';

export const SOURCES = { intake: 'onestop.intake', processing: 'onestop.processing', postal: 'onestop.postal-delivery' } as const;

/** An incoming event of `type` ("onestop.intake.v1.DossierReceived") with the payload encoded. */
export function incoming(
  source: string,
  type: string,
  streamId: string,
  streamVersion: number,
  payload: Record<string, unknown>,
  recordedAt = new Date('2020-03-02T01:00:00Z'),
): IncomingEvent {
  return { id: randomUUID(), source, type, streamId, streamVersion, recordedAt, data: encodeEvent(type, payload), actorId: 'officer-1' };
}

/** The payload of intake's DossierReceived for a dossier, with sensible defaults. */
export function dossierReceived(dossierId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dossierId,
    dossierCode: 'H40-200302-0001',
    unitCode: 'H40',
    procedureCode: 'P1',
    procedureName: 'Chứng thực bản sao',
    fieldCode: 'TP',
    agencyCode: 'STP',
    level: 'district',
    channel: 1,
    applicant: { fullName: 'Nguyễn Văn A', idNumber: '036090001234', address: 'Trực Ninh', phone: '0912', email: '' },
    receivedAt: new Date('2020-03-02T01:00:00Z'),
    clockStartedAt: new Date('2020-03-02T01:00:00Z'),
    dueAt: new Date('2020-03-04T10:00:00Z'),
    statutoryWorkingHours: 16,
    registerBook: '2020',
    registerRow: 1,
    resultDelivery: 1,
    ...over,
  };
}
