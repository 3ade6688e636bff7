// The intake stream's events: the payload types are the wire contracts (proto/onestop/intake/v1),
// which are plain data; here they get a discriminated union for evolve/decide.
import type { intakeEvents as ev } from '@onestop/contracts';

export type IntakeEvent =
  | { type: 'DossierSubmittedOnline'; data: ev.DossierSubmittedOnline }
  | { type: 'DossierReceived'; data: ev.DossierReceived }
  | { type: 'ReceptionGuidanceIssued'; data: ev.ReceptionGuidanceIssued }
  | { type: 'DossierRefused'; data: ev.DossierRefused }
  | { type: 'SupplementReceived'; data: ev.SupplementReceived }
  | { type: 'WithdrawalRequested'; data: ev.WithdrawalRequested }
  | { type: 'DossierWithdrawn'; data: ev.DossierWithdrawn }
  | { type: 'ProcessingStatusNoted'; data: ev.ProcessingStatusNoted }
  | { type: 'ResultReturned'; data: ev.ResultReturned }
  | { type: 'ResultDeliveryFailed'; data: ev.ResultDeliveryFailed }
  | { type: 'SatisfactionEvaluated'; data: ev.SatisfactionEvaluated }
  | { type: 'ComponentsDigitised'; data: ev.ComponentsDigitised }
  | { type: 'ResultDigitised'; data: ev.ResultDigitised }
  | { type: 'DossierForwarded'; data: ev.DossierForwarded };

export type IntakeEventType = IntakeEvent['type'];

export const INTAKE_EVENT_PACKAGE = 'onestop.intake.v1';

export const INTAKE_EVENT_TYPES: readonly IntakeEventType[] = [
  'DossierSubmittedOnline',
  'DossierReceived',
  'ReceptionGuidanceIssued',
  'DossierRefused',
  'SupplementReceived',
  'WithdrawalRequested',
  'DossierWithdrawn',
  'ProcessingStatusNoted',
  'ResultReturned',
  'ResultDeliveryFailed',
  'SatisfactionEvaluated',
  'ComponentsDigitised',
  'ResultDigitised',
  'DossierForwarded',
];
