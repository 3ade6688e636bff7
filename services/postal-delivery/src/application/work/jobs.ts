// The work itself: each job reads the shipment as it is now, calls the provider or the desk when
// still needed, and records the answer as events. A job may run more than once (a crash after the
// call, a lease that expired): the provider's idempotency key, intake's request ids and the
// decide functions' "already answered" checks make a second run harmless. Unavailability throws
// (the runner tries again later); a refusal is recorded and ends the work.
import { common, postalEvents } from '@onestop/contracts';
import {
  awaitsDeskOutcome,
  awaitsDeskSubmission,
  awaitsOrder,
  cancellationRejected,
  cancelledBeforeOrder,
  deskCallFailed,
  orderAccepted,
  orderRejected,
  outcomeRecordedAtDesk,
  submittedToDesk,
} from '../../domain/provider-order';
import { decideRequestResultShipment } from '../../domain/result-shipment';
import type { PostalEvent } from '../../domain/events';
import type { Shipment } from '../../domain/shipment';
import { appendOutcome } from '../command-runner';
import { DeskRefusedError, ProviderRefusedError } from '../errors';
import { deskSubmissionRequestId } from '../ids';
import type { Clock, CommandMeta, DeskGateway, DossierFacts, PostalProvider, ProviderOrder, ShipmentStreams, WaybillIndex, WorkItem, WorkKind } from '../ports';
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

function metaFor(item: WorkItem, unitCode: string): CommandMeta {
  return {
    requestId: `work:${item.id}`,
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
  const record = (item: WorkItem, s: Shipment, decide: (s: Shipment) => PostalEvent[]) =>
    appendOutcome(d.streams, s.shipmentId, metaFor(item, s.unitCode), (now) => (now ? decide(now) : []));

  return {
    'create-order': async (item) => {
      const s = await load(item.shipmentId);
      if (!s) return failed('no such shipment');
      if ((await record(item, s, (now) => cancelledBeforeOrder(now, d.clock()))).length) return done('cancelled before ordering');
      if (!awaitsOrder(s)) return done('the order was already answered');
      try {
        const created = await d.provider.createOrder(providerOrderOf(s, d.deskParty(s.unitCode)), s.orderNumber);
        await d.waybills.record(created.waybillNumber, s.shipmentId);
        await record(item, s, (now) => orderAccepted(now, created.waybillNumber, created.feeVnd, d.clock()));
        return done(`waybill ${created.waybillNumber}`);
      } catch (err) {
        if (!(err instanceof ProviderRefusedError)) throw err;
        await record(item, s, (now) => orderRejected(now, err.message, d.clock()));
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
        const entry = await d.provider.cancelOrder(s.waybillNumber, s.leg === postalEvents.Leg.LEG_DOSSIER ? 'cancelled at the citizen\'s request' : 'delivery attempts exhausted: return to the desk');
        const source = postalEvents.StatusSource.STATUS_SOURCE_RESPONSE;
        await d.ingest.ingest(s.shipmentId, { ...entry, waybillNumber: s.waybillNumber, source }, item.sourceEventId);
        return done(`provider status ${entry.statusCode}`);
      } catch (err) {
        if (!(err instanceof ProviderRefusedError)) throw err;
        await record(item, s, (now) => cancellationRejected(now, err.message, d.clock()));
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
        await record(item, s, (now) => submittedToDesk(now, answer, d.clock()));
        return done(`${postalEvents.deskOutcomeToJSON(answer.outcome)} ${answer.dossierCode}`);
      } catch (err) {
        if (!(err instanceof DeskRefusedError)) throw err;
        await record(item, s, (now) => deskCallFailed(now, 'SubmitDossier', err.message, d.clock()));
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
          requestId: item.sourceEventId,
          dossierId: s.dossierId,
          delivered,
          at: s.stateAt,
          waybillNumber: s.waybillNumber,
          recipientName: delivered ? s.citizen.name : '',
          failureReason: delivered ? '' : s.problem,
          shipmentId: s.shipmentId,
        });
        await record(item, s, (now) => outcomeRecordedAtDesk(now, d.clock()));
        return done(delivered ? 'delivered' : 'delivery failed');
      } catch (err) {
        if (!(err instanceof DeskRefusedError)) throw err;
        if (err.precondition && item.attempts < d.deskPreconditionRetries) throw err;
        await record(item, s, (now) => deskCallFailed(now, 'RecordResultDelivery', err.message, d.clock()));
        return failed(err.message);
      }
    },

    'request-result-shipment': async (item) => {
      const dossierId = item.shipmentId;
      if (await load(dossierId)) return done('already requested');
      const [received, issued] = await Promise.all([d.facts.received(dossierId), d.facts.resultIssued(dossierId)]);
      if (!received || !issued) return failed('the dossier or its result is unknown');
      if (received.resultDelivery !== common.ResultDelivery.RESULT_DELIVERY_POST) return done('the citizen did not choose delivery by post');
      const procedure = await d.desk.getProcedure(received.procedureCode);
      const applicant = received.applicant;
      const decision = decideRequestResultShipment(
        null,
        {
          dossierId,
          dossierCode: received.dossierCode,
          unitCode: received.unitCode,
          recipient: { name: applicant?.fullName ?? '', address: applicant?.address ?? '', phone: applicant?.phone ?? '' },
          codAmountVnd: procedure?.feesDueAtReturnVnd ?? 0,
          resultEventId: issued.eventId,
        },
        d.clock(),
      );
      if (!decision.ok) return failed(JSON.stringify(decision.rejection));
      const meta = { ...metaFor(item, received.unitCode), requestId: `result-shipment:${dossierId}` };
      await appendOutcome(d.streams, dossierId, meta, (now) => (now ? [] : decision.events));
      return done(`order ${received.dossierCode}-KQ requested`);
    },
  };
}
