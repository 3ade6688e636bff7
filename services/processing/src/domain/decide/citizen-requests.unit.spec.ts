import { common } from '@onestop/contracts';
import type { Actor } from '../actor';
import type { CaseCommand } from '../commands';
import { wantedAlerts } from '../decide';
import { appraising, at, DESK, DOSSIER_ID, leader, only, otherSpecialist, rejectionOf, run, specialist, when } from '../fixtures.spec';

const S = common.NationalStatus;

const requestSupplement = (
  actor: Actor = specialist,
  items = [{ componentCode: 'TOKHAI', componentName: 'Tờ khai', problem: 'thiếu chữ ký' }],
): CaseCommand => ({
  type: 'RequestSupplement',
  actor,
  items,
  reason: 'hồ sơ chưa hợp lệ',
});

const supplementArrives = (receivedAt: Date, newDueAt: Date): CaseCommand => ({
  type: 'ResumeAfterSupplement',
  supplement: {
    dossierId: DOSSIER_ID,
    documents: [],
    receivedAt,
    policy: 'pause',
    previousDueAt: undefined,
    newDueAt,
    waitedWorkingHours: 4,
    calendarVersion: '',
  },
  sourceEventId: `supplement-${receivedAt.toISOString()}`,
  deskOfficerId: 'desk-1',
});

describe('RequestSupplement (Form 02, status 5)', () => {
  it('asks the citizen through the desk and stops the clock', () => {
    const { events, state } = run(appraising(), requestSupplement(), at('2020-10-06 10:00'));
    const req = only(events, 'SupplementRequested');
    expect(req).toMatchObject({
      status: S.NATIONAL_STATUS_SUPPLEMENT_REQUESTED,
      requestNumber: 1,
      repeatedRequest: false,
      requestedBy: 'tp-specialist',
      dueAt: at('2020-10-08 08:00'),
      stepCode: 'appraise',
      items: [{ componentCode: 'TOKHAI', componentName: 'Tờ khai', problem: 'thiếu chữ ký' }],
    });
    expect(req.handOff).toMatchObject({ fromUnitCode: 'TUPHAP', toUnitCode: DESK, fromStepCode: 'appraise' });
    expect(state).toMatchObject({ phase: 'awaiting_supplement', status: S.NATIONAL_STATUS_SUPPLEMENT_REQUESTED });
    // No deadline alert while the clock stands still.
    expect(wantedAlerts(state, 8)).toEqual([]);
  });

  it('flags the second request of a dossier (the quality index counts it as overdue)', () => {
    const first = run(appraising(), requestSupplement(), at('2020-10-06 10:00')).state;
    const resumed = run(first, supplementArrives(at('2020-10-06 15:00'), at('2020-10-08 12:00')), at('2020-10-06 15:00')).state;
    const { events } = run(resumed, requestSupplement(leader), at('2020-10-07 09:00'));
    expect(only(events, 'SupplementRequested')).toMatchObject({ requestNumber: 2, repeatedRequest: true, requestedBy: 'tp-leader' });
  });

  it('cannot ask again while the first request is pending', () => {
    const waiting = run(appraising(), requestSupplement(), at('2020-10-06 10:00')).state;
    expect(rejectionOf(when(waiting, requestSupplement(), at('2020-10-06 11:00')))).toMatchObject({
      kind: 'precondition',
      message: expect.stringMatching(/waiting for the citizen's supplement/),
    });
  });

  it('needs at least one item, each naming the document and the problem', () => {
    expect(rejectionOf(when(appraising(), requestSupplement(specialist, []), at('2020-10-06 10:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'items', description: 'list at least one document to add or correct' }],
    });
    expect(
      rejectionOf(
        when(appraising(), requestSupplement(specialist, [{ componentCode: '', componentName: ' ', problem: '' }]), at('2020-10-06 10:00')),
      ),
    ).toEqual({
      kind: 'invalid',
      violations: [
        { field: 'items[0].component_name', description: 'name the document (or give component_code)' },
        { field: 'items[0].problem', description: 'is required' },
      ],
    });
  });

  it('a specialist not assigned to the case may not ask', () => {
    expect(rejectionOf(when(appraising(), requestSupplement(otherSpecialist), at('2020-10-06 10:00'))).kind).toBe('denied');
  });
});

describe('Financial obligation (status 6, back to 4 when paid)', () => {
  const fee = { code: 'LP-HT', name: 'Lệ phí hộ tịch', amountVnd: 15000, collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RETURN };
  const notify = (fees = [fee], actor: Actor = specialist): CaseCommand => ({ type: 'NotifyFinancialObligation', actor, fees, note: '' });
  const pay = (amountVnd = 0, paidAt?: Date): CaseCommand => ({
    type: 'RecordFinancialObligationFulfilled',
    actor: specialist,
    receiptNumber: 'BL-0001',
    amountVnd,
    paidAt,
  });

  it('notifies the amounts due, then records the payment', () => {
    const notified = run(appraising(), notify([fee, { ...fee, code: 'THUE', name: 'Thuế', amountVnd: 50000 }]), at('2020-10-06 10:00'));
    expect(only(notified.events, 'FinancialObligationNotified')).toMatchObject({
      status: S.NATIONAL_STATUS_AWAITING_PAYMENT,
      totalVnd: 65000,
      notifiedBy: 'tp-specialist',
    });
    expect(notified.state.phase).toBe('awaiting_payment');
    const paid = run(notified.state, pay(0, at('2020-10-06 11:00')), at('2020-10-06 14:00'));
    expect(only(paid.events, 'FinancialObligationFulfilled')).toMatchObject({
      status: S.NATIONAL_STATUS_PROCESSING,
      amountVnd: 65000,
      paidAt: at('2020-10-06 11:00'),
      receiptNumber: 'BL-0001',
    });
    expect(paid.state).toMatchObject({ phase: 'in_progress', financialObligation: { fulfilled: true } });
  });

  it('the clock keeps running while waiting for payment', () => {
    const waiting = run(appraising(), notify(), at('2020-10-06 10:00')).state;
    expect(wantedAlerts(waiting, 8).map((a) => a.kind)).toContain('dossier_overdue');
  });

  it('rejects a payment when nothing is due, less than notified, or in the future', () => {
    expect(rejectionOf(when(appraising(), pay(), at('2020-10-06 10:00'))).kind).toBe('precondition');
    const waiting = run(appraising(), notify(), at('2020-10-06 10:00')).state;
    expect(rejectionOf(when(waiting, pay(1000), at('2020-10-06 11:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'amount_vnd', description: '1000 đồng is less than the 15000 đồng notified' }],
    });
    expect(rejectionOf(when(waiting, pay(0, at('2020-10-07 11:00')), at('2020-10-06 11:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'paid_at', description: 'cannot be in the future' }],
    });
  });

  it('rejects fees without a name or a positive amount', () => {
    expect(rejectionOf(when(appraising(), notify([{ ...fee, name: '', code: '', amountVnd: -5 }]), at('2020-10-06 10:00')))).toEqual({
      kind: 'invalid',
      violations: [
        { field: 'fees[0].name', description: 'name the tax or fee (or give its code)' },
        { field: 'fees[0].amount_vnd', description: 'must be a positive whole number of đồng' },
      ],
    });
  });
});
