// Reads the workflow catalogue (services/processing/data/workflows.json): JSON shape checked by zod
// (unknown fields rejected, so a typo cannot silently drop a rule), then the domain's rules. A bad
// file stops the service at start with every problem named by its path.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import {
  CASE_ACTIONS,
  STEP_KINDS,
  validateWorkflowCatalogue,
  WORKFLOW_ROLES,
  type WorkflowCatalogue,
  type WorkflowIssue,
} from '../../domain/workflow';

/** The shipped catalogue; resolves from src (jest) and from dist (runtime) alike. */
export const DEFAULT_WORKFLOWS_PATH = path.resolve(__dirname, '../../../data/workflows.json');

export class WorkflowFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: WorkflowIssue[],
  ) {
    super(`workflow file ${file} is invalid:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'WorkflowFileError';
  }
}

const role = z.enum(WORKFLOW_ROLES);
const roles = z.array(role).min(1, 'at least one role is required');
const actionRolesShape = Object.fromEntries(CASE_ACTIONS.map((a) => [a, roles])) as Record<(typeof CASE_ACTIONS)[number], typeof roles>;

const budget = z.union([z.strictObject({ workingHours: z.number() }), z.strictObject({ share: z.number() })], {
  error: 'must be { "workingHours": <number> } or { "share": <number between 0 and 1> }',
});

const step = z.strictObject({
  code: z.string(),
  name: z.string().min(1, 'is required'),
  kind: z.enum(STEP_KINDS),
  roles,
  assigneeOnly: z.boolean().default(false),
  budget,
});

const workflow = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and "-"'),
  name: z.string().min(1, 'is required'),
  procedures: z.array(z.string().min(1)).default([]),
  steps: z.array(step),
  actionRoles: z.strictObject(actionRolesShape).partial().default({}),
});

const file = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"'),
  note: z.string().optional(),
  defaultWorkflow: z.string().min(1, 'is required'),
  actionRoles: z.strictObject(actionRolesShape),
  workflows: z.array(workflow).min(1, 'at least one workflow is required'),
});

function pathOf(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out || '(root)';
}

/** Validates parsed JSON into a catalogue; throws WorkflowFileError listing every problem. */
export function parseWorkflowCatalogue(raw: unknown, source = '(inline)'): WorkflowCatalogue {
  const parsed = file.safeParse(raw);
  if (!parsed.success) {
    throw new WorkflowFileError(
      source,
      parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })),
    );
  }
  const d = parsed.data;
  const catalogue: WorkflowCatalogue = {
    version: d.version,
    defaultWorkflowId: d.defaultWorkflow,
    actionRoles: d.actionRoles,
    workflows: d.workflows,
  };
  const issues = validateWorkflowCatalogue(catalogue);
  if (issues.length) throw new WorkflowFileError(source, issues);
  return catalogue;
}

export function loadWorkflowCatalogue(filePath: string = DEFAULT_WORKFLOWS_PATH): WorkflowCatalogue {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (err) {
    throw new WorkflowFileError(filePath, [{ path: '(file)', message: `cannot be read as JSON: ${(err as Error).message}` }]);
  }
  return parseWorkflowCatalogue(raw, filePath);
}
