// Provider status reports — pushed by webhook, found by polling, or in the answer to a call —
// go through one path: find the shipment, decide, append. Appends are idempotent by
// (shipment, code, provider time), so a webhook and a poll reporting the same status record it once.
import { refuse } from '@onestop/commands';
import type { postalEvents } from '@onestop/contracts';
import { decide } from '../domain/decide';
import type { FieldViolation } from '../domain/decision';
import type { DeliveryPolicy, ProviderReport } from '../domain/provider-report';
import { statusReportRequestId } from './ids';
import type { Clock, CommandMeta, ShipmentStreams, WaybillIndex } from './ports';

export type IngestResult =
  | { kind: 'recorded'; shipmentId: string; applied: boolean; state: postalEvents.ShipmentState }
  | { kind: 'duplicate'; shipmentId: string }
  | { kind: 'unknown_waybill' }
  | { kind: 'invalid'; violations: FieldViolation[] };

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
    const meta: CommandMeta = {
      requestId: statusReportRequestId(shipmentId, report.statusCode, report.statusAt),
      correlationId,
      actor: { officerId: 'postal-provider', role: 'postal_provider', unitCode: '' },
    };
    const handled = await this.streams.commands.handle(meta, {
      name: 'RecordProviderStatus',
      streamId: shipmentId,
      authorize: () => undefined,
      decide: ({ state }) => decide({ type: 'RecordProviderStatus', report, policy: this.policy }, state, { now: this.clock() }),
      respond: ({ state }) => state?.state,
      metadata: ({ state }) => ({ ...meta, actor: { ...meta.actor, unitCode: state?.unitCode ?? '' } }),
    });
    if (handled.kind === 'replayed') return { kind: 'duplicate', shipmentId };
    if (handled.kind === 'rejected') {
      const r = handled.rejection;
      if (r.kind === 'not_found') return { kind: 'unknown_waybill' };
      if (r.kind === 'already_exists') return { kind: 'duplicate', shipmentId };
      if (r.kind === 'invalid') return { kind: 'invalid', violations: r.violations };
      return refuse(r);
    }
    const [reported] = handled.events;
    if (!reported || reported.type !== 'ProviderStatusReported') return { kind: 'duplicate', shipmentId };
    return { kind: 'recorded', shipmentId, applied: reported.data.applied, state: reported.data.state };
  }
}
