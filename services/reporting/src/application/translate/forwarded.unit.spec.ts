// A boundary-free receipt (Decree 118/2025/NĐ-CP): intake's DossierForwarded shows in the dossier's
// history as a hand-off from the receiving desk to the competent unit, moves the handling agency,
// and is noted in the receiving unit's register (Form 06).
import { registerRows } from '../../domain/dossier-register';
import { foldDossier } from '../../domain/fold';
import { dossierReceived, incoming, SOURCES } from '../../testing/events.spec';
import { toDossierFact, translateEvent } from './translate';

const received = incoming(
  SOURCES.intake,
  'onestop.intake.v1.DossierReceived',
  'd7',
  1,
  dossierReceived('d7', {
    unitCode: 'XCOLE',
    dossierCode: 'XCOLE-260107-0002',
    agencyCode: 'XMINHTHAI-VHXH',
    competentUnitCode: 'XMINHTHAI',
  }),
);
const forwarded = incoming(SOURCES.intake, 'onestop.intake.v1.DossierForwarded', 'd7', 2, {
  dossierId: 'd7',
  dossierCode: 'XCOLE-260107-0002',
  fromUnitCode: 'XCOLE',
  toUnitCode: 'XMINHTHAI',
  agencyCode: 'XMINHTHAI-VHXH',
  procedureCode: 'XA-HT-01',
  forwardedAt: new Date('2026-01-07T03:00:00Z'),
  returnUnitCode: 'XCOLE',
  legalBasis: 'Nghị định 118/2025/NĐ-CP',
});

describe('DossierForwarded in reporting', () => {
  it('is a hand-off from the receiving desk to the competent unit, naming where the result returns', () => {
    expect(translateEvent(forwarded)?.fact).toMatchObject({
      kind: 'processing_progress',
      at: new Date('2026-01-07T03:00:00Z'),
      status: null,
      agencyCode: 'XMINHTHAI-VHXH',
      handoff: { from: 'XCOLE', to: 'XMINHTHAI' },
    });
  });

  it('stays in the receiving unit’s register, noted as forwarded, with the hand-off time as its transfer', () => {
    const facts = [received, forwarded].map((e) => toDossierFact(e, translateEvent(e)!, 'd7'));
    const view = foldDossier('d7', facts)!;
    expect([view.unitCode, view.agencyCode, view.dossierCode]).toEqual(['XCOLE', 'XMINHTHAI-VHXH', 'XCOLE-260107-0002']);
    expect(view.timeline.map((t) => t.summary).join(' | ')).toMatch(
      /Forwarded to XMINHTHAI .*result returns to XCOLE — Nghị định 118\/2025\/NĐ-CP/,
    );
    const [row] = registerRows([view]);
    expect(row).toMatchObject({ unitCode: 'XCOLE', transferredAt: new Date('2026-01-07T03:00:00Z') });
    expect(row.note).toMatch(/forwarded to XMINHTHAI/);
  });
});
