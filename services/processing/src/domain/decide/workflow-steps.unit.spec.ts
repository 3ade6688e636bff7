import { processingEvents as ev } from '@onestop/contracts';
import type { CaseCommand } from '../commands';
import { foldCase } from '../case-state';
import {
  appraising,
  assign,
  at,
  complete,
  DOSSIER_ID,
  given,
  leader,
  only,
  openCommand,
  otherAgencyLeader,
  otherSpecialist,
  rejectionOf,
  run,
  specialist,
  when,
} from '../fixtures.spec';

const T = ev.Timeliness;
const opened = () => given([openCommand(), at('2020-10-05 08:00')]);
const approving = () => run(appraising(), complete('appraise', specialist), at('2020-10-06 10:00')).state;

describe('AssignOfficer (phân công)', () => {
  it('a leader assigns: the assign step ends and appraisal starts with its budget', () => {
    const { events, state } = run(opened(), assign(), at('2020-10-05 09:00'));
    const assigned = only(events, 'OfficerAssigned');
    // appraise: 60% of 24 h = 14.4 working hours from Monday 09:00 -> Wednesday 07:24.
    expect(assigned.nextStep).toEqual({ stepCode: 'appraise', startedAt: at('2020-10-05 09:00'), dueAt: at('2020-10-07 07:24') });
    expect(assigned.handOff).toMatchObject({
      fromUnitCode: 'TUPHAP',
      toUnitCode: 'TUPHAP',
      givenBy: 'tp-leader',
      receivedBy: 'tp-specialist',
      fromStepCode: 'assign',
      toStepCode: 'appraise',
      dueAt: at('2020-10-05 09:12'),
      result: T.TIMELINESS_ON_TIME,
    });
    expect(state).toMatchObject({ assigneeId: 'tp-specialist', currentStep: { code: 'appraise' }, version: 2 });
  });

  it('a specialist may not assign', () => {
    expect(rejectionOf(when(opened(), assign('tp-specialist', specialist), at('2020-10-05 09:00')))).toEqual({
      kind: 'denied',
      message: 'role specialist may not assign a case; allowed: leader',
    });
  });

  it("a leader of another agency may not act on this agency's case", () => {
    expect(rejectionOf(when(opened(), assign('x', otherAgencyLeader), at('2020-10-05 09:00')))).toMatchObject({
      kind: 'denied',
      message: expect.stringMatching(/officer of KTHT may not act on dossier .* handled by TUPHAP/),
    });
  });

  it('re-assigning keeps the step in progress and records both officers', () => {
    const { events, state } = run(appraising(), assign(otherSpecialist.officerId), at('2020-10-05 14:00'));
    const d = only(events, 'OfficerAssigned');
    expect(d).toMatchObject({
      officerId: 'tp-specialist-2',
      previousOfficerId: 'tp-specialist',
      stepCode: 'appraise',
      nextStep: undefined,
    });
    expect(state.currentStep).toMatchObject({ code: 'appraise', dueAt: at('2020-10-07 07:24') });
  });

  it('rejects assigning the current assignee again, a missing officer, and an unknown case', () => {
    expect(rejectionOf(when(appraising(), assign(), at('2020-10-05 14:00'))).kind).toBe('precondition');
    expect(rejectionOf(when(opened(), assign(''), at('2020-10-05 09:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'officer_id', description: 'is required' }],
    });
    expect(rejectionOf(when(foldCase(DOSSIER_ID, []), assign(), at('2020-10-05 09:00'))).kind).toBe('not_found');
  });
});

describe('CompleteStep', () => {
  it('the assigned specialist ends appraisal; approval starts; Form 05 row to the leaders', () => {
    const { events, state } = run(appraising(), complete('appraise', specialist), at('2020-10-06 10:00'));
    const done = only(events, 'StepCompleted');
    expect(done).toMatchObject({ stepCode: 'appraise', completedBy: 'tp-specialist', timeliness: T.TIMELINESS_EARLY });
    // approve: 4.8 h from Tuesday 10:00 -> 16:48.
    expect(done.nextStep).toEqual({ stepCode: 'approve', startedAt: at('2020-10-06 10:00'), dueAt: at('2020-10-06 16:48') });
    expect(done.handOff).toMatchObject({ givenBy: 'tp-specialist', receivedBy: '', fromStepCode: 'appraise', toStepCode: 'approve' });
    expect(state.currentStep?.code).toBe('approve');
  });

  it('a specialist cannot approve as a leader', () => {
    expect(rejectionOf(when(approving(), complete('approve', specialist), at('2020-10-06 11:00')))).toEqual({
      kind: 'denied',
      message: 'role specialist may not end step "approve"; allowed: leader',
    });
  });

  it('a leader cannot do the appraisal reserved for the assignee, nor can another specialist', () => {
    expect(rejectionOf(when(appraising(), complete('appraise', leader), at('2020-10-06 10:00'))).kind).toBe('denied');
    expect(rejectionOf(when(appraising(), complete('appraise', otherSpecialist), at('2020-10-06 10:00')))).toEqual({
      kind: 'denied',
      message: 'dossier TRUCNINH-201005-0001 is assigned to tp-specialist, not to tp-specialist-2',
    });
  });

  it('the leader approves; the issue step goes back to the assignee', () => {
    const { events } = run(approving(), complete('approve', leader), at('2020-10-06 15:00'));
    expect(only(events, 'StepCompleted').handOff).toMatchObject({ givenBy: 'tp-leader', receivedBy: 'tp-specialist', toStepCode: 'issue' });
  });

  it('only the step in progress can be completed; assign and issue steps end by their own actions', () => {
    expect(rejectionOf(when(appraising(), complete('approve', leader), at('2020-10-06 10:00')))).toEqual({
      kind: 'precondition',
      message: 'step "approve" is not in progress; the step in progress is "appraise"',
    });
    expect(rejectionOf(when(opened(), complete('assign', leader), at('2020-10-05 09:00'))).kind).toBe('precondition');
    const issuing = run(approving(), complete('approve', leader), at('2020-10-06 15:00')).state;
    expect(rejectionOf(when(issuing, complete('issue', specialist), at('2020-10-06 16:00')))).toMatchObject({
      kind: 'precondition',
      message: expect.stringMatching(/IssueResult/),
    });
  });

  it('a step ended on a later day than its due time is late, in the event and on the Form 05 row', () => {
    const { events } = run(appraising(), complete('appraise', specialist), at('2020-10-08 07:30'));
    const done = only(events, 'StepCompleted');
    expect(done.timeliness).toBe(T.TIMELINESS_LATE);
    expect(done.handOff?.result).toBe(T.TIMELINESS_LATE);
  });
});

describe('SendBackStep', () => {
  const sendBack = (to: string, reason = 'thiếu căn cứ pháp lý', actor = leader): CaseCommand => ({
    type: 'SendBackStep',
    actor,
    stepCode: 'approve',
    toStepCode: to,
    reason,
  });

  it('the leader returns the draft to appraisal, which restarts with its full budget', () => {
    const { events, state } = run(approving(), sendBack('appraise'), at('2020-10-06 14:00'));
    const back = only(events, 'StepSentBack');
    expect(back).toMatchObject({ stepCode: 'approve', sentBackBy: 'tp-leader', reason: 'thiếu căn cứ pháp lý' });
    // 14.4 h from Tuesday 14:00 would pass the dossier's due time (Thursday 08:00): capped.
    expect(back.toStep).toEqual({ stepCode: 'appraise', startedAt: at('2020-10-06 14:00'), dueAt: at('2020-10-08 08:00') });
    expect(back.handOff).toMatchObject({ receivedBy: 'tp-specialist', fromStepCode: 'approve', toStepCode: 'appraise' });
    expect(state.currentStep?.code).toBe('appraise');
  });

  it('rejects a later or unknown step, the assign step, and a missing reason', () => {
    expect(rejectionOf(when(approving(), sendBack('issue'), at('2020-10-06 14:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'to_step_code', description: 'must be a step before "approve"' }],
    });
    expect(rejectionOf(when(approving(), sendBack('nope'), at('2020-10-06 14:00'))).kind).toBe('invalid');
    expect(rejectionOf(when(approving(), sendBack('assign'), at('2020-10-06 14:00'))).kind).toBe('invalid');
    expect(rejectionOf(when(approving(), sendBack('appraise', ''), at('2020-10-06 14:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'reason', description: 'is required' }],
    });
  });

  it('a specialist cannot send back the approval step', () => {
    expect(rejectionOf(when(approving(), sendBack('appraise', 'x', specialist), at('2020-10-06 14:00'))).kind).toBe('denied');
  });
});

describe('TransferToAgency', () => {
  const transfer = (to = 'KTHT', actor = leader): CaseCommand => ({
    type: 'TransferToAgency',
    actor,
    toAgencyCode: to,
    reason: 'thuộc thẩm quyền Phòng Kinh tế và Hạ tầng',
  });

  it('moves the case to the other agency, unassigned, at the first step', () => {
    const { events, state } = run(appraising(), transfer(), at('2020-10-05 10:00'));
    const moved = only(events, 'TransferredToAgency');
    expect(moved).toMatchObject({ fromAgencyCode: 'TUPHAP', toAgencyCode: 'KTHT', transferredBy: 'tp-leader' });
    expect(moved.handOff).toMatchObject({ fromUnitCode: 'TUPHAP', toUnitCode: 'KTHT', receivedBy: '', toStepCode: 'assign' });
    expect(state).toMatchObject({ agencyCode: 'KTHT', assigneeId: '', currentStep: { code: 'assign', startedAt: at('2020-10-05 10:00') } });
    // The old agency can no longer act; the new one can.
    expect(rejectionOf(when(state, assign('x', leader), at('2020-10-05 11:00'))).kind).toBe('denied');
    expect(when(state, assign('kt-specialist', otherAgencyLeader), at('2020-10-05 11:00')).ok).toBe(true);
  });

  it('rejects transferring to the same agency, and a specialist transferring', () => {
    expect(rejectionOf(when(appraising(), transfer('TUPHAP'), at('2020-10-05 10:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'to_agency_code', description: 'TUPHAP already handles this dossier' }],
    });
    expect(rejectionOf(when(appraising(), transfer('KTHT', specialist), at('2020-10-05 10:00'))).kind).toBe('denied');
  });
});
