// The case stream's events. The payload types are the wire contracts
// (proto/onestop/processing/v1/events.proto), which are plain data; here they get a discriminated
// union for evolve/decide. The stored type is `${PROCESSING_EVENT_PACKAGE}.${type}`.
import type { processingEvents as ev } from '@onestop/contracts';

export type CaseEvent =
  | { type: 'CaseOpened'; data: ev.CaseOpened }
  | { type: 'OfficerAssigned'; data: ev.OfficerAssigned }
  | { type: 'StepCompleted'; data: ev.StepCompleted }
  | { type: 'StepSentBack'; data: ev.StepSentBack }
  | { type: 'TransferredToAgency'; data: ev.TransferredToAgency }
  | { type: 'SupplementRequested'; data: ev.SupplementRequested }
  | { type: 'CaseResumedAfterSupplement'; data: ev.CaseResumedAfterSupplement }
  | { type: 'FinancialObligationNotified'; data: ev.FinancialObligationNotified }
  | { type: 'FinancialObligationFulfilled'; data: ev.FinancialObligationFulfilled }
  | { type: 'ConsultationRequested'; data: ev.ConsultationRequested }
  | { type: 'ConsultationAnswered'; data: ev.ConsultationAnswered }
  | { type: 'ProcessingStopped'; data: ev.ProcessingStopped }
  | { type: 'ApologyIssued'; data: ev.ApologyIssued }
  | { type: 'ResultIssued'; data: ev.ResultIssued }
  | { type: 'DueSoon'; data: ev.DueSoon }
  | { type: 'Overdue'; data: ev.Overdue }
  | { type: 'CaseWithdrawn'; data: ev.CaseWithdrawn };

export type CaseEventType = CaseEvent['type'];

export const PROCESSING_EVENT_PACKAGE = 'onestop.processing.v1';

/** Events the timers append; an officer's command that raced only these is decided again. */
export const TIMER_EVENT_TYPES: ReadonlySet<CaseEventType> = new Set<CaseEventType>(['DueSoon', 'Overdue']);
