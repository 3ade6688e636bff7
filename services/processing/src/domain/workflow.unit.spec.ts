import { processingEvents as ev } from '@onestop/contracts';
import { catalogue } from './fixtures.spec';
import { budgetHours, resolveWorkflow } from './workflow';

describe('resolveWorkflow', () => {
  it("uses the procedure's own workflow", () => {
    const w = resolveWorkflow(catalogue, 'TP-CT-01', 8);
    expect(w).toMatchObject({ id: 'same-day', isDefault: false, version: catalogue.version });
    expect(w.steps.map((s) => s.code)).toEqual(['assign', 'appraise', 'issue']);
    expect(w.steps[2]).toMatchObject({ kind: ev.StepKind.STEP_KIND_ISSUE, roles: ['leader'] });
  });

  it('falls back to the default workflow for a procedure without one', () => {
    const w = resolveWorkflow(catalogue, 'NO-SUCH-PROCEDURE', 80);
    expect(w).toMatchObject({ id: 'standard', isDefault: true });
    expect(w.steps.map((s) => [s.code, s.budgetWorkingHours])).toEqual([
      ['assign', 4],
      ['appraise', 48],
      ['approve', 16],
      ['issue', 12],
    ]);
    expect(w.steps[1]).toMatchObject({ assigneeOnly: true, roles: ['specialist'], kind: ev.StepKind.STEP_KIND_WORK });
  });

  it('merges workflow action roles over the catalogue defaults', () => {
    const c = {
      ...catalogue,
      workflows: catalogue.workflows.map((w) =>
        w.id === 'standard' ? { ...w, actionRoles: { stop: ['specialist' as const, 'leader' as const] } } : w,
      ),
    };
    const w = resolveWorkflow(c, 'X', 24);
    expect(w.actionRoles.stop).toEqual(['specialist', 'leader']);
    expect(w.actionRoles.assign).toEqual(['leader']);
  });
});

describe('budgetHours', () => {
  it('takes a share of the statutory time, to the minute', () => {
    expect(budgetHours({ share: 0.05 }, 24)).toBeCloseTo(1.2);
    expect(budgetHours({ share: 1 / 3 }, 1)).toBeCloseTo(20 / 60);
  });
  it('counts a procedure without statutory hours as one working day and never goes below a minute', () => {
    expect(budgetHours({ share: 0.5 }, 0)).toBe(4);
    expect(budgetHours({ share: 0.0001 }, 1)).toBeCloseTo(1 / 60);
  });
  it('keeps fixed working hours as given', () => {
    expect(budgetHours({ workingHours: 2.5 }, 240)).toBe(2.5);
  });
});
