// processing's decide(command, state, context) in the platform's one spec style:
// given(events).when(command).then(events | rejection).
import { deciderSpec } from '@onestop/test-support';
import { evolve, initialCaseState } from '../case-state';
import type { DecisionContext } from '../decision';
import { assign, at, calendar, DOSSIER_ID, leader, openCommand, otherAgencyLeader, run, specialist } from '../fixtures.spec';
import { decide } from './index';

const cases = deciderSpec({ initialState: () => initialCaseState(DOSSIER_ID), evolve, decide }, (): DecisionContext => ({
  now: at('2020-10-05 09:00'),
  time: calendar,
}));
const opened = () => run(initialCaseState(DOSSIER_ID), openCommand(), at('2020-10-05 08:00')).events;

describe('decide: a case', () => {
  it('given an opened case, when a leader assigns it, then the officer is assigned', () => {
    const [event] = cases.given(opened()).when(assign()).events();
    expect(event).toMatchObject({
      type: 'OfficerAssigned',
      data: { dossierId: DOSSIER_ID, officerId: specialist.officerId, assignedBy: leader.officerId },
    });
  });

  it('given an opened case, when a leader of another agency assigns it, then it is denied', () => {
    cases
      .given(opened())
      .when(assign(specialist.officerId, otherAgencyLeader))
      .then({ kind: 'denied', message: /officer of KTHT may not act/ });
  });

  it('given an opened case, when a specialist assigns it, then it is denied', () => {
    cases.given(opened()).when(assign(specialist.officerId, specialist)).then({ kind: 'denied' });
  });

  it('given nothing, when a leader assigns, then there is no case', () => {
    cases.given([]).when(assign()).then({ kind: 'not_found' });
  });

  it('given an opened case, when assigned to nobody, then officer_id is named', () => {
    cases
      .given(opened())
      .when(assign(''))
      .then({ kind: 'invalid', violations: [{ field: 'officer_id' }] });
  });

  it('given an opened case, when intake’s DossierReceived comes again, then it changes nothing', () => {
    cases.given(opened()).when(openCommand()).then({ kind: 'obsolete' });
  });
});
