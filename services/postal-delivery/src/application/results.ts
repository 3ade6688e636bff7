// The result leg's inputs: facts from intake (the dossier received, with where the citizen wants the
// result) and processing (the result issued). When both are known and the citizen chose delivery
// by post, the shipment is called for as durable work (work/jobs.ts requests it). Recording a fact
// twice, or replaying history, calls for nothing new.
import { common, postal } from '@onestop/contracts';
import { required } from './pickups';
import type { Clock, CommandMeta, DossierFacts, IssuedResult, ReceivedDossier, ShipmentStreams, WorkQueue } from './ports';
import { mayActOnShipment, runClientCommand } from './shipment-command';
import { shipmentMessage } from './shipment-message';

export class ResultLeg {
  constructor(
    private readonly facts: DossierFacts,
    private readonly work: WorkQueue,
    private readonly streams: ShipmentStreams,
    private readonly clock: Clock,
  ) {}

  async noteDossierReceived(d: ReceivedDossier): Promise<void> {
    await this.facts.recordReceived(d);
    await this.callForShipmentIfDue(d.dossierId);
  }

  async noteResultIssued(r: IssuedResult): Promise<void> {
    await this.facts.recordResultIssued(r);
    await this.callForShipmentIfDue(r.dossierId);
  }

  /** Each fact is stored before the other is read, so whichever arrives second sees both. */
  private async callForShipmentIfDue(dossierId: string): Promise<boolean> {
    const [received, issued] = await Promise.all([this.facts.received(dossierId), this.facts.resultIssued(dossierId)]);
    if (!received || !issued) return false;
    if (received.resultDelivery !== common.ResultDelivery.RESULT_DELIVERY_POST) return false;
    return this.work.enqueue('request-result-shipment', dossierId, issued.eventId, this.clock());
  }

  /** The desk officer calling received the cash the post collected on delivery. */
  async recordCodRemittance(
    shipmentId: string,
    amountVnd: number,
    receiptNumber: string,
    meta: CommandMeta,
  ): Promise<postal.RecordCodRemittanceResponse> {
    return runClientCommand<postal.RecordCodRemittanceResponse>(this.streams, this.clock, meta, {
      shipmentId: required('shipment_id', shipmentId),
      command: { type: 'RecordCodRemittance', remittance: { shipmentId, amountVnd, receiptNumber, receivedBy: meta.actor.officerId } },
      authorize: mayActOnShipment,
      respond: (s) => ({ shipment: shipmentMessage(s, [], false) }),
      encode: (r) => postal.RecordCodRemittanceResponse.toJSON(r),
      decode: (j) => postal.RecordCodRemittanceResponse.fromJSON(j),
    });
  }
}
