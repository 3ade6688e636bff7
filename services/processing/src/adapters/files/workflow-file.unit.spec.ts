import { DEFAULT_WORKFLOWS_PATH, loadWorkflowCatalogue, parseWorkflowCatalogue, WorkflowFileError } from './workflow-file';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function shipped(): Record<string, any> {
  return JSON.parse(fs.readFileSync(DEFAULT_WORKFLOWS_PATH, 'utf8'));
}

function problemsOf(raw: unknown): string[] {
  try {
    parseWorkflowCatalogue(raw, 'test.json');
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowFileError);
    return (err as WorkflowFileError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the catalogue to be rejected');
}

describe('the shipped workflow file', () => {
  it('loads, with a default workflow and every step ending in an issue step', () => {
    const c = loadWorkflowCatalogue();
    expect(c.workflows.map((w) => w.id)).toEqual(expect.arrayContaining(['standard', 'same-day', 'field-verification']));
    expect(c.defaultWorkflowId).toBe('standard');
    for (const w of c.workflows) expect(w.steps[w.steps.length - 1].kind).toBe('issue');
  });
});

describe('a bad workflow file is rejected with every problem named by its path', () => {
  it('rejects an unknown field (a typo must not silently drop a rule)', () => {
    const raw = shipped();
    raw.workflows[0].steps[1].assigneOnly = true;
    expect(problemsOf(raw).join('\n')).toMatch(/workflows\[0\]\.steps\[1\].*assigneOnly/);
  });

  it('rejects an unknown role and an unknown step kind', () => {
    const raw = shipped();
    raw.workflows[0].steps[2].roles = ['director'];
    raw.workflows[0].steps[1].kind = 'review';
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith('workflows[0].steps[2].roles[0]'))).toBe(true);
    expect(problems.some((p) => p.startsWith('workflows[0].steps[1].kind'))).toBe(true);
  });

  it('rejects a missing action role in the defaults', () => {
    const raw = shipped();
    delete raw.actionRoles.apologize;
    expect(problemsOf(raw).join('\n')).toMatch(/actionRoles\.apologize/);
  });

  it('rejects an issue step that is not last, duplicate codes and shares above the statutory time', () => {
    const raw = shipped();
    const steps = raw.workflows[0].steps;
    raw.workflows[0].steps = [steps[0], steps[3], { ...steps[1] }, { ...steps[1], budget: { share: 0.9 } }];
    const problems = problemsOf(raw);
    expect(problems).toEqual(
      expect.arrayContaining([
        'workflows[0].steps[1].kind: the issue step must be the last step',
        'workflows[0].steps[3].code: step code "appraise" is used twice',
        'workflows[0].steps: the last step must be of kind "issue"',
      ]),
    );
    expect(problems.some((p) => /budget shares add up to 1\.700/.test(p))).toBe(true);
  });

  it('rejects a procedure given two workflows and a default that does not exist', () => {
    const raw = shipped();
    raw.workflows[2].procedures.push('TP-CT-01');
    raw.defaultWorkflow = 'nope';
    expect(problemsOf(raw)).toEqual(
      expect.arrayContaining([
        'workflows[2].procedures[4]: procedure "TP-CT-01" already has workflow "same-day"',
        'defaultWorkflow: "nope" is not the id of a workflow in this file',
      ]),
    );
  });

  it('rejects an assignee-only step without an assign step and a non-positive budget', () => {
    const raw = shipped();
    raw.workflows[0].steps = raw.workflows[0].steps.slice(1);
    raw.workflows[0].steps[0].budget = { workingHours: 0 };
    const problems = problemsOf(raw);
    expect(problems).toContain('workflows[0].steps[0].assigneeOnly: needs an assign step first, so that the case has an assignee');
    expect(problems.some((p) => p.startsWith('workflows[0].steps[0].budget.workingHours: must be greater than 0'))).toBe(true);
  });

  it('names the file and each problem in the error message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
    const file = path.join(dir, 'workflows.json');
    fs.writeFileSync(file, '{ "version": ');
    expect(() => loadWorkflowCatalogue(file)).toThrow(
      new RegExp(`workflow file ${file.replace(/[.\\/]/g, '\\$&')} is invalid:\\n  - \\(file\\): cannot be read as JSON`),
    );
    fs.rmSync(dir, { recursive: true });
  });
});
