import { postalEvents } from '@onestop/contracts';
import { acceptedShipment, afterReports, applicant, DOSSIER_CODE, DOSSIER_ID, report, T0 } from './fixtures.spec';
import { ProviderCode as C } from './provider-status';
import { decideCodRemittance, decideRequestResultShipment, resultOrderNumber } from './result-shipment';
import { fold } from './shipment';

const ShipmentState = postalEvents.ShipmentState;
const toDeliver = {
  dossierId: DOSSIER_ID,
  dossierCode: DOSSIER_CODE,
  unitCode: '000.00.11.H40',
  recipient: { name: applicant.fullName, address: applicant.address, phone: applicant.phone },
  codAmountVnd: 30_000,
  resultEventId: 'ev-1',
};

describe('the result shipment', () => {
  it('is requested once per dossier, with the order number dossier code + KQ', () => {
    const d = decideRequestResultShipment(null, toDeliver, T0);
    expect(d.ok).toBe(true);
    const s = fold(d.ok ? d.events : [])!;
    expect(s.orderNumber).toBe(`${DOSSIER_CODE}-KQ`);
    expect(resultOrderNumber(DOSSIER_CODE)).toBe(s.orderNumber);
    expect(s.leg).toBe(postalEvents.Leg.LEG_RESULT);
    expect(decideRequestResultShipment(s, toDeliver, T0)).toMatchObject({ ok: false, rejection: { kind: 'precondition' } });
  });

  it('needs an address to deliver to', () => {
    const d = decideRequestResultShipment(null, { ...toDeliver, recipient: { ...toDeliver.recipient, address: '' } }, T0);
    expect(d).toMatchObject({ ok: false, rejection: { violations: [{ field: 'recipient.address' }] } });
  });
});

describe('cash on delivery handed over to the desk', () => {
  const remit = { shipmentId: DOSSIER_ID, amountVnd: 30_000, receiptNumber: 'PT-01', receivedBy: 'officer-1' };

  it('is recorded once the result is delivered, once', () => {
    const { shipment } = afterReports(acceptedShipment('result', 30_000), [report(C.DELIVERED, 50, { codAmountVnd: 30_000 })]);
    const d = decideCodRemittance(shipment, remit, T0);
    expect(d.ok).toBe(true);
    const s = fold([...afterReports(acceptedShipment('result', 30_000), [report(C.DELIVERED, 50)]).events, ...(d.ok ? d.events : [])])!;
    expect(s.remittance?.amountVnd).toBe(30_000);
    expect(decideCodRemittance(s, remit, T0)).toMatchObject({ ok: false, rejection: { kind: 'precondition' } });
  });

  it('is refused before delivery and without a receipt number', () => {
    const s = fold(acceptedShipment('result'))!;
    expect(s.state).toBe(ShipmentState.SHIPMENT_STATE_ORDER_CREATED);
    expect(decideCodRemittance(s, remit, T0)).toMatchObject({ rejection: { kind: 'precondition' } });
    expect(decideCodRemittance(s, { ...remit, receiptNumber: ' ' }, T0)).toMatchObject({
      rejection: { violations: [{ field: 'receipt_number' }] },
    });
  });
});
