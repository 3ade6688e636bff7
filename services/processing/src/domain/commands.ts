// What can be asked of a case: officers' actions (with the acting officer), facts from intake,
// and the deadline timers.
import type { common, intakeEvents, processingEvents as ev } from '@onestop/contracts';
import type { Actor } from './actor';
import type { ResolvedWorkflow } from './workflow';

export type OfficerCommand =
  | { type: 'AssignOfficer'; actor: Actor; officerId: string; note: string }
  | { type: 'CompleteStep'; actor: Actor; stepCode: string; note: string }
  | { type: 'SendBackStep'; actor: Actor; stepCode: string; toStepCode: string; reason: string }
  | { type: 'TransferToAgency'; actor: Actor; toAgencyCode: string; reason: string }
  | { type: 'RequestSupplement'; actor: Actor; items: ev.SupplementItem[]; reason: string }
  | { type: 'NotifyFinancialObligation'; actor: Actor; fees: common.Fee[]; note: string }
  | { type: 'RecordFinancialObligationFulfilled'; actor: Actor; receiptNumber: string; amountVnd: number; paidAt?: Date }
  | {
      type: 'RequestConsultation';
      actor: Actor;
      consultationId: string;
      consultedAgencyCode: string;
      question: string;
      answerBudgetWorkingHours: number;
    }
  | { type: 'RecordConsultationAnswer'; actor: Actor; consultationId: string; answer: string }
  | { type: 'StopProcessing'; actor: Actor; reason: string }
  | { type: 'IssueApology'; actor: Actor; reason: string; newDueAt?: Date }
  | { type: 'IssueResult'; actor: Actor; resultSummary: string; documentNumber: string };

/**
 * Facts intake published, applied to the case. `sourceEventId` is the intake event's id;
 * `deskOfficerId` the desk officer who recorded the fact (from the event metadata; may be empty).
 */
export type IntakeFactCommand =
  | { type: 'OpenCase'; dossier: intakeEvents.DossierReceived; workflow: ResolvedWorkflow; sourceEventId: string; deskOfficerId: string }
  | { type: 'ResumeAfterSupplement'; supplement: intakeEvents.SupplementReceived; sourceEventId: string; deskOfficerId: string }
  | { type: 'WithdrawCase'; withdrawal: intakeEvents.DossierWithdrawn; sourceEventId: string };

/** A durable timer came due: emit DueSoon / Overdue if the deadline still stands. */
export interface FireDeadlineAlert {
  type: 'FireDeadlineAlert';
  alert: 'due_soon' | 'overdue';
  deadline: 'dossier' | 'step';
  dueAt: Date;
  stepCode: string;
  leadWorkingHours: number;
}

export type CaseCommand = OfficerCommand | IntakeFactCommand | FireDeadlineAlert;
export type OfficerCommandType = OfficerCommand['type'];
