import { common, processingEvents as ev } from '@onestop/contracts';
import { foldCase } from '../case-state';
import type { CaseCommand } from '../commands';
import {
  appraising,
  assign,
  at,
  catalogue,
  DESK,
  DOSSIER_ID,
  dossierReceived,
  given,
  leader,
  only,
  openCommand,
  rejectionOf,
  run,
  when,
} from '../fixtures.spec';
import { resolveWorkflow } from '../workflow';

const S = common.NationalStatus;

const supplementRequest = (): CaseCommand => ({
  type: 'RequestSupplement',
  actor: { officerId: 'tp-specialist', role: 'specialist', unitCode: 'TUPHAP' },
  items: [{ componentCode: 'TOKHAI', componentName: 'Tờ khai', problem: 'thiếu chữ ký' }],
  reason: '',
});

function supplementReceived(receivedAt: Date, newDueAt: Date, policy = 'pause'): CaseCommand {
  return {
    type: 'ResumeAfterSupplement',
    supplement: {
      dossierId: DOSSIER_ID,
      documents: [],
      receivedAt,
      policy,
      previousDueAt: at('2020-10-08 08:00'),
      newDueAt,
      waitedWorkingHours: 9,
      calendarVersion: 'x',
    },
    sourceEventId: 'intake-event-2',
    deskOfficerId: 'desk-2',
  };
}

describe('OpenCase (from intake DossierReceived)', () => {
  it('opens the case at the handling agency, status 4, with the first step running from the clock start', () => {
    const { events, state } = run(foldCase(DOSSIER_ID, []), openCommand(), at('2020-10-05 08:05'));
    const opened = only(events, 'CaseOpened');
    expect(opened).toMatchObject({
      status: S.NATIONAL_STATUS_PROCESSING,
      agencyCode: 'TUPHAP',
      unitCode: DESK,
      applicantName: 'Nguyễn Văn An',
      supplementPolicy: ev.SupplementPolicy.SUPPLEMENT_POLICY_PAUSE,
      workflowId: 'standard',
      workflowVersion: catalogue.version,
      sourceEventId: 'intake-event-1',
      dueAt: at('2020-10-08 08:00'),
    });
    // assign: 5% of 24 working hours = 1.2 h from Monday 08:00.
    expect(opened.firstStep).toEqual({ stepCode: 'assign', startedAt: at('2020-10-05 08:00'), dueAt: at('2020-10-05 09:12') });
    expect(opened.actionRoles).toContainEqual({ action: 'assign', roles: ['leader'] });
    expect(state).toMatchObject({ phase: 'in_progress', version: 1, currentStep: { code: 'assign' } });
  });

  it('writes the first Form 05 row: desk -> agency, given by the desk officer', () => {
    const { state } = run(foldCase(DOSSIER_ID, []), openCommand(), at('2020-10-05 08:05'));
    expect(state.handOffs).toEqual([
      expect.objectContaining({
        fromUnitCode: DESK,
        toUnitCode: 'TUPHAP',
        givenBy: 'desk-1',
        handedAt: at('2020-10-05 08:00'),
        toStepCode: 'assign',
        result: ev.Timeliness.TIMELINESS_ON_TIME,
      }),
    ]);
  });

  it('is obsolete when the case is already open (a redelivered DossierReceived opens nothing)', () => {
    const s = given([openCommand(), at('2020-10-05 08:05')]);
    expect(rejectionOf(when(s, openCommand(), at('2020-10-05 08:06'))).kind).toBe('obsolete');
  });

  it('rejects a received dossier without an agency, a due time or a known supplement policy', () => {
    const r = rejectionOf(
      when(
        foldCase(DOSSIER_ID, []),
        openCommand({ agencyCode: '', dueAt: undefined, supplementPolicy: 'sometimes' }),
        at('2020-10-05 08:05'),
      ),
    );
    expect(r).toEqual({
      kind: 'invalid',
      violations: [
        { field: 'agency_code', description: 'is required' },
        { field: 'due_at', description: 'is required' },
        { field: 'supplement_policy', description: 'must be "pause" or "restart", not "sometimes"' },
      ],
    });
  });

  it('never lets a step be due after the dossier', () => {
    const dossier = dossierReceived({ procedureCode: 'TP-CT-01', statutoryWorkingHours: 8, dueAt: at('2020-10-05 09:00') });
    const workflow = resolveWorkflow(catalogue, 'TP-CT-01', 8);
    const { events } = run(
      foldCase(DOSSIER_ID, []),
      { type: 'OpenCase', dossier, workflow, sourceEventId: 'e', deskOfficerId: '' },
      at('2020-10-05 08:00'),
    );
    expect(only(events, 'CaseOpened').firstStep?.dueAt).toEqual(at('2020-10-05 08:48'));
    const late = dossierReceived({ dueAt: at('2020-10-05 08:30') });
    const { events: lateEvents } = run(
      foldCase(DOSSIER_ID, []),
      { type: 'OpenCase', dossier: late, workflow, sourceEventId: 'e', deskOfficerId: '' },
      at('2020-10-05 08:00'),
    );
    expect(only(lateEvents, 'CaseOpened').firstStep?.dueAt).toEqual(at('2020-10-05 08:30'));
  });
});

