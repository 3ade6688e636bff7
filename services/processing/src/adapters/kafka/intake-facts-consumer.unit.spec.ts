import { encodeEvent } from '@onestop/contracts';
import { dossierReceived } from '../../domain/fixtures.spec';
import { toIntakeFact } from './intake-facts-consumer';

const envelope = (type: string, payload: unknown) => ({ type, data: encodeEvent(type, payload) });

describe('toIntakeFact', () => {
  it('takes the received, supplemented and withdrawn dossiers from intake', () => {
    const d = dossierReceived();
    expect(toIntakeFact(envelope('onestop.intake.v1.DossierReceived', d))).toEqual({ type: 'DossierReceived', data: d });
    expect(
      toIntakeFact(envelope('onestop.intake.v1.DossierWithdrawn', { dossierId: d.dossierId, withdrawnAt: d.receivedAt })),
    ).toMatchObject({
      type: 'DossierWithdrawn',
      data: { dossierId: d.dossierId, withdrawnAt: d.receivedAt },
    });
    expect(toIntakeFact(envelope('onestop.intake.v1.SupplementReceived', { dossierId: d.dossierId, policy: 'pause' }))?.type).toBe(
      'SupplementReceived',
    );
  });

  it("leaves intake's other events, and other services' events, alone", () => {
    expect(toIntakeFact(envelope('onestop.intake.v1.DossierRefused', { dossierId: 'x' }))).toBeUndefined();
    expect(toIntakeFact(envelope('onestop.intake.v1.ProcessingStatusNoted', { dossierId: 'x' }))).toBeUndefined();
    expect(toIntakeFact(envelope('onestop.processing.v1.CaseOpened', { dossierId: 'x' }))).toBeUndefined();
  });
});
