// Deadline alerts: which DueSoon / Overdue alerts a case still waits for (each becomes a durable
// timer), and whether one that came due still stands when its timer fires.
import { processingEvents as ev } from '@onestop/contracts';
import { type AlertKind, alertKey, type CaseState, clockRuns, stepDefinition } from '../case-state';
import type { FireDeadlineAlert } from '../commands';
import { accept, type Decision, type DecisionContext, obsolete, precondition } from '../decision';
import { workingHoursLeft } from '../working-time';

/** An alert a case will need at its deadline. */
export interface WantedAlert {
  kind: AlertKind;
  alert: 'due_soon' | 'overdue';
  deadline: 'dossier' | 'step';
  dueAt: Date;
  stepCode: string;
}

/**
 * The alerts of the deadlines in force, not yet emitted: the dossier's due-soon and overdue, the
 * step's overdue, and the step's due-soon when its budget is longer than the lead (a shorter step
 * would be "due soon" as it starts). None while the clock stands still or after processing ended.
 */
export function wantedAlerts(s: CaseState, leadWorkingHours: number): WantedAlert[] {
  if (!clockRuns(s)) return [];
  const wanted: WantedAlert[] = [];
  if (s.dueAt) {
    wanted.push({ kind: 'dossier_due_soon', alert: 'due_soon', deadline: 'dossier', dueAt: s.dueAt, stepCode: '' });
    wanted.push({ kind: 'dossier_overdue', alert: 'overdue', deadline: 'dossier', dueAt: s.dueAt, stepCode: '' });
  }
  const step = s.currentStep;
  if (step) {
    const budget = stepDefinition(s, step.code)?.budgetWorkingHours ?? 0;
    if (budget > leadWorkingHours)
      wanted.push({ kind: 'step_due_soon', alert: 'due_soon', deadline: 'step', dueAt: step.dueAt, stepCode: step.code });
    wanted.push({ kind: 'step_overdue', alert: 'overdue', deadline: 'step', dueAt: step.dueAt, stepCode: step.code });
  }
  return wanted.filter((w) => !s.alertsEmitted.includes(alertKey(w.kind, w.dueAt)));
}

/** 'obsolete' = the timer can be dropped; 'precondition' = not due yet, keep it. */
export function fireDeadlineAlert(s: CaseState, c: FireDeadlineAlert, ctx: DecisionContext): Decision {
  const kind: AlertKind = `${c.deadline}_${c.alert}`;
  if (s.version === 0) return obsolete(`dossier ${s.dossierId} has no case`);
  if (!clockRuns(s)) return obsolete(`the clock of dossier ${s.dossierCode} does not run (${s.phase})`);
  const current = c.deadline === 'dossier' ? s.dueAt : s.currentStep?.code === c.stepCode ? s.currentStep.dueAt : undefined;
  if (!current || current.getTime() !== c.dueAt.getTime())
    return obsolete(`the ${c.deadline} deadline ${c.dueAt.toISOString()} is no longer in force`);
  if (s.alertsEmitted.includes(alertKey(kind, c.dueAt))) return obsolete(`${kind} for ${c.dueAt.toISOString()} was already emitted`);
  const passed = ctx.now.getTime() >= c.dueAt.getTime();
  if (c.alert === 'due_soon' && passed) return obsolete(`the deadline ${c.dueAt.toISOString()} has passed; only the overdue alert applies`);
  if (c.alert === 'overdue' && !passed) return precondition(`the deadline ${c.dueAt.toISOString()} has not passed yet`);
  if (c.alert === 'due_soon' && workingHoursLeft(ctx.time, ctx.now, c.dueAt) > c.leadWorkingHours + 1e-6) {
    return precondition(`more than ${c.leadWorkingHours} working hours are left before ${c.dueAt.toISOString()}`);
  }
  const common = {
    dossierId: s.dossierId,
    status: s.status,
    deadline: c.deadline === 'dossier' ? ev.DeadlineKind.DEADLINE_KIND_DOSSIER : ev.DeadlineKind.DEADLINE_KIND_STEP,
    stepCode: c.deadline === 'step' ? c.stepCode : '',
    dueAt: c.dueAt,
    detectedAt: ctx.now,
    agencyCode: s.agencyCode,
    assigneeOfficerId: s.assigneeId,
  };
  if (c.alert === 'due_soon') return accept({ type: 'DueSoon', data: { ...common, leadWorkingHours: c.leadWorkingHours } });
  return accept({ type: 'Overdue', data: common });
}