describe('ResumeAfterSupplement (from intake SupplementReceived)', () => {
  it("pause policy: back to status 4 with intake's new due time and the step's remaining budget", () => {
    // Appraise due Wednesday 07:24; requested Tuesday 10:00 -> 5.4 working hours left.
    const waiting = run(appraising(), supplementRequest(), at('2020-10-06 10:00')).state;
    expect(waiting.pendingSupplement?.stepRemainingWorkingHours).toBeCloseTo(5.4);
    const { events, state } = run(waiting, supplementReceived(at('2020-10-07 14:00'), at('2020-10-09 11:00')), at('2020-10-07 14:01'));
    const resumed = only(events, 'CaseResumedAfterSupplement');
    expect(resumed).toMatchObject({
      status: S.NATIONAL_STATUS_PROCESSING,
      requestedAt: at('2020-10-06 10:00'),
      supplementReceivedAt: at('2020-10-07 14:00'),
      previousDueAt: at('2020-10-08 08:00'),
      newDueAt: at('2020-10-09 11:00'),
      policy: ev.SupplementPolicy.SUPPLEMENT_POLICY_PAUSE,
      sourceEventId: 'intake-event-2',
    });
    // 5.4 h from Wednesday 14:00: 3 h to 17:00, then 2.4 h Thursday from 07:00 -> 09:24.
    expect(resumed.resumedStep).toEqual({ stepCode: 'appraise', startedAt: at('2020-10-07 14:00'), dueAt: at('2020-10-08 09:24') });
    expect(resumed.handOff).toMatchObject({ fromUnitCode: DESK, toUnitCode: 'TUPHAP', givenBy: 'desk-2', receivedBy: 'tp-specialist' });
    expect(state).toMatchObject({
      phase: 'in_progress',
      dueAt: at('2020-10-09 11:00'),
      originalDueAt: at('2020-10-08 08:00'),
      waitedWorkingHours: 9,
    });
    expect(state.pendingSupplement).toBeUndefined();
  });

  it('restart policy: the step gets its whole budget again', () => {
    const waiting = run(appraising({ supplementPolicy: 'restart' }), supplementRequest(), at('2020-10-06 10:00')).state;
    const { events, state } = run(
      waiting,
      supplementReceived(at('2020-10-07 14:00'), at('2020-10-12 14:00'), 'restart'),
      at('2020-10-07 14:01'),
    );
    // 14.4 h from Wednesday 14:00: 3 + 8 (Thu) + 3.4 (Fri to 10:24).
    expect(only(events, 'CaseResumedAfterSupplement').resumedStep?.dueAt).toEqual(at('2020-10-09 10:24'));
    expect(state.clockRestartedAt).toEqual(at('2020-10-07 14:00'));
  });

  it('is obsolete when the case is not waiting for a supplement, or unknown', () => {
    expect(
      rejectionOf(when(appraising(), supplementReceived(at('2020-10-07 14:00'), at('2020-10-09 11:00')), at('2020-10-07 14:00'))).kind,
    ).toBe('obsolete');
    expect(
      rejectionOf(
        when(foldCase(DOSSIER_ID, []), supplementReceived(at('2020-10-07 14:00'), at('2020-10-09 11:00')), at('2020-10-07 14:00')),
      ).kind,
    ).toBe('obsolete');
  });
});

describe('WithdrawCase (from intake DossierWithdrawn)', () => {
  const withdraw: CaseCommand = {
    type: 'WithdrawCase',
    withdrawal: { dossierId: DOSSIER_ID, withdrawnAt: at('2020-10-06 09:00') },
    sourceEventId: 'intake-event-3',
  };

  it('closes an open case with status 7; later actions are refused', () => {
    const { events, state } = run(appraising(), withdraw, at('2020-10-06 09:01'));
    expect(only(events, 'CaseWithdrawn')).toEqual({
      dossierId: DOSSIER_ID,
      status: S.NATIONAL_STATUS_WITHDRAWN,
      withdrawnAt: at('2020-10-06 09:00'),
      sourceEventId: 'intake-event-3',
    });
    expect(state.phase).toBe('withdrawn');
    expect(rejectionOf(when(state, assign('someone-else', leader), at('2020-10-06 10:00')))).toMatchObject({
      kind: 'precondition',
      message: expect.stringMatching(/was withdrawn/),
    });
  });

  it('is obsolete once processing ended or twice', () => {
    const closed = run(appraising(), withdraw, at('2020-10-06 09:01')).state;
    expect(rejectionOf(when(closed, withdraw, at('2020-10-06 09:02'))).kind).toBe('obsolete');
  });
});
