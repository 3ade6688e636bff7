// Which actions an officer may take on a case at its current step: the same rules processing
// enforces (agency, role from the workflow, the assignee), so the page offers only those.
// Processing still decides; this only hides buttons that would be refused.

export type OfficerAction = 'assign' | 'complete_step' | 'send_back' | 'request_supplement' | 'issue_result' | 'apologize' | 'stop';

export const STEP_KINDS = { assign: 1, work: 2, approve: 3, issue: 4 } as const;
export const CASE_IN_PROGRESS = 1;

export interface CaseFacts {
  /** CaseState enum value from processing. */
  state: number;
  agencyCode: string;
  assigneeOfficerId: string;
  steps: { code: string; kind: number; roles: string[]; assigneeOnly: boolean }[];
  currentStep?: { code: string; kind: number; roles: string[] } | undefined;
  /** Apology already issued (allowed once). */
  apologised: boolean;
}

export interface Officer {
  officerId: string;
  role: string;
  unitCode: string;
}

export function allowedActions(c: CaseFacts, actionRoles: Record<string, string[]>, me: Officer): OfficerAction[] {
  if (me.unitCode !== c.agencyCode || c.state !== CASE_IN_PROGRESS || !c.currentStep) return [];
  const step = c.currentStep;
  const def = c.steps.find((s) => s.code === step.code);
  const assigneeOnly = def?.assigneeOnly ?? false;
  const isAssignee = c.assigneeOfficerId !== '' && c.assigneeOfficerId === me.officerId;
  const assigneeOk = (only: boolean) => (me.role !== 'specialist' && !only) || isAssignee;
  const may = (action: string) => (actionRoles[action] ?? []).includes(me.role);
  const out: OfficerAction[] = [];

  const stepRoleOk = step.roles.includes(me.role) && assigneeOk(assigneeOnly);
  if (step.kind === STEP_KINDS.assign) {
    if (may('assign')) out.push('assign');
  } else if (step.kind === STEP_KINDS.issue) {
    if (stepRoleOk) out.push('issue_result');
  } else if (stepRoleOk) {
    out.push('complete_step');
  }
  const index = c.steps.findIndex((s) => s.code === step.code);
  if (stepRoleOk && index > 0 && step.kind !== STEP_KINDS.assign) out.push('send_back');
  if (may('request_supplement') && assigneeOk(false)) out.push('request_supplement');
  if (may('apologize') && !c.apologised) out.push('apologize');
  if (may('stop')) out.push('stop');
  return out;
}
