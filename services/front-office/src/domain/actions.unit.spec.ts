import { allowedActions, type CaseFacts } from './actions';

const actionRoles = { assign: ['leader'], request_supplement: ['specialist', 'leader'], stop: ['leader'], apologize: ['leader'] };
const steps = [
  { code: 'assign', kind: 1, roles: ['leader'], assigneeOnly: false },
  { code: 'appraise', kind: 2, roles: ['specialist'], assigneeOnly: true },
  { code: 'approve', kind: 3, roles: ['leader'], assigneeOnly: false },
  { code: 'issue', kind: 4, roles: ['specialist', 'leader'], assigneeOnly: false },
];
const at = (code: string, patch: Partial<CaseFacts> = {}): CaseFacts => {
  const s = steps.find((x) => x.code === code)!;
  return {
    state: 1,
    agencyCode: 'TCKH',
    assigneeOfficerId: 'cv01',
    steps,
    currentStep: { code, kind: s.kind, roles: s.roles },
    apologised: false,
    ...patch,
  };
};
const leader = { officerId: 'ld01', role: 'leader', unitCode: 'TCKH' };
const specialist = { officerId: 'cv01', role: 'specialist', unitCode: 'TCKH' };

describe('the actions an officer may take at the current step', () => {
  it('lets a leader assign at the assignment step, and a specialist nothing', () => {
    const c = at('assign', { assigneeOfficerId: '' });
    expect(allowedActions(c, actionRoles, leader)).toEqual(['assign', 'request_supplement', 'apologize', 'stop']);
    expect(allowedActions(c, actionRoles, specialist)).toEqual([]);
  });

  it('lets only the assigned specialist complete an assignee-only step or send it back', () => {
    expect(allowedActions(at('appraise'), actionRoles, specialist)).toEqual(['complete_step', 'send_back', 'request_supplement']);
    expect(allowedActions(at('appraise'), actionRoles, { ...specialist, officerId: 'cv02' })).toEqual([]);
    expect(allowedActions(at('appraise'), actionRoles, leader)).toEqual(['request_supplement', 'apologize', 'stop']);
  });

  it('offers issuing the result at the issue step', () => {
    expect(allowedActions(at('issue'), actionRoles, leader)).toContain('issue_result');
    expect(allowedActions(at('approve'), actionRoles, leader)).toContain('complete_step');
  });

  it('offers nothing outside the case’s agency, once processing ended, or while waiting for the citizen', () => {
    expect(allowedActions(at('approve'), actionRoles, { ...leader, unitCode: 'TUPHAP' })).toEqual([]);
    expect(allowedActions(at('approve', { state: 2 }), actionRoles, leader)).toEqual([]);
    expect(allowedActions(at('approve', { currentStep: undefined }), actionRoles, leader)).toEqual([]);
  });

  it('offers the apology only once', () => {
    expect(allowedActions(at('approve', { apologised: true }), actionRoles, leader)).not.toContain('apologize');
  });
});
