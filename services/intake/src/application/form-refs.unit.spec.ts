// The desk's answers carry the form they are printed on, chosen by the act's date.
import { intake } from '@onestop/contracts';
import { vnTime as at } from '@onestop/test-support';
import { withForms } from './form-refs';

function received(receivedAt: Date): intake.SubmitDossierResponse {
  return {
    outcome: {
      $case: 'received',
      received: intake.Received.fromPartial({ dossierId: 'd-1', receiptSlip: intake.ReceiptSlip.fromPartial({ receivedAt }) }),
    },
  };
}

describe('forms on the desk answers', () => {
  it('a receipt slip is Form 01 of Circular 01/2018 before 15 Sep 2025 and of Circular 03/2025 from then on', () => {
    const before = withForms(received(at('2025-09-12 09:00')));
    const after = withForms(received(at('2025-09-15 09:00')));
    const form = (r: intake.SubmitDossierResponse) => (r.outcome?.$case === 'received' ? r.outcome.received.receiptSlip?.form : undefined);
    expect([form(before)?.number, form(before)?.circular]).toEqual(['01', '01/2018/TT-VPCP']);
    expect([form(after)?.number, form(after)?.circular, form(after)?.label]).toEqual([
      '01',
      '03/2025/TT-VPCP',
      'Mẫu số 01, Thông tư 03/2025/TT-VPCP',
    ]);
  });

  it('a guidance is Form 02 and a refusal Form 03 of the set in force', () => {
    const g = withForms({
      outcome: { $case: 'incomplete', incomplete: intake.IncompleteGuidance.fromPartial({ issuedAt: at('2020-03-02 09:00') }) },
    });
    const r = withForms({ outcome: { $case: 'refused', refused: intake.Refused.fromPartial({ refusedAt: at('2026-03-02 09:00') }) } });
    expect(g.outcome?.$case === 'incomplete' && g.outcome.incomplete.form?.label).toBe('Mẫu số 02, Thông tư 01/2018/TT-VPCP');
    expect(r.outcome?.$case === 'refused' && r.outcome.refused.form?.label).toBe('Mẫu số 03, Thông tư 03/2025/TT-VPCP');
  });
});
