// Requests as a desk would send them, for the sample catalogue (services/intake/data).
import { common, type intake } from '@onestop/contracts';

let counter = 0;
export const requestId = (label = 'req') => `${label}-${Date.now().toString(36)}-${++counter}`;

export const applicant = (n = 1): common.Applicant => ({
  fullName: `Nguyễn Văn ${n}`,
  idNumber: `0360900${String(n).padStart(5, '0')}`,
  address: 'Thôn Đông, xã Trực Chính, huyện Trực Ninh, Nam Định',
  phone: '0912345678',
  email: '',
});

const doc = (componentCode: string, form: common.DocumentForm): common.SubmittedDocument => ({
  componentCode,
  form,
  count: 1,
  fileRef: '',
});

/** A complete counter submission of TCKH-01 (household business registration, 3 working days). */
export function householdBusiness(overrides: Partial<intake.SubmitDossierRequest> = {}): intake.SubmitDossierRequest {
  return {
    requestId: requestId('submit'),
    channel: common.Channel.CHANNEL_COUNTER,
    unitCode: 'TRUCNINH',
    procedureCode: 'TCKH-01',
    applicant: applicant(),
    documents: [doc('GIAYDK', common.DocumentForm.DOCUMENT_FORM_ORIGINAL), doc('CCCD', common.DocumentForm.DOCUMENT_FORM_COPY)],
    resultDelivery: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
    postalHandover: undefined,
    ...overrides,
  };
}

/** A complete counter submission of XA-HT-02 (marriage registration, a commune's) at the unit given. */
export function marriage(unitCode: string, overrides: Partial<intake.SubmitDossierRequest> = {}): intake.SubmitDossierRequest {
  return householdBusiness({
    requestId: requestId('marriage'),
    unitCode,
    procedureCode: 'XA-HT-02',
    documents: [doc('TOKHAI', common.DocumentForm.DOCUMENT_FORM_ORIGINAL), doc('CCCD', common.DocumentForm.DOCUMENT_FORM_COPY)],
    ...overrides,
  });
}
