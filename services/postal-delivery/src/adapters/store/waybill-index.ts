// Waybill number -> shipment id, one document per waybill (_id = waybill), written before the
// provider's acceptance is recorded so that a webhook arriving right after the order finds it.
import type { Collection, Db } from 'mongodb';
import type { WaybillIndex } from '../../application/ports';
import { isDuplicateKey } from './mongo-errors';

interface WaybillDoc {
  _id: string;
  shipmentId: string;
  recordedAt: Date;
}

export class MongoWaybillIndex implements WaybillIndex {
  private readonly col: Collection<WaybillDoc>;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.col = db.collection<WaybillDoc>('waybills');
  }

  async record(waybillNumber: string, shipmentId: string): Promise<void> {
    try {
      await this.col.insertOne({ _id: waybillNumber, shipmentId, recordedAt: this.clock() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.col.findOne({ _id: waybillNumber });
      if (existing && existing.shipmentId !== shipmentId) {
        throw new Error(`waybill ${waybillNumber} belongs to shipment ${existing.shipmentId}, not ${shipmentId}`, { cause: err });
      }
    }
  }

  async shipmentOf(waybillNumber: string): Promise<string | undefined> {
    return (await this.col.findOne({ _id: waybillNumber }))?.shipmentId;
  }
}
