// Quy trình xử lý — a procedure's processing workflow as data: ordered steps, the roles allowed to
// end each step and to take each other action, and a time budget per step. Definitions come from
// services/processing/data/workflows.json; a case freezes its resolved workflow when it opens.
import { processingEvents as ev } from '@onestop/contracts';

/** Roles that act inside an agency's workflow. */
export const WORKFLOW_ROLES = ['specialist', 'leader'] as const;
export type WorkflowRole = (typeof WORKFLOW_ROLES)[number];

/** Actions whose allowed roles are data (steps carry their own roles for complete / send back / issue). */
export const CASE_ACTIONS = [
  'assign',
  'transfer',
  'request_supplement',
  'notify_financial_obligation',
  'record_payment',
  'request_consultation',
  'record_consultation_answer',
  'stop',
  'apologize',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export type ActionRoles = Record<CaseAction, WorkflowRole[]>;

export const STEP_KINDS = ['assign', 'work', 'approve', 'issue'] as const;
export type StepKindName = (typeof STEP_KINDS)[number];

export const STEP_KIND: Record<StepKindName, ev.StepKind> = {
  assign: ev.StepKind.STEP_KIND_ASSIGN,
  work: ev.StepKind.STEP_KIND_WORK,
  approve: ev.StepKind.STEP_KIND_APPROVE,
  issue: ev.StepKind.STEP_KIND_ISSUE,
};

/** Either fixed working hours or a share of the procedure's statutory time. */
export type StepBudget = { workingHours: number } | { share: number };

export interface StepDefinition {
  code: string;
  name: string;
  kind: StepKindName;
  roles: WorkflowRole[];
  assigneeOnly: boolean;
  budget: StepBudget;
}

export interface WorkflowDefinition {
  id: string;
  name: string;
  procedures: string[];
  steps: StepDefinition[];
  /** Overrides of the catalogue's action roles for this workflow. */
  actionRoles: Partial<ActionRoles>;
}

export interface WorkflowCatalogue {
  version: string;
  defaultWorkflowId: string;
  actionRoles: ActionRoles;
  workflows: WorkflowDefinition[];
}

export interface WorkflowIssue {
  path: string;
  message: string;
}

const STEP_CODE = /^[a-z][a-z0-9_]{0,39}$/;
const SHARE_TOLERANCE = 1e-9;

function stepIssues(w: WorkflowDefinition, path: string): WorkflowIssue[] {
  const issues: WorkflowIssue[] = [];
  if (w.steps.length === 0) return [{ path: `${path}.steps`, message: 'at least one step is required' }];
  const seen = new Set<string>();
  let shares = 0;
  w.steps.forEach((s, i) => {
    const p = `${path}.steps[${i}]`;
    if (!STEP_CODE.test(s.code)) issues.push({ path: `${p}.code`, message: `"${s.code}" must be lower_snake_case, at most 40 characters` });
    if (seen.has(s.code)) issues.push({ path: `${p}.code`, message: `step code "${s.code}" is used twice` });
    seen.add(s.code);
    if (s.roles.length === 0) issues.push({ path: `${p}.roles`, message: 'at least one role is required' });
    if (s.kind === 'issue' && i !== w.steps.length - 1) issues.push({ path: `${p}.kind`, message: 'the issue step must be the last step' });
    if (s.kind === 'assign' && i !== 0) issues.push({ path: `${p}.kind`, message: 'an assign step can only be the first step' });
    if (s.kind === 'assign' && s.assigneeOnly)
      issues.push({ path: `${p}.assigneeOnly`, message: 'an assign step is ended by a leader, not by the assignee' });
    if (s.assigneeOnly && !s.roles.includes('specialist'))
      issues.push({ path: `${p}.assigneeOnly`, message: 'only a step a specialist may end can be limited to the assignee' });
    if (s.assigneeOnly && w.steps[0].kind !== 'assign')
      issues.push({ path: `${p}.assigneeOnly`, message: 'needs an assign step first, so that the case has an assignee' });
    if ('share' in s.budget) {
      if (!(s.budget.share > 0 && s.budget.share <= 1))
        issues.push({ path: `${p}.budget.share`, message: 'must be greater than 0 and at most 1' });
      else shares += s.budget.share;
    } else if (!(s.budget.workingHours > 0 && s.budget.workingHours <= 8 * 366)) {
      issues.push({ path: `${p}.budget.workingHours`, message: 'must be greater than 0 and at most a year of working days' });
    }
  });
  if (w.steps[w.steps.length - 1].kind !== 'issue')
    issues.push({ path: `${path}.steps`, message: 'the last step must be of kind "issue"' });
  if (shares > 1 + SHARE_TOLERANCE)
    issues.push({ path: `${path}.steps`, message: `budget shares add up to ${shares.toFixed(3)}, more than the whole statutory time` });
  return issues;
}

/**
 * Every rule a workflow catalogue must satisfy beyond its JSON shape: valid steps, one workflow
 * per procedure, an existing default. Returns all problems at once, each with its path.
 */
export function validateWorkflowCatalogue(c: WorkflowCatalogue): WorkflowIssue[] {
  const issues: WorkflowIssue[] = [];
  const ids = new Set<string>();
  const owner = new Map<string, string>();
  c.workflows.forEach((w, i) => {
    const path = `workflows[${i}]`;
    if (ids.has(w.id)) issues.push({ path: `${path}.id`, message: `workflow id "${w.id}" is used twice` });
    ids.add(w.id);
    issues.push(...stepIssues(w, path));
    w.procedures.forEach((code, j) => {
      const other = owner.get(code);
      if (other !== undefined)
        issues.push({ path: `${path}.procedures[${j}]`, message: `procedure "${code}" already has workflow "${other}"` });
      else owner.set(code, w.id);
    });
  });
  if (!ids.has(c.defaultWorkflowId)) {
    issues.push({ path: 'defaultWorkflow', message: `"${c.defaultWorkflowId}" is not the id of a workflow in this file` });
  }
  return issues;
}

/** A workflow resolved for one dossier: budgets in working hours, action roles merged. */
export interface ResolvedWorkflow {
  id: string;
  version: string;
  isDefault: boolean;
  steps: ev.WorkflowStep[];
  actionRoles: ActionRoles;
}

/** The workflow a procedure is processed with: its own, else the default. */
export function workflowFor(c: WorkflowCatalogue, procedureCode: string): { workflow: WorkflowDefinition; isDefault: boolean } {
  const own = c.workflows.find((w) => w.procedures.includes(procedureCode));
  if (own) return { workflow: own, isDefault: false };
  const fallback = c.workflows.find((w) => w.id === c.defaultWorkflowId);
  if (!fallback) throw new Error(`default workflow "${c.defaultWorkflowId}" is missing (catalogue not validated)`);
  return { workflow: fallback, isDefault: true };
}

/** Budget in working hours, to the minute; a share applies to the statutory time (one day if none). */
export function budgetHours(budget: StepBudget, statutoryWorkingHours: number): number {
  const hours = 'workingHours' in budget ? budget.workingHours : budget.share * (statutoryWorkingHours > 0 ? statutoryWorkingHours : 8);
  return Math.max(1, Math.round(hours * 60)) / 60;
}

export function resolveWorkflow(c: WorkflowCatalogue, procedureCode: string, statutoryWorkingHours: number): ResolvedWorkflow {
  const { workflow, isDefault } = workflowFor(c, procedureCode);
  return {
    id: workflow.id,
    version: c.version,
    isDefault,
    steps: workflow.steps.map((s) => ({
      code: s.code,
      name: s.name,
      kind: STEP_KIND[s.kind],
      roles: [...s.roles],
      assigneeOnly: s.assigneeOnly,
      budgetWorkingHours: budgetHours(s.budget, statutoryWorkingHours),
    })),
    actionRoles: { ...c.actionRoles, ...workflow.actionRoles },
  };
}
