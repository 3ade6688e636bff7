// The shipments read model: after each event of a stream, the stream is folded again and its view
// stored (versions only move forward, so a redelivered or replayed event changes nothing).
import type { Shipment } from '../domain/shipment';
import { isTerminal } from '../domain/state-machine';
import type { RecordedPostalEvent } from '../domain/events';
import type { ShipmentStreams, ShipmentView, ShipmentViews } from './ports';
import { isPendingPickup, needsAction, shipmentMessage } from './shipment-message';

export function viewOf(s: Shipment, events: readonly RecordedPostalEvent[]): ShipmentView {
  const shipment = shipmentMessage(s, events, false);
  return {
    shipmentId: s.shipmentId,
    version: s.version,
    leg: s.leg,
    state: s.state,
    unitCode: s.unitCode,
    dossierCode: s.dossierCode,
    waybillNumber: s.waybillNumber,
    open: !isTerminal(s.leg, s.state),
    pendingPickup: isPendingPickup(s),
    needsAction: needsAction(s),
    requestedAt: s.requestedAt,
    updatedAt: shipment.updatedAt ?? s.requestedAt,
    ...(s.moneyCollectedAt ? { moneyCollectedAt: s.moneyCollectedAt } : {}),
    shipment,
  };
}

export class ShipmentProjection {
  constructor(
    private readonly streams: ShipmentStreams,
    private readonly views: ShipmentViews,
  ) {}

  /** Brings the view of one shipment up to its stream. */
  async refresh(shipmentId: string): Promise<void> {
    const { shipment, events } = await this.streams.load(shipmentId);
    if (shipment) await this.views.put(viewOf(shipment, events));
  }
}
