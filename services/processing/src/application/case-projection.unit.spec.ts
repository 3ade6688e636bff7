import { wantedAlerts } from '../domain/decide';
import { appraising, at, calendar, given, openCommand, run, specialist } from '../domain/fixtures.spec';
import { timerFor, timerId, workItemOf } from './case-projection';

describe('deadline timers of a case', () => {
  it('fire the due-soon alert one working day (the lead) before the deadline, the overdue at it', () => {
    const s = appraising();
    const timers = wantedAlerts(s, 8).map((a) => timerFor(s.dossierId, a, calendar, 8));
    expect(timers.map((t) => [t.id, t.fireAt])).toEqual([
      [`${s.dossierId}:dossier_due_soon:2020-10-08T01:00:00.000Z`, at('2020-10-07 08:00')],
      [`${s.dossierId}:dossier_overdue:2020-10-08T01:00:00.000Z`, at('2020-10-08 08:00')],
      [`${s.dossierId}:step_due_soon:2020-10-07T00:24:00.000Z`, at('2020-10-06 07:24')],
      [`${s.dossierId}:step_overdue:2020-10-07T00:24:00.000Z`, at('2020-10-07 07:24')],
    ]);
  });

  it('name each deadline once: the same alert of the same deadline always has the same id', () => {
    const s = appraising();
    const [a] = wantedAlerts(s, 8);
    expect(timerId(s.dossierId, a)).toBe(timerId(s.dossierId, { ...a }));
    expect(timerId(s.dossierId, a)).not.toBe(timerId(s.dossierId, { ...a, dueAt: at('2020-10-12 17:00') }));
  });
});

describe('work item view', () => {
  it('carries what the queues filter on', () => {
    expect(workItemOf(given([openCommand(), at('2020-10-05 08:00')]), calendar, 8)).toMatchObject({
      phase: 'in_progress',
      assigneeId: '',
      agencyCode: 'TUPHAP',
      stepCode: 'assign',
      dueAt: at('2020-10-08 08:00'),
      dueSoonAt: at('2020-10-07 08:00'),
      awaitingAgency: false,
      version: 1,
    });
  });

  it('has no due-soon time while the clock waits for the citizen', () => {
    const waiting = run(
      appraising(),
      { type: 'RequestSupplement', actor: specialist, items: [{ componentCode: 'A', componentName: '', problem: 'thiếu' }], reason: '' },
      at('2020-10-06 09:00'),
    ).state;
    expect(workItemOf(waiting, calendar, 8)).toMatchObject({ phase: 'awaiting_supplement', dueSoonAt: undefined });
  });
});
