import { processingEvents as ev } from '@onestop/contracts';
import type { Actor } from '../actor';
import type { CaseCommand } from '../commands';
import { appraising, at, complete, only, otherAgencyLeader, rejectionOf, run, specialist, when } from '../fixtures.spec';

const ask = (agency = 'TNMT', budget = 8): CaseCommand => ({
  type: 'RequestConsultation',
  actor: specialist,
  consultationId: 'c-1',
  consultedAgencyCode: agency,
  question: 'Xác nhận nguồn gốc thửa đất',
  answerBudgetWorkingHours: budget,
});
const answer = (actor: Actor, consultationId = 'c-1'): CaseCommand => ({
  type: 'RecordConsultationAnswer',
  actor,
  consultationId,
  answer: 'Đất ở hợp pháp',
});
const tnmtSpecialist: Actor = { officerId: 'tnmt-1', role: 'specialist', unitCode: 'TNMT' };

describe('Consultation with another agency (liên thông)', () => {
  it('asks the other agency with an answer due time; the case waits for it', () => {
    const { events, state } = run(appraising(), ask(), at('2020-10-05 10:00'));
    const asked = only(events, 'ConsultationRequested');
    expect(asked).toMatchObject({ consultationId: 'c-1', consultedAgencyCode: 'TNMT', answerDueAt: at('2020-10-06 10:00') });
    expect(asked.handOff).toMatchObject({ fromUnitCode: 'TUPHAP', toUnitCode: 'TNMT', givenBy: 'tp-specialist' });
    expect(rejectionOf(when(state, complete('appraise', specialist), at('2020-10-05 11:00')))).toMatchObject({
      kind: 'precondition',
      message: 'cannot complete step "appraise" while waiting for the answer of TNMT (consultation c-1)',
    });
  });

  it('the consulted agency records its answer; on time against the answer due time; Form 05 row back', () => {
    const waiting = run(appraising(), ask(), at('2020-10-05 10:00')).state;
    const { events, state } = run(waiting, answer(tnmtSpecialist), at('2020-10-06 09:00'));
    const answered = only(events, 'ConsultationAnswered');
    expect(answered).toMatchObject({ consultedAgencyCode: 'TNMT', answeredBy: 'tnmt-1', timeliness: ev.Timeliness.TIMELINESS_ON_TIME });
    expect(answered.handOff).toMatchObject({ fromUnitCode: 'TNMT', toUnitCode: 'TUPHAP', receivedBy: 'tp-specialist' });
    expect(when(state, complete('appraise', specialist), at('2020-10-06 10:00')).ok).toBe(true);
  });

  it('the handling agency may record a paper answer; a third agency may not; nor twice', () => {
    const waiting = run(appraising(), ask(), at('2020-10-05 10:00')).state;
    expect(when(waiting, answer(specialist), at('2020-10-06 09:00')).ok).toBe(true);
    expect(rejectionOf(when(waiting, answer(otherAgencyLeader), at('2020-10-06 09:00'))).kind).toBe('denied');
    const answered = run(waiting, answer(tnmtSpecialist), at('2020-10-06 09:00')).state;
    expect(rejectionOf(when(answered, answer(tnmtSpecialist), at('2020-10-06 09:30'))).kind).toBe('precondition');
  });

  it('rejects an unknown consultation, asking the handling agency itself, and asking the same agency twice', () => {
    const waiting = run(appraising(), ask(), at('2020-10-05 10:00')).state;
    expect(rejectionOf(when(waiting, answer(tnmtSpecialist, 'c-9'), at('2020-10-06 09:00'))).kind).toBe('not_found');
    expect(rejectionOf(when(appraising(), ask('TUPHAP'), at('2020-10-05 10:00'))).kind).toBe('invalid');
    expect(rejectionOf(when(waiting, { ...(ask() as object), consultationId: 'c-2' } as CaseCommand, at('2020-10-05 11:00'))).kind).toBe(
      'precondition',
    );
    expect(rejectionOf(when(appraising(), ask('TNMT', -1), at('2020-10-05 10:00')))).toEqual({
      kind: 'invalid',
      violations: [{ field: 'answer_budget_working_hours', description: 'must be between 0 and 2928' }],
    });
  });
});
