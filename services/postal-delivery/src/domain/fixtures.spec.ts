// Shared builders of the domain's unit tests (not a test file: jest runs *.unit.spec.ts only; the
// build excludes *.spec.ts).
import { common, postalEvents } from '@onestop/contracts';
import { postalEvent, type PostalEvent } from './events';
import { decideProviderStatus, type ProviderReport } from './provider-report';
import { fold, type Shipment } from './shipment';

export const T0 = new Date('2024-03-04T01:00:00Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export const PICKUP_ID = '6f1c0d1e-8a5b-4c1f-9b7e-1d2c3b4a5f60';
export const DOSSIER_ID = '0d9f3a2b-1c4e-4f5a-8b6c-7d8e9f0a1b2c';
export const DOSSIER_CODE = '000.00.11.H40-240304-0007';
export const WAYBILL = 'VN123456789';

export const applicant: common.Applicant = {
  fullName: 'Nguyễn Văn An',
  idNumber: '036090001234',
  address: 'Xóm 3, xã Trực Hưng, huyện Trực Ninh, Nam Định',
  phone: '0912345678',
  email: '',
};

export const components: postalEvents.RequiredDocument[] = [
  { componentCode: 'TK01', name: 'Tờ khai', form: common.DocumentForm.DOCUMENT_FORM_ORIGINAL, count: 1, required: true },
  { componentCode: 'CCCD', name: 'Căn cước công dân', form: common.DocumentForm.DOCUMENT_FORM_COPY, count: 1, required: true },
  { componentCode: 'GXN', name: 'Giấy xác nhận', form: common.DocumentForm.DOCUMENT_FORM_COPY, count: 1, required: false },
];

export const doc = (componentCode: string, count = 1): common.SubmittedDocument => ({
  componentCode,
  form: common.DocumentForm.DOCUMENT_FORM_ORIGINAL,
  count,
  fileRef: '',
});

export function pickupRequested(): PostalEvent {
  return postalEvent('PickupRequested', {
    shipmentId: PICKUP_ID,
    orderNumber: `${PICKUP_ID}-HS`,
    unitCode: '000.00.11.H40',
    procedureCode: 'TP-01',
    procedureName: 'Chứng thực bản sao',
    applicant,
    pickupFrom: { name: applicant.fullName, address: applicant.address, phone: applicant.phone },
    resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
    requiredDocuments: components,
    feesDueVnd: 50_000,
    note: '',
    requestedAt: T0,
  });
}

export function resultRequested(cod = 0): PostalEvent {
  return postalEvent('ResultShipmentRequested', {
    shipmentId: DOSSIER_ID,
    dossierId: DOSSIER_ID,
    dossierCode: DOSSIER_CODE,
    orderNumber: `${DOSSIER_CODE}-KQ`,
    unitCode: '000.00.11.H40',
    recipient: { name: applicant.fullName, address: applicant.address, phone: applicant.phone },
    codAmountVnd: cod,
    resultEventId: 'ev-result-1',
    requestedAt: T0,
  });
}

export function accepted(s: Shipment): PostalEvent {
  return postalEvent('ProviderOrderAccepted', {
    shipmentId: s.shipmentId,
    leg: s.leg,
    orderNumber: s.orderNumber,
    waybillNumber: WAYBILL,
    feeVnd: 26_000,
    acceptedAt: at(1),
  });
}

/** A shipment of the leg, accepted by the provider. */
export function acceptedShipment(leg: 'dossier' | 'result', cod = 0): PostalEvent[] {
  const first = leg === 'dossier' ? pickupRequested() : resultRequested(cod);
  return [first, accepted(fold([first])!)];
}

export function report(code: number, minutes: number, extra: Partial<ProviderReport> = {}): ProviderReport {
  return {
    waybillNumber: WAYBILL,
    statusCode: code,
    statusAt: at(minutes),
    note: '',
    codAmountVnd: 0,
    source: postalEvents.StatusSource.STATUS_SOURCE_WEBHOOK,
    ...extra,
  };
}

export const policy = { maxDeliveryAttempts: 3 };

/** Feeds reports one after another through decide + fold, as the application does. */
export function afterReports(events: PostalEvent[], reports: ProviderReport[]): { shipment: Shipment; events: PostalEvent[] } {
  const all = [...events];
  for (const r of reports) {
    const d = decideProviderStatus(fold(all)!, r, policy, at(1000));
    if (d.outcome === 'recorded') all.push(...d.events);
  }
  return { shipment: fold(all)!, events: all };
}
