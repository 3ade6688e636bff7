// decide(command, state, context) -> events | rejection: every rule of a case, without I/O.
import type { CaseState } from '../case-state';
import type { CaseCommand } from '../commands';
import type { Decision, DecisionContext } from '../decision';
import { requestSupplement, notifyFinancialObligation, recordPayment } from './citizen-requests';
import { issueApology, issueResult, stopProcessing } from './closing';
import { recordConsultationAnswer, requestConsultation } from './consultations';
import { fireDeadlineAlert } from './deadline-alerts';
import { decideIntakeFact } from './intake-facts';
import { assignOfficer, completeStep, sendBackStep, transferToAgency } from './workflow-steps';

export { wantedAlerts, type WantedAlert } from './deadline-alerts';
export { supplementPolicyOf } from './intake-facts';

export function decide(c: CaseCommand, s: CaseState, ctx: DecisionContext): Decision {
  switch (c.type) {
    case 'OpenCase':
    case 'ResumeAfterSupplement':
    case 'WithdrawCase':
      return decideIntakeFact(c, s, ctx);
    case 'AssignOfficer':
      return assignOfficer(s, c, ctx);
    case 'CompleteStep':
      return completeStep(s, c, ctx);
    case 'SendBackStep':
      return sendBackStep(s, c, ctx);
    case 'TransferToAgency':
      return transferToAgency(s, c, ctx);
    case 'RequestSupplement':
      return requestSupplement(s, c, ctx);
    case 'NotifyFinancialObligation':
      return notifyFinancialObligation(s, c, ctx);
    case 'RecordFinancialObligationFulfilled':
      return recordPayment(s, c, ctx);
    case 'RequestConsultation':
      return requestConsultation(s, c, ctx);
    case 'RecordConsultationAnswer':
      return recordConsultationAnswer(s, c, ctx);
    case 'StopProcessing':
      return stopProcessing(s, c, ctx);
    case 'IssueApology':
      return issueApology(s, c, ctx);
    case 'IssueResult':
      return issueResult(s, c, ctx);
    case 'FireDeadlineAlert':
      return fireDeadlineAlert(s, c, ctx);
  }
}
