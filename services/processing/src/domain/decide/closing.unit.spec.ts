import { common, processingEvents as ev } from '@onestop/contracts';
import type { Actor } from '../actor';
import type { CaseCommand } from '../commands';
import { wantedAlerts } from '../decide';
import type { CaseState } from '../case-state';
import {
  appraising,
  assign,
  at,
  calendar,
  complete,
  DESK,
  given,
  leader,
  only,
  openCommand,
  otherSpecialist,
  rejectionOf,
  run,
  specialist,
  when,
} from '../fixtures.spec';

const S = common.NationalStatus;
const T = ev.Timeliness;

const apology = (newDueAt: Date | undefined = at('2020-10-12 17:00'), actor: Actor = leader): CaseCommand => ({
  type: 'IssueApology',
  actor,
  reason: 'cần xác minh thêm',
  newDueAt,
});
const issue = (actor: Actor = specialist): CaseCommand => ({
  type: 'IssueResult',
  actor,
  resultSummary: 'Quyết định cải chính hộ tịch',
  documentNumber: '123/QĐ-UBND',
});
const stop = (actor: Actor = leader): CaseCommand => ({ type: 'StopProcessing', actor, reason: 'không đủ điều kiện' });

/** At the issue step (appraised Tuesday 10:00, approved Tuesday 15:00); due Thursday 08:00. */
function issuing(): CaseState {
  const approving = run(appraising(), complete('appraise', specialist), at('2020-10-06 10:00')).state;
  return run(approving, complete('approve', leader), at('2020-10-06 15:00')).state;
}

