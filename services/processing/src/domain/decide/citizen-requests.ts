// What the agency asks of the citizen: a supplement (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ,
// Form 02; status 5) and a financial obligation (nghĩa vụ tài chính; status 6) until paid.
import { common, type processingEvents as ev } from '@onestop/contracts';
import { checkAssignee, firstFailure } from '../actor';
import type { CaseState } from '../case-state';
import { accept, type Decision, type DecisionContext, invalid, optionalText, requiredText, type Violation } from '../decision';
import type { OfficerCommand } from '../commands';
import { handOff } from '../steps';
import { workingHoursLeft } from '../working-time';
import { admit, allowedTo, inPhase } from './guards';

const S = common.NationalStatus;

type Cmd<T extends OfficerCommand['type']> = Extract<OfficerCommand, { type: T }>;

function itemViolations(items: ev.SupplementItem[]): Violation[] {
  if (items.length === 0) return [{ field: 'items', description: 'list at least one document to add or correct' }];
  return items.flatMap((item, i) => {
    const v: Violation[] = [];
    if (!item.componentCode.trim() && !item.componentName.trim())
      v.push({ field: `items[${i}].component_name`, description: 'name the document (or give component_code)' });
    v.push(...requiredText(item.problem, `items[${i}].problem`));
    return v;
  });
}

export function requestSupplement(s: CaseState, c: Cmd<'RequestSupplement'>, ctx: DecisionContext): Decision {
  const failure = firstFailure(
    () => admit(s, c.actor, [...itemViolations(c.items), ...optionalText(c.reason, 'reason')]),
    () => allowedTo(s, c.actor, 'request_supplement'),
    () => checkAssignee(s, c.actor),
    () => inPhase(s, 'in_progress'),
  );
  if (failure) return failure;
  const requestNumber = s.supplementRequestCount + 1;
  const step = s.currentStep;
  return accept({
    type: 'SupplementRequested',
    data: {
      dossierId: s.dossierId,
      status: S.NATIONAL_STATUS_SUPPLEMENT_REQUESTED,
      requestNumber,
      repeatedRequest: requestNumber > 1,
      items: c.items,
      reason: c.reason,
      requestedBy: c.actor.officerId,
      requestedAt: ctx.now,
      policy: s.supplementPolicy,
      dueAt: s.dueAt,
      stepCode: step?.code ?? '',
      stepRemainingWorkingHours: step ? workingHoursLeft(ctx.time, ctx.now, step.dueAt) : 0,
      handOff: handOff({
        from: s.agencyCode,
        to: s.unitCode,
        at: ctx.now,
        givenBy: c.actor.officerId,
        dueAt: step?.dueAt,
        note: requestNumber > 1 ? `supplement request no. ${requestNumber} (repeated)` : 'supplement request (Form 02)',
        fromStep: step?.code,
      }),
    },
  });
}

function feeViolations(fees: common.Fee[]): Violation[] {
  if (fees.length === 0) return [{ field: 'fees', description: 'list at least one tax or fee' }];
  return fees.flatMap((f, i) => {
    const v: Violation[] = [];
    if (!f.name.trim() && !f.code.trim()) v.push({ field: `fees[${i}].name`, description: 'name the tax or fee (or give its code)' });
    if (!Number.isSafeInteger(f.amountVnd) || f.amountVnd <= 0)
      v.push({ field: `fees[${i}].amount_vnd`, description: 'must be a positive whole number of đồng' });
    return v;
  });
}

export function notifyFinancialObligation(s: CaseState, c: Cmd<'NotifyFinancialObligation'>, ctx: DecisionContext): Decision {
  const failure = firstFailure(
    () => admit(s, c.actor, [...feeViolations(c.fees), ...optionalText(c.note, 'note')]),
    () => allowedTo(s, c.actor, 'notify_financial_obligation'),
    () => checkAssignee(s, c.actor),
    () => inPhase(s, 'in_progress'),
  );
  if (failure) return failure;
  return accept({
    type: 'FinancialObligationNotified',
    data: {
      dossierId: s.dossierId,
      status: S.NATIONAL_STATUS_AWAITING_PAYMENT,
      fees: c.fees,
      totalVnd: c.fees.reduce((sum, f) => sum + f.amountVnd, 0),
      note: c.note,
      notifiedBy: c.actor.officerId,
      notifiedAt: ctx.now,
    },
  });
}

export function recordPayment(s: CaseState, c: Cmd<'RecordFinancialObligationFulfilled'>, ctx: DecisionContext): Decision {
  const v = requiredText(c.receiptNumber, 'receipt_number');
  if (!Number.isSafeInteger(c.amountVnd) || c.amountVnd < 0)
    v.push({ field: 'amount_vnd', description: 'must be a whole number of đồng, 0 for the notified total' });
  if (c.paidAt && c.paidAt.getTime() > ctx.now.getTime()) v.push({ field: 'paid_at', description: 'cannot be in the future' });
  const failure = firstFailure(
    () => admit(s, c.actor, v),
    () => allowedTo(s, c.actor, 'record_payment'),
    () => checkAssignee(s, c.actor),
    () => inPhase(s, 'awaiting_payment'),
  );
  if (failure) return failure;
  const total = s.financialObligation?.totalVnd ?? 0;
  if (c.amountVnd > 0 && c.amountVnd < total) {
    return invalid([{ field: 'amount_vnd', description: `${c.amountVnd} đồng is less than the ${total} đồng notified` }]);
  }
  return accept({
    type: 'FinancialObligationFulfilled',
    data: {
      dossierId: s.dossierId,
      status: S.NATIONAL_STATUS_PROCESSING,
      receiptNumber: c.receiptNumber,
      amountVnd: c.amountVnd || total,
      paidAt: c.paidAt ?? ctx.now,
      recordedBy: c.actor.officerId,
      recordedAt: ctx.now,
    },
  });
}
