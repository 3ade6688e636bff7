// decide(command, state, context) -> events | rejection over the desk's command union, and the
// dossier's evolve: the one shape every service's domain has. The per-command rules live in
// decide.ts (after reception) and decide-reception.ts (reception).
import { invalidField, precondition, reject } from '@onestop/commands';
import type { common, intakeEvents as ev } from '@onestop/contracts';
import type { Procedure, Unit } from './catalogue';
import type { CalendarPort } from './calendar-port';
import {
  type Decision,
  decideEvaluation,
  decideOnlineReception,
  decideResultDelivery,
  decideReturn,
  decideSubmission,
  decideSupplement,
  decideWithdrawalConfirmation,
  decideWithdrawalRequest,
  noteProcessingFact,
  receiptWithCode,
  type Submission,
  type SubmissionOutcome,
} from './decide';
import { evolve, initialState, type DossierState } from './dossier';
import { decideDigitisation, type DigitisationCommand } from './decide-digitisation';
import { formatDossierCode, MAX_DAILY_SEQUENCE } from './dossier-code';
import type { IntakeEvent } from './events';
import type { Routing } from './reception-check';

/** The legal basis recorded with a boundary-free forward. */
export const BOUNDARY_FREE_BASIS = 'Nghị định 118/2025/NĐ-CP (tiếp nhận không phụ thuộc địa giới hành chính)';

export { evolve, initialState };

export interface ProcessingFact {
  status: common.NationalStatus;
  at: Date;
  newDueAt?: Date;
  sourceEventId: string;
  sourceEventType: string;
}

export type DeskCommand =
  | { type: 'SubmitDossier'; submission: Submission }
  | { type: 'ReceiveOnlineDossier'; refusalReason: string; unit: Unit; procedure: Procedure; routing?: Routing }
  | { type: 'RecordSupplement'; documents: common.SubmittedDocument[] }
  | { type: 'RequestWithdrawal'; reason: string }
  | { type: 'ConfirmWithdrawal' }
  | { type: 'ReturnResult'; method: common.ResultDelivery; recipientName: string; procedure?: Procedure }
  | {
      type: 'RecordResultDelivery';
      delivered: boolean;
      at: Date;
      waybillNumber: string;
      recipientName: string;
      failureReason: string;
      procedure?: Procedure;
    }
  | { type: 'EvaluateSatisfaction'; scores: { criterion: string; score: number }[]; comment: string }
  | { type: 'NoteProcessingFact'; fact: ProcessingFact }
  | DigitisationCommand;

export type DeskCommandType = DeskCommand['type'];

export interface DeskContext {
  now: Date;
  calendar: CalendarPort;
  catalogueVersion: string;
  /** The next free row of the receiving unit's register today: a receipt takes it as its code. */
  nextSequence: number;
}

/** A reception outcome as events: a receipt takes the next dossier code of the unit's day. */
function receptionEvents(outcome: SubmissionOutcome, ctx: DeskContext): Decision {
  if (outcome.kind === 'event') return { ok: true, events: [outcome.event] };
  if (ctx.nextSequence > MAX_DAILY_SEQUENCE)
    return reject(precondition(`unit ${outcome.unitCode} reached ${MAX_DAILY_SEQUENCE} dossiers today`));
  const code = formatDossierCode(outcome.unitCode, ctx.now, ctx.nextSequence);
  const received: ev.DossierReceived = receiptWithCode(outcome, code, ctx.nextSequence);
  const events: IntakeEvent[] = [{ type: 'DossierReceived', data: received }];
  if (received.competentUnitCode) {
    events.push({
      type: 'DossierForwarded',
      data: {
        dossierId: received.dossierId,
        dossierCode: received.dossierCode,
        fromUnitCode: received.unitCode,
        toUnitCode: received.competentUnitCode,
        agencyCode: received.agencyCode,
        procedureCode: received.procedureCode,
        forwardedAt: ctx.now,
        // The citizen chose to file here: the result comes back to this desk unless delivered.
        returnUnitCode: received.unitCode,
        legalBasis: BOUNDARY_FREE_BASIS,
      },
    });
  }
  return { ok: true, events };
}

export function decide(command: DeskCommand, state: DossierState, ctx: DeskContext): Decision {
  const refs = { catalogueVersion: ctx.catalogueVersion, calendar: ctx.calendar };
  switch (command.type) {
    case 'SubmitDossier':
      if (state.version !== 0) return reject(precondition(`dossier ${state.dossierId} already exists`));
      return receptionEvents(decideSubmission(command.submission, ctx.now, refs), ctx);
    case 'ReceiveOnlineDossier': {
      const outcome = decideOnlineReception(state, command, ctx.now, refs);
      return outcome.kind === 'rejected' ? reject(outcome.rejection) : receptionEvents(outcome, ctx);
    }
    case 'RecordSupplement':
      if (command.documents.length === 0) return reject(invalidField('documents', 'at least one document is required'));
      return decideSupplement(state, command.documents, ctx.now, ctx.calendar);
    case 'RequestWithdrawal':
      if (!command.reason.trim()) return reject(invalidField('reason', "is required (the citizen's written request)"));
      return decideWithdrawalRequest(state, command.reason.trim(), ctx.now);
    case 'ConfirmWithdrawal':
      return decideWithdrawalConfirmation(state, ctx.now);
    case 'ReturnResult':
      return decideReturn(state, command, ctx.now);
    case 'RecordResultDelivery':
      return decideResultDelivery(state, command);
    case 'EvaluateSatisfaction':
      return decideEvaluation(state, command.scores, command.comment, ctx.now);
    case 'NoteProcessingFact':
      return noteProcessingFact(state, command.fact);
    case 'RecordDigitisation':
      return decideDigitisation(state, command, ctx.now);
  }
}
