// The form each answer is printed on, chosen by the act's date (see @onestop/forms): Form 01/02/03
// of Circular 01/2018/TT-VPCP or of Circular 03/2025/TT-VPCP. Added to the answers at the edge, so
// the desk's use cases stay as they are.
import type { intake } from '@onestop/contracts';
import { formRefAt as formRef } from '@onestop/forms';

export { formRef };

export function slipWithForm(slip: intake.ReceiptSlip): intake.ReceiptSlip {
  return { ...slip, form: formRef('receipt', slip.receivedAt) };
}

type Outcome = intake.SubmitDossierResponse['outcome'];

/** Puts the form on a receipt (Form 01), a guidance (Form 02) or a refusal (Form 03). */
export function withForms<T extends { outcome: Outcome }>(response: T): T {
  const o = response.outcome;
  if (!o) return response;
  switch (o.$case) {
    case 'received':
      return {
        ...response,
        outcome: { ...o, received: { ...o.received, receiptSlip: o.received.receiptSlip && slipWithForm(o.received.receiptSlip) } },
      };
    case 'incomplete':
      return {
        ...response,
        outcome: { ...o, incomplete: { ...o.incomplete, form: formRef('supplement_request', o.incomplete.issuedAt) } },
      };
    case 'refused':
      return { ...response, outcome: { ...o, refused: { ...o.refused, form: formRef('refusal', o.refused.refusedAt) } } };
    default:
      return response;
  }
}
