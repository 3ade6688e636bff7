// postal-delivery's decide(command, state, context) in the platform's one spec style:
// given(events).when(command).then(events | rejection).
import { common, postalEvents } from '@onestop/contracts';
import { deciderSpec } from '@onestop/test-support';
import { decide, evolve, initialState, type PostalContext } from './decide';
import { acceptedShipment, applicant, components, PICKUP_ID, pickupRequested, policy, report, T0, WAYBILL } from './fixtures.spec';
import type { PickupRequest, ProcedureInfo } from './pickup';
import { ProviderCode } from './provider-status';

const postal = deciderSpec({ initialState, evolve, decide }, (): PostalContext => ({ now: T0 }));

const procedure: ProcedureInfo = { code: 'TP-01', name: 'Chứng thực', components, feesDueAtReceiptVnd: 50_000, acceptsPostal: true };
const request: PickupRequest = {
  shipmentId: PICKUP_ID,
  unitCode: '000.00.11.H40',
  procedureCode: 'TP-01',
  applicant,
  pickupFrom: undefined,
  resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
  note: '',
};

describe('decide: postal commands', () => {
  it('given nothing, when a pickup is requested, then it is recorded', () => {
    const [event] = postal.given([]).when({ type: 'RequestPickup', request, procedure }).events();
    expect(event).toMatchObject({ type: 'PickupRequested', data: { shipmentId: PICKUP_ID, unitCode: '000.00.11.H40', requestedAt: T0 } });
  });

  it('given a requested pickup, when it is requested again under its id, then it is refused', () => {
    postal
      .given([pickupRequested()])
      .when({ type: 'RequestPickup', request, procedure })
      .then({ kind: 'precondition', message: `pickup ${PICKUP_ID} already exists` });
  });

  it('given a procedure not offered by post, when a pickup is requested, then it is refused', () => {
    postal
      .given([])
      .when({ type: 'RequestPickup', request, procedure: { ...procedure, acceptsPostal: false } })
      .then({ kind: 'precondition', message: /not offered/ });
  });

  it('given nothing, when the provider’s answer to an order comes, then there is no shipment to record it on', () => {
    postal.given([]).when({ type: 'RecordOrderAccepted', waybillNumber: WAYBILL, feeVnd: 1 }).then({ kind: 'not_found' });
  });

  it('given an accepted order, when the same answer comes again, then nothing new is recorded', () => {
    postal.given(acceptedShipment('dossier')).when({ type: 'RecordOrderAccepted', waybillNumber: WAYBILL, feeVnd: 1 }).then([]);
  });

  it('given a shipment, when the provider reports an unknown status code, then the field is named', () => {
    postal
      .given(acceptedShipment('dossier'))
      .when({ type: 'RecordProviderStatus', report: report(999, 5), policy })
      .then({ kind: 'invalid', violations: [{ field: 'status_code' }] });
  });

  it('given a status already reported, when reported again, then nothing new is recorded', () => {
    const once = postal
      .given(acceptedShipment('dossier'))
      .when({ type: 'RecordProviderStatus', report: report(ProviderCode.PICKED_UP, 5), policy })
      .events();
    expect(once[0]).toMatchObject({ type: 'ProviderStatusReported', data: { state: postalEvents.ShipmentState.SHIPMENT_STATE_COLLECTED } });
    postal
      .given([...acceptedShipment('dossier'), ...once])
      .when({ type: 'RecordProviderStatus', report: report(ProviderCode.PICKED_UP, 5), policy })
      .then([]);
  });
});
