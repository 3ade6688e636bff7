// A boundary-free receipt (Decree 118/2025/NĐ-CP): received at Cổ Lễ's centre for the competent
// commune Minh Thái, the case opens at Minh Thái's department, whose officers process it; the
// receiving desk's officers do not.
import { foldCase } from '../case-state';
import { assign, at, only, openCommand, rejectionOf, run, when } from '../fixtures.spec';

describe('a dossier forwarded to the competent unit', () => {
  const opened = run(
    foldCase('fwd-1', []),
    openCommand({ dossierId: 'fwd-1', unitCode: 'XCOLE', agencyCode: 'XMINHTHAI-VHXH', competentUnitCode: 'XMINHTHAI' }),
    at('2026-01-07 10:05'),
  );

  it("opens at the competent unit's department, handed over from the receiving desk", () => {
    expect(only(opened.events, 'CaseOpened')).toMatchObject({ agencyCode: 'XMINHTHAI-VHXH', unitCode: 'XCOLE' });
    expect(opened.state.agencyCode).toBe('XMINHTHAI-VHXH');
  });

  it("is assigned by the competent department's leader, not by the receiving commune's", () => {
    const byMinhThai = assign('cv-mt', { officerId: 'lead-mt', role: 'leader', unitCode: 'XMINHTHAI-VHXH' });
    expect(when(opened.state, byMinhThai, at('2026-01-07 11:00')).ok).toBe(true);
    const byCoLe = assign('cv-cl', { officerId: 'lead-cl', role: 'leader', unitCode: 'XCOLE-VHXH' });
    expect(rejectionOf(when(opened.state, byCoLe, at('2026-01-07 11:00')))).toMatchObject({ kind: 'denied' });
  });
});
