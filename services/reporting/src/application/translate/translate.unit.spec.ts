import { PoisonEventError, toDossierFact, translateEvent } from './translate';
import { applicantIdHash } from '../../domain/applicant-id';
import { dossierReceived, incoming, SOURCES } from '../../testing/events.spec';

describe('translating consumed events into dossier facts', () => {
  it("reads intake's DossierReceived, hashing the ID number and linking the postal pickup", () => {
    const e = incoming(
      SOURCES.intake,
      'onestop.intake.v1.DossierReceived',
      'd1',
      1,
      dossierReceived('d1', {
        channel: 3,
        postalHandover: { pickupId: 'pk-9', waybillNumber: 'WB9', handedOverAt: new Date('2020-03-02T00:50:00Z') },
      }),
    );
    const t = translateEvent(e);
    expect(t?.dossierId).toBe('d1');
    expect(t?.links).toEqual([{ pickupId: 'pk-9', dossierId: 'd1' }]);
    expect(t?.fact).toMatchObject({
      kind: 'received',
      channel: 'postal',
      dossierCode: 'H40-200302-0001',
      applicantName: 'Nguyễn Văn A',
      applicantIdHash: applicantIdHash('d1', '036090001234'),
      postalHandoverAt: new Date('2020-03-02T00:50:00Z'),
      waybillNumber: 'WB9',
      dueAt: new Date('2020-03-04T10:00:00Z'),
    });
    expect(JSON.stringify(t)).not.toContain('036090001234');
    const fact = toDossierFact(e, t!, 'd1');
    expect(fact.meta).toMatchObject({ source: 'onestop.intake', streamId: 'd1', streamVersion: 1, eventId: e.id });
  });

  it("reads processing's ResultIssued as the end of processing", () => {
    const e = incoming(SOURCES.processing, 'onestop.processing.v1.ResultIssued', 'd1', 5, {
      dossierId: 'd1',
      status: 9,
      processingEndedAt: new Date('2020-03-03T08:00:00Z'),
      issuedAt: new Date('2020-03-03T08:00:00Z'),
      timeliness: 1,
    });
    expect(translateEvent(e)?.fact).toEqual({ kind: 'result_ready', at: new Date('2020-03-03T08:00:00Z'), verdict: 'early' });
  });

  it('keeps Form 05 hand-offs of processing', () => {
    const e = incoming(SOURCES.processing, 'onestop.processing.v1.CaseOpened', 'd1', 1, {
      dossierId: 'd1',
      status: 4,
      agencyCode: 'STP',
      handOff: {
        fromUnitCode: 'H40',
        toUnitCode: 'STP',
        handedAt: new Date('2020-03-02T02:00:00Z'),
        givenBy: 'desk-1',
        receivedBy: '',
        result: 2,
        note: '',
      },
    });
    expect(translateEvent(e)?.fact).toMatchObject({
      kind: 'processing_progress',
      status: 4,
      agencyCode: 'STP',
      at: new Date('2020-03-02T02:00:00Z'),
      handoff: { from: 'H40', to: 'STP', givenBy: 'desk-1', receivedBy: '', result: 'on_time', note: '' },
    });
  });

  it("ties a pickup's events to no dossier until the desk names it", () => {
    const requested = incoming(SOURCES.postal, 'onestop.postal.v1.PickupRequested', 'pk-9', 1, {
      shipmentId: 'pk-9',
      requestedAt: new Date(),
    });
    expect(translateEvent(requested)).toMatchObject({
      dossierId: null,
      links: [],
      fact: { kind: 'postal_shipment', leg: 'dossier', shipmentId: 'pk-9' },
    });
    const submitted = incoming(SOURCES.postal, 'onestop.postal.v1.DossierSubmittedToDesk', 'pk-9', 6, {
      shipmentId: 'pk-9',
      dossierId: 'd1',
      outcome: 1,
    });
    expect(translateEvent(submitted)).toMatchObject({ dossierId: 'd1', links: [{ pickupId: 'pk-9', dossierId: 'd1' }] });
    const delivered = incoming(SOURCES.postal, 'onestop.postal.v1.ResultDelivered', 'd1', 4, {
      shipmentId: 'd1',
      dossierId: 'd1',
      waybillNumber: 'WB2',
    });
    expect(translateEvent(delivered)).toMatchObject({
      dossierId: 'd1',
      fact: { leg: 'result', status: 'delivered', waybillNumber: 'WB2' },
    });
  });

  it("ignores unknown types and intake's mirror of processing", () => {
    expect(
      translateEvent(incoming(SOURCES.intake, 'onestop.intake.v1.ProcessingStatusNoted', 'd1', 3, { dossierId: 'd1', status: 4 })),
    ).toBeNull();
    const unknown = {
      ...incoming(SOURCES.intake, 'onestop.intake.v1.DossierWithdrawn', 'd1', 3, { dossierId: 'd1' }),
      type: 'onestop.intake.v9.Whatever',
    };
    expect(translateEvent(unknown)).toBeNull();
  });

  it('rejects as poison a payload that does not decode, belongs to another dossier, or lacks the time the figures need', () => {
    const garbage = {
      ...incoming(SOURCES.intake, 'onestop.intake.v1.DossierWithdrawn', 'd1', 3, { dossierId: 'd1' }),
      data: Uint8Array.from([0x0a, 0xff, 0x01]),
    };
    expect(() => translateEvent(garbage)).toThrow(PoisonEventError);
    expect(() =>
      translateEvent(incoming(SOURCES.intake, 'onestop.intake.v1.DossierWithdrawn', 'd1', 3, { dossierId: 'd2', withdrawnAt: new Date() })),
    ).toThrow(/dossier_id d2 is not the stream's \(d1\)/);
    expect(() =>
      translateEvent(
        incoming(SOURCES.intake, 'onestop.intake.v1.DossierReceived', 'd1', 1, dossierReceived('d1', { receivedAt: undefined })),
      ),
    ).toThrow(/received_at is missing/);
  });
});
