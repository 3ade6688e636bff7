// The work itself: each job reads the shipment as it is now, calls the provider or the desk when
// still needed, and records the answer as events. A job may run more than once (a crash after the
// call, a lease that expired): the provider's idempotency key, intake's request ids and the
// decide functions' "already answered" checks make a second run harmless. Unavailability throws
// (the runner tries again later); a refusal is recorded and ends the work.
import { common, postalEvents } from '@onestop/contracts';
import type { PostalCommand } from '../../domain/decide';
import { awaitsDeskOutcome, awaitsDeskSubmission, awaitsOrder } from '../../domain/provider-order';
import { decideRequestResultShipment } from '../../domain/result-shipment';
import type { Shipment } from '../../domain/shipment';
import { DeskRefusedError, ProviderRefusedError } from '../errors';
import { deskDeliveryRequestId, deskSubmissionRequestId, resultShipmentRequestId, workOutcomeRequestId } from '../ids';
import { recordOutcome } from '../shipment-command';
import type {
  Clock,
  CommandMeta,
  DeskGateway,
  DossierFacts,
  PostalProvider,
  ProviderOrder,
  ShipmentStreams,
  WaybillIndex,
  WorkItem,
  WorkKind,
} from '../ports';
import type { ProviderStatusIngest } from '../provider-status';
import type { Job, JobOutcome } from './runner';

export interface JobDeps {
  streams: ShipmentStreams;
  provider: PostalProvider;
  desk: DeskGateway;
  waybills: WaybillIndex;
  facts: DossierFacts;
  ingest: ProviderStatusIngest;
  clock: Clock;
  /** The one-stop desk as a postal party (sender of results, receiver of dossiers). */
  deskParty: (unitCode: string) => postalEvents.Party;
  /**
   * How many times a FAILED_PRECONDITION from the desk on a delivery outcome is retried before it
   * counts as a refusal: intake learns that a result is ready from processing's events, which may
   * reach it after the post delivered.
   */
  deskPreconditionRetries: number;
}

const done = (note: string): JobOutcome => ({ outcome: 'done', note });
const failed = (note: string): JobOutcome => ({ outcome: 'failed', note });

function metaFor(item: WorkItem, unitCode: string, outcome: string): CommandMeta {
  return {
    requestId: workOutcomeRequestId(item.id, outcome),
    correlationId: item.sourceEventId,
    causationId: item.sourceEventId,
    actor: { officerId: 'postal-delivery', role: 'service', unitCode },
  };
}

export function providerOrderOf(s: Shipment, desk: postalEvents.Party): ProviderOrder {
  const pickup = s.leg === postalEvents.Leg.LEG_DOSSIER;
  return {
    orderNumber: s.orderNumber,
    service: pickup ? 'pickup' : 'delivery',
    sender: pickup ? s.citizen : desk,
    receiver: pickup ? desk : s.citizen,
    codAmountVnd: pickup ? 0 : s.codAmountVnd,
    note: pickup ? `hồ sơ thủ tục ${s.procedureCode}` : `kết quả hồ sơ ${s.dossierCode}`,
  };
}

