// An officer of a successor commune's department acts on a case its dissolved district department
// held: decide sees them acting for the case's agency; anyone else is left as they are.
import { actingForCase, carriedActor } from './case-commands';
import type { CaseState } from '../domain/case-state';
import type { OfficerCommand } from '../domain/commands';

const state = { agencyCode: 'TUPHAP', unitCode: 'XTRUCDAI' } as CaseState;
const carriesOn = (actor: string, held: string, unit: string) => actor === 'XMINHTHAI-VHXH' && held === 'TUPHAP' && unit === 'XTRUCDAI';

describe('acting for a case whose agency was dissolved', () => {
  it("lets the successor's department act for the case's agency, naming the same officer", () => {
    const command: OfficerCommand = {
      type: 'CompleteStep',
      actor: { officerId: 'cv9', role: 'specialist', unitCode: 'XMINHTHAI-VHXH' },
      stepCode: 'appraise',
      note: '',
    };
    expect(actingForCase(command, state, carriesOn).actor).toEqual({ officerId: 'cv9', role: 'specialist', unitCode: 'TUPHAP' });
  });

  it('leaves other officers, and everyone when no map is given, as they are', () => {
    const other = { officerId: 'cv1', role: 'specialist', unitCode: 'XCOLE-VHXH' };
    expect(carriedActor(other, state, carriesOn)).toBe(other);
    const successor = { officerId: 'cv9', role: 'specialist', unitCode: 'XMINHTHAI-VHXH' };
    expect(carriedActor(successor, state)).toBe(successor);
  });
});
