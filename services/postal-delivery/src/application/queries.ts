// The read side: a shipment (by id, dossier code or waybill) with its tracking history, loaded
// from its stream; the lists and the reconciliation from the read model.
import { postal, postalEvents } from '@onestop/contracts';
import { invalid, notFound, refuse } from '@onestop/commands';
import { reconcile, type MoneyFacts } from '../domain/reconciliation';
import { assertActsForUnit, unitScope } from './access';
import { required } from './pickups';
import type { Actor, Page, ShipmentStreams, ShipmentView, ShipmentViews, WaybillIndex } from './ports';
import { shipmentMessage } from './shipment-message';

export type ShipmentKey =
  | { $case: 'shipmentId'; shipmentId: string }
  | { $case: 'dossierCode'; dossierCode: string }
  | { $case: 'waybillNumber'; waybillNumber: string };

const MAX_PAGE = 200;

export function pageOf(size: number, token: string): Page {
  if (!Number.isInteger(size) || size < 0) refuse(invalid([{ field: 'page.page_size', description: 'must be a whole number >= 0' }]));
  return { size: Math.min(size || 50, MAX_PAGE), token };
}

export class ShipmentQueries {
  constructor(
    private readonly streams: ShipmentStreams,
    private readonly views: ShipmentViews,
    private readonly waybills: WaybillIndex,
  ) {}

  async getShipment(key: ShipmentKey | undefined, actor: Actor): Promise<postal.Shipment[]> {
    const ids = await this.idsOf(key);
    const shipments: postal.Shipment[] = [];
    for (const id of ids) {
      const { shipment, events } = await this.streams.load(id);
      if (!shipment) continue;
      assertActsForUnit(actor, shipment.unitCode);
      shipments.push(shipmentMessage(shipment, events, true));
    }
    if (shipments.length === 0) refuse(notFound(`no shipment for ${describe(key!)}`));
    return shipments.sort((a, b) => a.leg - b.leg);
  }

  async pendingPickups(unitCode: string, page: Page, actor: Actor): Promise<{ shipments: postal.Shipment[]; next: string }> {
    const { views, next } = await this.views.pendingPickups(unitScope(actor, unitCode), page);
    return { shipments: views.map((v) => v.shipment), next };
  }

  async failedDeliveries(unitCode: string, page: Page, actor: Actor): Promise<{ shipments: postal.Shipment[]; next: string }> {
    const { views, next } = await this.views.needingAction(unitScope(actor, unitCode), page);
    return { shipments: views.map((v) => v.shipment), next };
  }

  async reconciliation(
    unitCode: string,
    from: Date | undefined,
    to: Date | undefined,
    actor: Actor,
  ): Promise<postal.GetReconciliationResponse> {
    const v = [];
    if (!from) v.push({ field: 'from', description: 'is required' });
    if (!to) v.push({ field: 'to', description: 'is required' });
    else if (from && to.getTime() <= from.getTime()) v.push({ field: 'to', description: 'must be after from' });
    if (v.length) refuse(invalid(v));
    const views = await this.views.moneyCollectedBetween(unitScope(actor, unitCode), from!, to!);
    const r = reconcile(views.map(moneyFactsOf));
    const line = (l: (typeof r.lines)[number]): postal.ReconciliationLine => ({ ...l });
    return { lines: r.lines.map(line), mismatches: r.mismatches.map(line), dossierFees: r.dossierFees, cashOnDelivery: r.cashOnDelivery };
  }

  private async idsOf(key: ShipmentKey | undefined): Promise<string[]> {
    if (!key) refuse(invalid([{ field: 'key', description: 'give shipment_id, dossier_code or waybill_number' }]));
    const value = key.$case === 'shipmentId' ? key.shipmentId : key.$case === 'dossierCode' ? key.dossierCode : key.waybillNumber;
    if (!value.trim()) refuse(invalid([{ field: snake(key.$case), description: 'is required' }]));
    if (key.$case === 'shipmentId') return [required('shipment_id', key.shipmentId)];
    if (key.$case === 'dossierCode') return this.views.idsByDossierCode(key.dossierCode);
    const id = await this.waybills.shipmentOf(key.waybillNumber);
    return id ? [id] : [];
  }
}

function moneyFactsOf(v: ShipmentView): MoneyFacts {
  const s = v.shipment;
  const m = s.money!;
  const dossier = s.leg === postalEvents.Leg.LEG_DOSSIER;
  return {
    shipmentId: s.shipmentId,
    leg: s.leg,
    orderNumber: s.orderNumber,
    waybillNumber: s.waybillNumber,
    dossierCode: s.dossierCode,
    collectedAt: v.moneyCollectedAt!,
    expectedVnd: dossier ? m.feesDueVnd : m.codAmountVnd,
    collectedVnd: dossier ? m.feesCollectedVnd : m.codCollectedVnd,
    handedOverVnd: dossier ? (s.handover ? m.feesHandedOverVnd : undefined) : m.codReceiptNumber ? m.codRemittedVnd : undefined,
    receiptNumber: dossier ? m.feeReceiptNumber : m.codReceiptNumber,
  };
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const describe = (k: ShipmentKey) =>
  `${snake(k.$case)} ${k.$case === 'shipmentId' ? k.shipmentId : k.$case === 'dossierCode' ? k.dossierCode : k.waybillNumber}`;