export function createJobs(d: JobDeps): Record<WorkKind, Job> {
  const load = async (id: string) => (await d.streams.load(id)).shipment;
  /** Records a work answer on the shipment as it is now (each answer once per work item). */
  const record = (item: WorkItem, s: Shipment, command: PostalCommand) =>
    recordOutcome(d.streams, d.clock, metaFor(item, s.unitCode, command.type), s.shipmentId, command);

  return {
    'create-order': async (item) => {
      const s = await load(item.shipmentId);
      if (!s) return failed('no such shipment');
      if ((await record(item, s, { type: 'CancelBeforeOrder' })).length) return done('cancelled before ordering');
      if (!awaitsOrder(s)) return done('the order was already answered');
      try {
        const created = await d.provider.createOrder(providerOrderOf(s, d.deskParty(s.unitCode)), s.orderNumber);
        await d.waybills.record(created.waybillNumber, s.shipmentId);
        await record(item, s, { type: 'RecordOrderAccepted', waybillNumber: created.waybillNumber, feeVnd: created.feeVnd });
        return done(`waybill ${created.waybillNumber}`);
      } catch (err) {
        if (!(err instanceof ProviderRefusedError)) throw err;
        await record(item, s, { type: 'RecordOrderRejected', reason: err.message });
        return done(`refused: ${err.message}`);
      }
    },

    'cancel-order': async (item) => {
      const s = await load(item.shipmentId);
      if (!s) return failed('no such shipment');
      const wanted = s.leg === postalEvents.Leg.LEG_DOSSIER ? s.cancellation === 'pending' : s.providerReturnRequested;
      if (!wanted) return done('nothing to cancel');
      if (!s.waybillNumber) {
        if (awaitsOrder(s)) throw new Error('waiting for the provider to take the order before cancelling it');
        return done('no order at the provider');
      }
      try {
        const entry = await d.provider.cancelOrder(
          s.waybillNumber,
          s.leg === postalEvents.Leg.LEG_DOSSIER ? "cancelled at the citizen's request" : 'delivery attempts exhausted: return to the desk',
        );
        const source = postalEvents.StatusSource.STATUS_SOURCE_RESPONSE;
        await d.ingest.ingest(s.shipmentId, { ...entry, waybillNumber: s.waybillNumber, source }, item.sourceEventId);
        return done(`provider status ${entry.statusCode}`);
      } catch (err) {
        if (!(err instanceof ProviderRefusedError)) throw err;
        await record(item, s, { type: 'RecordCancellationRejected', reason: err.message });
        return done(`refused: ${err.message}`);
      }
    },

    'submit-dossier': async (item) => {
      const s = await load(item.shipmentId);
      if (!s) return failed('no such shipment');
      if (!awaitsDeskSubmission(s) || !s.handover) return done('already answered');
      try {
        const answer = await d.desk.submitDossier({
          requestId: deskSubmissionRequestId(s.shipmentId),
          unitCode: s.unitCode,
          procedureCode: s.procedureCode,
          applicant: s.applicant,
          documents: s.handover.documents,
          resultDelivery: s.resultDelivery,
          handover: s.handover,
          pickupId: s.shipmentId,
        });
        await record(item, s, { type: 'RecordDeskSubmission', answer });
        return done(`${postalEvents.deskOutcomeToJSON(answer.outcome)} ${answer.dossierCode}`);
      } catch (err) {
        if (!(err instanceof DeskRefusedError)) throw err;
        await record(item, s, { type: 'RecordDeskCallFailure', call: 'SubmitDossier', reason: err.message });
        return failed(err.message);
      }
    },

    'record-result-delivery': async (item) => {
      const s = await load(item.shipmentId);
      if (!s) return failed('no such shipment');
      if (!awaitsDeskOutcome(s)) return done('already recorded');
      const delivered = s.state === postalEvents.ShipmentState.SHIPMENT_STATE_DELIVERED;
      try {
        await d.desk.recordResultDelivery({
          requestId: deskDeliveryRequestId(item.sourceEventId),
          dossierId: s.dossierId,
          delivered,
          at: s.stateAt,
          waybillNumber: s.waybillNumber,
          recipientName: delivered ? s.citizen.name : '',
          failureReason: delivered ? '' : s.problem,
          shipmentId: s.shipmentId,
        });
        await record(item, s, { type: 'RecordOutcomeAtDesk' });
        return done(delivered ? 'delivered' : 'delivery failed');
      } catch (err) {
        if (!(err instanceof DeskRefusedError)) throw err;
        if (err.precondition && item.attempts < d.deskPreconditionRetries) throw err;
        await record(item, s, { type: 'RecordDeskCallFailure', call: 'RecordResultDelivery', reason: err.message });
        return failed(err.message);
      }
    },

    'request-result-shipment': async (item) => {
      const dossierId = item.shipmentId;
      if (await load(dossierId)) return done('already requested');
      const [received, issued] = await Promise.all([d.facts.received(dossierId), d.facts.resultIssued(dossierId)]);
      if (!received || !issued) return failed('the dossier or its result is unknown');
      if (received.resultDelivery !== common.ResultDelivery.RESULT_DELIVERY_POST)
        return done('the citizen did not choose delivery by post');
      const procedure = await d.desk.getProcedure(received.procedureCode);
      const applicant = received.applicant;
      const result = {
        dossierId,
        dossierCode: received.dossierCode,
        unitCode: received.unitCode,
        recipient: { name: applicant?.fullName ?? '', address: applicant?.address ?? '', phone: applicant?.phone ?? '' },
        codAmountVnd: procedure?.feesDueAtReturnVnd ?? 0,
        resultEventId: issued.eventId,
      };
      const decision = decideRequestResultShipment(null, result, d.clock());
      if (!decision.ok) return failed(JSON.stringify(decision.rejection));
      const meta = { ...metaFor(item, received.unitCode, 'RequestResultShipment'), requestId: resultShipmentRequestId(dossierId) };
      await recordOutcome(d.streams, d.clock, meta, dossierId, { type: 'RequestResultShipment', result });
      return done(`order ${received.dossierCode}-KQ requested`);
    },
  };
}
