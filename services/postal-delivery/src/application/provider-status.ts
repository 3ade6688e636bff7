// Provider status reports — pushed by webhook, found by polling, or in the answer to a call —
// go through one path: find the shipment, decide, append. Appends are idempotent by
// (shipment, code, provider time), so a webhook and a poll reporting the same status record it once.
import { postalEvents } from '@onestop/contracts';
import type { FieldViolation } from '../domain/decision';
import { decideProviderStatus, type DeliveryPolicy, type ProviderReport } from '../domain/provider-report';
import { RequestAlreadyHandled, StreamConflict } from './errors';
import type { Clock, CommandMeta, ShipmentStreams, WaybillIndex } from './ports';

export type IngestResult =
  | { kind: 'recorded'; shipmentId: string; applied: boolean; state: postalEvents.ShipmentState }
  | { kind: 'duplicate'; shipmentId: string }
  | { kind: 'unknown_waybill' }
  | { kind: 'invalid'; violations: FieldViolation[] };

const MAX_ATTEMPTS = 10;

export class ProviderStatusIngest {
  constructor(
    private readonly streams: ShipmentStreams,
    private readonly waybills: WaybillIndex,
    private readonly policy: DeliveryPolicy,
    private readonly clock: Clock,
  ) {}

  /** A report naming its waybill (webhook). */
  async ingestByWaybill(report: ProviderReport, correlationId: string): Promise<IngestResult> {
    const shipmentId = await this.waybills.shipmentOf(report.waybillNumber);
    if (!shipmentId) return { kind: 'unknown_waybill' };
    return this.ingest(shipmentId, report, correlationId);
  }

  async ingest(shipmentId: string, report: ProviderReport, correlationId: string): Promise<IngestResult> {
    const requestId = `status:${shipmentId}:${report.statusCode}@${report.statusAt.getTime()}`;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { shipment, events } = await this.streams.load(shipmentId);
      if (!shipment) return { kind: 'unknown_waybill' };
      const d = decideProviderStatus(shipment, report, this.policy, this.clock());
      if (d.outcome === 'duplicate') return { kind: 'duplicate', shipmentId };
      if (d.outcome === 'rejected') {
        return { kind: 'invalid', violations: d.rejection.kind === 'invalid' ? d.rejection.violations : [{ field: '(body)', description: 'rejected' }] };
      }
      const meta: CommandMeta = {
        requestId,
        correlationId,
        actor: { officerId: 'postal-provider', role: 'postal_provider', unitCode: shipment.unitCode },
      };
      try {
        await this.streams.append(shipmentId, d.events, { expectedVersion: events.length, meta });
        const [reported] = d.events;
        const state = reported.type === 'ProviderStatusReported' ? reported.data.state : shipment.state;
        return { kind: 'recorded', shipmentId, applied: d.applied, state };
      } catch (err) {
        if (err instanceof RequestAlreadyHandled) return { kind: 'duplicate', shipmentId };
        if (!(err instanceof StreamConflict)) throw err;
      }
    }
    throw new StreamConflict(`shipment ${shipmentId} kept changing while a provider status was recorded`);
  }
}
