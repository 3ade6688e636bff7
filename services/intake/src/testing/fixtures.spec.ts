// Builders for the intake tests (not a test itself: no tier in the name). Reference data is the
// shipped sample catalogue and units, and the calendar is the real shipped edition.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCalendar } from '@onestop/calendar';
import { common, type intakeEvents as ev } from '@onestop/contracts';
import type { ReferenceData } from '../application/ports';
import { parseCatalogue, parseUnits, type Procedure, type Unit } from '../domain/catalogue';
import { decideSubmission, receiptWithCode, type ReferenceVersions, type Submission } from '../domain/decide';
import { fold, type DossierState } from '../domain/dossier';
import { formatDossierCode } from '../domain/dossier-code';
import type { IntakeEvent } from '../domain/events';

export const DATA_DIR = path.resolve(__dirname, '../../data');
/** The national status codes (Mới đăng ký … Đã trả kết quả), for assertions. */
export const NationalStatus = common.NationalStatus;
export const C = common.Channel;
export const F = common.DocumentForm;
export const R = common.ResultDelivery;

/** A fresh, mutable copy of a shipped data file ("catalogue.json" or "units.json"). */
export function shippedJson(file: 'catalogue.json' | 'units.json'): any {
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, file), 'utf8'));
}

export const calendar = loadCalendar();
export const units = parseUnits(shippedJson('units.json'));
export const catalogue = parseCatalogue(shippedJson('catalogue.json'), new Set(units.agencies.keys()));
/**
 * The 2020 district's reference data: the desks of 2020 keep receiving whatever the clock says
 * (MAP_AS_OF 2020-06-01), as the tests written for Trực Ninh in 2020 expect.
 */
export const reference: ReferenceData = { catalogue, units, calendar, mapAsOf: '2020-06-01' };
/** Today's map: the map and the catalogue's periods in force at the moment of each act. */
export const todaysReference: ReferenceData = { catalogue, units, calendar };
export const refs: ReferenceVersions = { catalogueVersion: catalogue.version, calendar };

export function procedure(code: string): Procedure {
  const p = catalogue.procedures.get(code);
  if (!p) throw new Error(`no procedure ${code} in the sample catalogue`);
  return p;
}

export function unit(code: string): Unit {
  const u = units.units.get(code);
  if (!u) throw new Error(`no unit ${code} in the sample units`);
  return u;
}

import { vnTime as vn } from '@onestop/test-support';

/** An instant given in Viet Nam's local time, "2026-03-04 16:59". */
export { vn };

export function doc(componentCode: string, form: common.DocumentForm, count = 1): common.SubmittedDocument {
  return { componentCode, form, count, fileRef: '' };
}

export function applicant(over: Partial<common.Applicant> = {}): common.Applicant {
  return {
    fullName: 'Nguyễn Văn An',
    idNumber: '036090001234',
    address: 'xóm 3, xã Trực Chính, Trực Ninh',
    phone: '0912345678',
    email: 'an@example.vn',
    ...over,
  };
}

/** Documents that satisfy every required component of the procedure in its required form. */
export function completeDocuments(code: string): common.SubmittedDocument[] {
  const form = { original: F.DOCUMENT_FORM_ORIGINAL, copy: F.DOCUMENT_FORM_COPY, certified_copy: F.DOCUMENT_FORM_CERTIFIED_COPY };
  return procedure(code)
    .components.filter((c) => c.required)
    .map((c) => doc(c.code, form[c.form], c.count));
}

export function submission(over: Partial<Submission> & { procedureCode?: string; unitCode?: string } = {}): Submission {
  const { procedureCode = 'TCKH-01', unitCode = 'TRUCNINH', ...rest } = over;
  return {
    dossierId: 'd-1',
    channel: C.CHANNEL_COUNTER,
    unit: unit(unitCode),
    procedure: procedure(procedureCode),
    applicant: applicant(),
    documents: completeDocuments(procedureCode),
    resultDelivery: R.RESULT_DELIVERY_COUNTER,
    ...rest,
  };
}

/** The DossierReceived a complete counter submission produces at `at` (sequence 1 unless told). */
export function received(at: Date, over: Parameters<typeof submission>[0] = {}, sequence = 1): ev.DossierReceived {
  const outcome = decideSubmission(submission(over), at, refs);
  if (outcome.kind !== 'receive') throw new Error(`expected a receipt, got ${outcome.event.type}`);
  return receiptWithCode(outcome, formatDossierCode(submission(over).unit.code, at, sequence), sequence);
}

export function noted(
  dossierId: string,
  status: common.NationalStatus,
  at: Date,
  newDueAt?: Date,
  sourceEventId = `p-${at.getTime()}`,
): IntakeEvent {
  return {
    type: 'ProcessingStatusNoted',
    data: { dossierId, status, at, newDueAt, sourceEventId, sourceEventType: 'onestop.processing.v1.StatusChanged' },
  };
}

/** The dossier after these events (a received dossier first, when `events` starts with one). */
export function dossier(...events: IntakeEvent[]): DossierState {
  return fold(events.length ? (events[0].data as { dossierId: string }).dossierId : 'd-1', events);
}

/** A dossier received at `at` and then moved to `status` by processing at `statusAt`. */
export function dossierWithStatus(
  status: common.NationalStatus,
  at = vn('2026-03-04 09:00'),
  statusAt = vn('2026-03-05 09:00'),
  over: Parameters<typeof submission>[0] = {},
): DossierState {
  const r: IntakeEvent = { type: 'DossierReceived', data: received(at, over) };
  if (status === NationalStatus.NATIONAL_STATUS_RECEIVED) return dossier(r);
  return dossier(r, noted('d-1', status, statusAt));
}
