import { RejectionError } from '@onestop/commands';
import { encodeEvent } from '@onestop/contracts';
import { fromStored } from './event-codec';

describe('reading a stored intake event', () => {
  it('refuses a dossier imported from a former software as read-only history (FAILED_PRECONDITION), not as a failure', () => {
    const type = 'onestop.intake.v1.LegacyDossierImported';
    let thrown: unknown;
    try {
      fromStored({ type, data: encodeEvent(type, { dossierId: 'd-1', dossierCode: 'TRUCNINH-200706-0001' }) });
    } catch (err) {
      thrown = err;
    }
    expect(RejectionError.is(thrown) && thrown.rejection).toEqual({
      kind: 'precondition',
      message: "this dossier was imported from a former software's export: it is read-only history, shown by reporting",
    });
    expect(() => fromStored({ type: 'onestop.processing.v1.CaseOpened', data: new Uint8Array() })).toThrow('not an intake event type');
  });
});