describe('IssueApology (Form 04): at least 1 working day before the due time, at most once', () => {
  it('moves the appointed time when a full working day is left (Wednesday 08:00 for Thursday 08:00)', () => {
    const { events, state } = run(appraising(), apology(), at('2020-10-07 08:00'));
    const a = only(events, 'ApologyIssued');
    expect(a).toMatchObject({
      previousDueAt: at('2020-10-08 08:00'),
      newDueAt: at('2020-10-12 17:00'),
      issuedBy: 'tp-leader',
      status: S.NATIONAL_STATUS_PROCESSING,
      applicantName: 'Nguyễn Văn An',
    });
    expect(a.workingHoursBeforeDue).toBeCloseTo(8);
    expect(state).toMatchObject({ dueAt: at('2020-10-12 17:00'), originalDueAt: at('2020-10-08 08:00') });
  });

  it('is refused one minute later, with less than a working day left', () => {
    expect(rejectionOf(when(appraising(), apology(), at('2020-10-07 08:01')))).toEqual({
      kind: 'precondition',
      message:
        'an apology must be sent at least 1 working day before the due time 2020-10-08T01:00:00.000Z; only 7.98 working hours are left',
    });
  });

  it('counts working days, not calendar days: Friday 09:00 is too late for Monday 08:00', () => {
    const receivedAt = at('2020-10-08 08:00');
    const dueAt = calendar.addWorkingHours(receivedAt, 16);
    expect(dueAt).toEqual(at('2020-10-12 08:00'));
    const s = given(
      [openCommand({ receivedAt, clockStartedAt: receivedAt, dueAt, statutoryWorkingHours: 16 }), receivedAt],
      [assign(), at('2020-10-08 09:00')],
    );
    expect(when(s, apology(at('2020-10-14 17:00')), at('2020-10-09 08:00')).ok).toBe(true);
    expect(rejectionOf(when(s, apology(at('2020-10-14 17:00')), at('2020-10-09 09:00'))).kind).toBe('precondition');
  });

  it('is allowed at most once per dossier', () => {
    const once = run(appraising(), apology(), at('2020-10-06 09:00')).state;
    expect(rejectionOf(when(once, apology(at('2020-10-14 17:00')), at('2020-10-07 09:00')))).toMatchObject({
      kind: 'precondition',
      message: expect.stringMatching(/already issued .* only once/),
    });
  });

  it('needs a new date after the current one and a reason; leaders only; not while the clock waits for the citizen', () => {
    expect(rejectionOf(when(appraising(), apology(at('2020-10-08 08:00')), at('2020-10-06 09:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'new_due_at', description: 'must be after the current due time 2020-10-08T01:00:00.000Z' }],
    });
    expect(
      rejectionOf(when(appraising(), { type: 'IssueApology', actor: leader, reason: 'x', newDueAt: undefined }, at('2020-10-06 09:00'))),
    ).toEqual({ kind: 'invalid', violations: [{ field: 'new_due_at', description: 'is required' }] });
    expect(rejectionOf(when(appraising(), apology(at('2020-10-12 17:00'), specialist), at('2020-10-06 09:00'))).kind).toBe('denied');
    const supplement: CaseCommand = {
      type: 'RequestSupplement',
      actor: specialist,
      items: [{ componentCode: 'A', componentName: '', problem: 'thiếu' }],
      reason: '',
    };
    const waiting = run(appraising(), supplement, at('2020-10-06 09:00')).state;
    expect(rejectionOf(when(waiting, apology(), at('2020-10-06 10:00'))).kind).toBe('precondition');
  });
});

describe('IssueResult (status 9)', () => {
  it('hands the result to the desk with start, end and early/on time/late by calendar day', () => {
    const { events, state } = run(issuing(), issue(), at('2020-10-07 10:00'));
    const r = only(events, 'ResultIssued');
    expect(r).toMatchObject({
      status: S.NATIONAL_STATUS_RESULT_READY,
      processingStartedAt: at('2020-10-05 08:00'),
      processingEndedAt: at('2020-10-07 10:00'),
      dueAt: at('2020-10-08 08:00'),
      originalDueAt: at('2020-10-08 08:00'),
      timeliness: T.TIMELINESS_EARLY,
      supplementRequestCount: 0,
      apologyIssued: false,
      documentNumber: '123/QĐ-UBND',
    });
    expect(r.handOff).toMatchObject({
      fromUnitCode: 'TUPHAP',
      toUnitCode: DESK,
      givenBy: 'tp-specialist',
      fromStepCode: 'issue',
      result: T.TIMELINESS_EARLY,
    });
    expect(state).toMatchObject({ phase: 'result_issued', currentStep: undefined });
    expect(state.handOffs.map((h) => `${h.fromStepCode}->${h.toStepCode}`)).toEqual([
      '->assign',
      'assign->appraise',
      'appraise->approve',
      'approve->issue',
      'issue->',
    ]);
    expect(wantedAlerts(state, 8)).toEqual([]);
  });

  it('is on time later the same day as the due time, and late the day after', () => {
    expect(only(run(issuing(), issue(), at('2020-10-08 16:00')).events, 'ResultIssued').timeliness).toBe(T.TIMELINESS_ON_TIME);
    expect(only(run(issuing(), issue(), at('2020-10-09 07:05')).events, 'ResultIssued').timeliness).toBe(T.TIMELINESS_LATE);
  });

  it('compares with the date an apology set, and says so', () => {
    const apologised = run(issuing(), apology(at('2020-10-12 17:00')), at('2020-10-06 16:00')).state;
    const r = only(run(apologised, issue(), at('2020-10-09 10:00')).events, 'ResultIssued');
    expect(r).toMatchObject({
      timeliness: T.TIMELINESS_EARLY,
      apologyIssued: true,
      dueAt: at('2020-10-12 17:00'),
      originalDueAt: at('2020-10-08 08:00'),
    });
  });

  it('only at the issue step, by an allowed role and the assignee', () => {
    expect(rejectionOf(when(appraising(), issue(), at('2020-10-06 10:00')))).toEqual({
      kind: 'precondition',
      message: 'the result is issued at step "issue"; the step in progress is "appraise"',
    });
    expect(rejectionOf(when(issuing(), issue(otherSpecialist), at('2020-10-07 10:00'))).kind).toBe('denied');
    expect(when(issuing(), issue(leader), at('2020-10-07 10:00')).ok).toBe(true);
    const done = run(issuing(), issue(), at('2020-10-07 10:00')).state;
    expect(rejectionOf(when(done, issue(), at('2020-10-07 11:00'))).kind).toBe('precondition');
  });
});

describe('StopProcessing (status 8)', () => {
  it('a leader stops with a reason, also while waiting for the citizen; the case is closed', () => {
    const supplement: CaseCommand = {
      type: 'RequestSupplement',
      actor: specialist,
      items: [{ componentCode: 'A', componentName: '', problem: 'thiếu' }],
      reason: '',
    };
    const waiting = run(appraising(), supplement, at('2020-10-06 09:00')).state;
    const { events, state } = run(waiting, stop(), at('2020-10-20 09:00'));
    const stopped = only(events, 'ProcessingStopped');
    expect(stopped).toMatchObject({
      status: S.NATIONAL_STATUS_STOPPED,
      reason: 'không đủ điều kiện',
      stoppedBy: 'tp-leader',
      processingStartedAt: at('2020-10-05 08:00'),
    });
    expect(stopped.handOff).toMatchObject({ fromUnitCode: 'TUPHAP', toUnitCode: DESK });
    expect(state.phase).toBe('stopped');
    expect(rejectionOf(when(state, stop(), at('2020-10-20 10:00'))).kind).toBe('precondition');
  });

  it('a specialist may not stop; a reason is required', () => {
    expect(rejectionOf(when(appraising(), stop(specialist), at('2020-10-06 09:00'))).kind).toBe('denied');
    expect(rejectionOf(when(appraising(), { type: 'StopProcessing', actor: leader, reason: ' ' }, at('2020-10-06 09:00'))).kind).toBe(
      'invalid',
    );
  });
});
