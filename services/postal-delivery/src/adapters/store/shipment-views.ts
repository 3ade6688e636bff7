// The shipments read model: one document per shipment (_id = shipment id) in a versioned
// collection (`shipments_v<N>`), so a rebuild can fill a new version while the old one serves.
// A put only replaces an older version; on FerretDB the filtered upsert may lose a race to a
// concurrent put, which the single consumer per partition (= per shipment) rules out.
import type { Collection, Db, Filter } from 'mongodb';
import type { Page, ShipmentView, ShipmentViews } from '../../application/ports';
import { isDuplicateKey } from './mongo-errors';

type ViewDoc = ShipmentView & { _id: string };

export function viewsCollectionName(version: number): string {
  return `shipments_v${version}`;
}

function decodeToken(token: string): number {
  if (!token) return 0;
  const n = Number(Buffer.from(token, 'base64url').toString('utf8'));
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

const encodeToken = (offset: number) => Buffer.from(String(offset), 'utf8').toString('base64url');

export class MongoShipmentViews implements ShipmentViews {
  private readonly col: Collection<ViewDoc>;

  constructor(db: Db, version: number) {
    this.col = db.collection<ViewDoc>(viewsCollectionName(version));
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ dossierCode: 1 }, { name: 'dossierCode' });
    await this.col.createIndex({ pendingPickup: 1, unitCode: 1, requestedAt: 1 }, { name: 'pendingPickup' });
    await this.col.createIndex({ needsAction: 1, unitCode: 1, updatedAt: -1 }, { name: 'needsAction' });
    await this.col.createIndex({ open: 1, updatedAt: 1 }, { name: 'open' });
    await this.col.createIndex({ moneyCollectedAt: 1 }, { name: 'moneyCollectedAt' });
  }

  async put(view: ShipmentView): Promise<void> {
    const doc: ViewDoc = { _id: view.shipmentId, ...view };
    try {
      await this.col.replaceOne({ _id: view.shipmentId, version: { $lt: view.version } }, doc, { upsert: true, ignoreUndefined: true });
    } catch (err) {
      // The document exists with this version or a newer one: nothing to do.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async idsByDossierCode(dossierCode: string): Promise<string[]> {
    const docs = await this.col.find({ dossierCode }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  pendingPickups(unitCode: string, page: Page): Promise<{ views: ShipmentView[]; next: string }> {
    return this.page({ pendingPickup: true, ...unit(unitCode) }, { requestedAt: 1, _id: 1 }, page);
  }

  needingAction(unitCode: string, page: Page): Promise<{ views: ShipmentView[]; next: string }> {
    return this.page({ needsAction: true, ...unit(unitCode) }, { updatedAt: -1, _id: 1 }, page);
  }

  async openWithWaybill(limit: number, skip: number): Promise<ShipmentView[]> {
    const docs = await this.col
      .find({ open: true, waybillNumber: { $ne: '' } })
      .sort({ updatedAt: 1, _id: 1 })
      .skip(skip)
      .limit(limit)
      .toArray();
    return docs.map(strip);
  }

  async moneyCollectedBetween(unitCode: string, from: Date, to: Date): Promise<ShipmentView[]> {
    const docs = await this.col
      .find({ moneyCollectedAt: { $gte: from, $lt: to }, ...unit(unitCode) })
      .sort({ moneyCollectedAt: 1, _id: 1 })
      .toArray();
    return docs.map(strip);
  }

  private async page(filter: Filter<ViewDoc>, sort: Record<string, 1 | -1>, page: Page): Promise<{ views: ShipmentView[]; next: string }> {
    const offset = decodeToken(page.token);
    const docs = await this.col
      .find(filter)
      .sort(sort)
      .skip(offset)
      .limit(page.size + 1)
      .toArray();
    const more = docs.length > page.size;
    return { views: docs.slice(0, page.size).map(strip), next: more ? encodeToken(offset + page.size) : '' };
  }
}

function unit(unitCode: string): Filter<ViewDoc> {
  return unitCode === '*' ? {} : { unitCode };
}

function strip(d: ViewDoc): ShipmentView {
  const { _id, ...view } = d;
  return view;
}
