// Shared givens for the domain's unit specs (not a spec itself: excluded from the build by its
// name, and not matched by jest's *.unit.spec.ts). Uses the real working calendar and the shipped
// workflow file, so the rules are checked against the data the service runs with.
import { common, type intakeEvents } from '@onestop/contracts';
import { loadCalendar } from '@onestop/calendar';
import { loadWorkflowCatalogue } from '../adapters/files/workflow-file';
import type { Actor } from './actor';
import { type CaseState, evolve, foldCase } from './case-state';
import type { CaseCommand } from './commands';
import { decide } from './decide';
import type { Decision } from './decision';
import type { CaseEvent } from './events';
import { resolveWorkflow } from './workflow';

export const calendar = loadCalendar();
export const catalogue = loadWorkflowCatalogue();

/** An instant given in Vietnam local time: at('2020-10-05 08:00'). */
import { vnTime as at } from '@onestop/test-support';

export { at };

export const DOSSIER_ID = '5b0c1f9e-3c55-4a8e-9a57-3c1bb1f0b001';
export const AGENCY = 'TUPHAP';
export const DESK = 'TRUCNINH';

export const leader: Actor = { officerId: 'tp-leader', role: 'leader', unitCode: AGENCY };
export const specialist: Actor = { officerId: 'tp-specialist', role: 'specialist', unitCode: AGENCY };
export const otherSpecialist: Actor = { officerId: 'tp-specialist-2', role: 'specialist', unitCode: AGENCY };
export const otherAgencyLeader: Actor = { officerId: 'kt-leader', role: 'leader', unitCode: 'KTHT' };

/**
 * Thay đổi, cải chính thông tin hộ tịch: 3 working days, pause policy, the standard workflow.
 * Received Monday 2020-10-05 08:00, so due Thursday 2020-10-08 08:00.
 */
export function dossierReceived(overrides: Partial<intakeEvents.DossierReceived> = {}): intakeEvents.DossierReceived {
  const receivedAt = at('2020-10-05 08:00');
  return {
    dossierId: DOSSIER_ID,
    dossierCode: 'TRUCNINH-201005-0001',
    unitCode: DESK,
    procedureCode: 'TP-HT-03',
    procedureName: 'Thay đổi, cải chính, bổ sung thông tin hộ tịch',
    fieldCode: 'TP',
    agencyCode: AGENCY,
    level: 'district',
    channel: common.Channel.CHANNEL_COUNTER,
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '036090001234', address: 'Cổ Lễ', phone: '', email: '' },
    documents: [],
    resultDelivery: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
    receivedAt,
    clockStartedAt: receivedAt,
    dueAt: calendar.addWorkingHours(receivedAt, 24),
    statutoryWorkingHours: 24,
    statutoryTimeUnit: 'working_days',
    statutoryTimeValue: 3,
    catalogueVersion: 'catalogue-2020.1',
    calendarVersion: calendar.version,
    feesCollected: [],
    postalHandover: undefined,
    supplementPolicy: 'pause',
    registerBook: '2020',
    registerRow: 1,
    ...overrides,
  };
}

export function openCommand(overrides: Partial<intakeEvents.DossierReceived> = {}): CaseCommand {
  const dossier = dossierReceived(overrides);
  return {
    type: 'OpenCase',
    dossier,
    workflow: resolveWorkflow(catalogue, dossier.procedureCode, dossier.statutoryWorkingHours),
    sourceEventId: 'intake-event-1',
    deskOfficerId: 'desk-1',
  };
}

export function when(state: CaseState, command: CaseCommand, now: Date): Decision {
  return decide(command, state, { now, time: calendar });
}

/** Decides and applies; fails the test when the command is rejected. */
export function run(state: CaseState, command: CaseCommand, now: Date): { state: CaseState; events: CaseEvent[] } {
  const d = when(state, command, now);
  if (!d.ok) throw new Error(`expected ${command.type} to be accepted, got ${JSON.stringify(d.rejection)}`);
  return { state: d.events.reduce(evolve, state), events: d.events };
}

/** Runs commands in order, each at its own time. */
export function given(...steps: [CaseCommand, Date][]): CaseState {
  return steps.reduce((s, [command, now]) => run(s, command, now).state, foldCase(DOSSIER_ID, []));
}

export const assign = (officerId = specialist.officerId, actor = leader): CaseCommand => ({
  type: 'AssignOfficer',
  actor,
  officerId,
  note: '',
});
export const complete = (stepCode: string, actor: Actor): CaseCommand => ({ type: 'CompleteStep', actor, stepCode, note: '' });

/** Opened Monday 08:00, assigned 09:00 — the specialist is appraising. */
export function appraising(overrides: Partial<intakeEvents.DossierReceived> = {}): CaseState {
  return given([openCommand(overrides), at('2020-10-05 08:00')], [assign(), at('2020-10-05 09:00')]);
}

/** The rejection of a decision (fails the test when it was accepted). */
export function rejectionOf(d: Decision) {
  if (d.ok) throw new Error(`expected a rejection, got ${d.events.map((e) => e.type).join(', ')}`);
  return d.rejection;
}

type DataByType = { [E in CaseEvent as E['type']]: E['data'] };

/** The data of the one event decided, which must be of `type`. */
export function only<T extends CaseEvent['type']>(events: CaseEvent[], type: T): DataByType[T] {
  expect(events.map((e) => e.type)).toEqual([type]);
  return events[0].data as DataByType[T];
}
