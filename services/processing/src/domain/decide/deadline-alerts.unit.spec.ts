import type { FireDeadlineAlert } from '../commands';
import { wantedAlerts } from '../decide';
import { appraising, at, leader, only, rejectionOf, run, when } from '../fixtures.spec';

const fire = (alert: 'due_soon' | 'overdue', deadline: 'dossier' | 'step', dueAt: Date, stepCode = ''): FireDeadlineAlert => ({
  type: 'FireDeadlineAlert',
  alert,
  deadline,
  dueAt,
  stepCode,
  leadWorkingHours: 8,
});
const DOSSIER_DUE = at('2020-10-08 08:00');
const APPRAISE_DUE = at('2020-10-07 07:24');

describe('wantedAlerts (the durable timers a case needs)', () => {
  it("lists the dossier's due-soon and overdue, and the step's (due-soon only for a budget above the lead)", () => {
    expect(wantedAlerts(appraising(), 8)).toEqual([
      { kind: 'dossier_due_soon', alert: 'due_soon', deadline: 'dossier', dueAt: DOSSIER_DUE, stepCode: '' },
      { kind: 'dossier_overdue', alert: 'overdue', deadline: 'dossier', dueAt: DOSSIER_DUE, stepCode: '' },
      { kind: 'step_due_soon', alert: 'due_soon', deadline: 'step', dueAt: APPRAISE_DUE, stepCode: 'appraise' },
      { kind: 'step_overdue', alert: 'overdue', deadline: 'step', dueAt: APPRAISE_DUE, stepCode: 'appraise' },
    ]);
    expect(wantedAlerts(appraising(), 20).map((a) => a.kind)).toEqual(['dossier_due_soon', 'dossier_overdue', 'step_overdue']);
  });

  it('drops an alert once emitted, and follows a moved deadline', () => {
    const alerted = run(appraising(), fire('due_soon', 'dossier', DOSSIER_DUE), at('2020-10-07 08:00')).state;
    expect(wantedAlerts(alerted, 8).map((a) => a.kind)).toEqual(['dossier_overdue', 'step_due_soon', 'step_overdue']);
    const apologised = run(
      alerted,
      { type: 'IssueApology', actor: leader, reason: 'x', newDueAt: at('2020-10-12 17:00') },
      at('2020-10-07 08:00'),
    ).state;
    expect(
      wantedAlerts(apologised, 8)
        .filter((a) => a.deadline === 'dossier')
        .map((a) => [a.kind, a.dueAt]),
    ).toEqual([
      ['dossier_due_soon', at('2020-10-12 17:00')],
      ['dossier_overdue', at('2020-10-12 17:00')],
    ]);
  });
});

describe('FireDeadlineAlert', () => {
  it('emits DueSoon once a working day or less is left', () => {
    const { events } = run(appraising(), fire('due_soon', 'dossier', DOSSIER_DUE), at('2020-10-07 08:00'));
    expect(only(events, 'DueSoon')).toMatchObject({
      dueAt: DOSSIER_DUE,
      leadWorkingHours: 8,
      detectedAt: at('2020-10-07 08:00'),
      agencyCode: 'TUPHAP',
      assigneeOfficerId: 'tp-specialist',
    });
    expect(rejectionOf(when(appraising(), fire('due_soon', 'dossier', DOSSIER_DUE), at('2020-10-07 07:59'))).kind).toBe('precondition');
  });

  it('emits Overdue once the deadline passed, for the dossier and for the step', () => {
    expect(rejectionOf(when(appraising(), fire('overdue', 'dossier', DOSSIER_DUE), at('2020-10-08 07:59'))).kind).toBe('precondition');
    expect(only(run(appraising(), fire('overdue', 'dossier', DOSSIER_DUE), at('2020-10-08 08:00')).events, 'Overdue')).toMatchObject({
      dueAt: DOSSIER_DUE,
      stepCode: '',
    });
    expect(
      only(run(appraising(), fire('overdue', 'step', APPRAISE_DUE, 'appraise'), at('2020-10-07 08:00')).events, 'Overdue'),
    ).toMatchObject({ dueAt: APPRAISE_DUE, stepCode: 'appraise' });
  });

  it('fires at most once per deadline', () => {
    const once = run(appraising(), fire('overdue', 'dossier', DOSSIER_DUE), at('2020-10-08 09:00')).state;
    expect(rejectionOf(when(once, fire('overdue', 'dossier', DOSSIER_DUE), at('2020-10-08 09:01'))).kind).toBe('obsolete');
  });

  it('is obsolete for a deadline no longer in force, a passed due-soon, or a stopped clock', () => {
    expect(rejectionOf(when(appraising(), fire('overdue', 'dossier', at('2020-10-09 08:00')), at('2020-10-09 09:00'))).kind).toBe(
      'obsolete',
    );
    expect(rejectionOf(when(appraising(), fire('overdue', 'step', APPRAISE_DUE, 'approve'), at('2020-10-07 09:00'))).kind).toBe('obsolete');
    expect(rejectionOf(when(appraising(), fire('due_soon', 'dossier', DOSSIER_DUE), at('2020-10-08 09:00'))).kind).toBe('obsolete');
    const stopped = run(appraising(), { type: 'StopProcessing', actor: leader, reason: 'x' }, at('2020-10-06 09:00')).state;
    expect(rejectionOf(when(stopped, fire('overdue', 'dossier', DOSSIER_DUE), at('2020-10-08 09:00'))).kind).toBe('obsolete');
  });
});
