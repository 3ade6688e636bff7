// Facts from intake and processing kept for the result leg: one document per dossier and fact,
// inserted once (_id = dossier id), so a redelivered or replayed event changes nothing.
import type { Collection, Db } from 'mongodb';
import type { DossierFacts, IssuedResult, ReceivedDossier } from '../../application/ports';
import { isDuplicateKey } from './mongo-errors';

type Doc<T> = T & { _id: string };

async function insertOnce<T extends { dossierId: string }>(col: Collection<Doc<T>>, fact: T): Promise<void> {
  try {
    await col.insertOne({ _id: fact.dossierId, ...fact } as never, { ignoreUndefined: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

function strip<T>(doc: Doc<T> | null): T | undefined {
  if (!doc) return undefined;
  const { _id, ...rest } = doc;
  return rest as unknown as T;
}

export class MongoDossierFacts implements DossierFacts {
  private readonly received_: Collection<Doc<ReceivedDossier>>;
  private readonly issued: Collection<Doc<IssuedResult>>;

  constructor(db: Db) {
    this.received_ = db.collection('received_dossiers');
    this.issued = db.collection('issued_results');
  }

  recordReceived(d: ReceivedDossier): Promise<void> {
    return insertOnce(this.received_, d);
  }

  recordResultIssued(r: IssuedResult): Promise<void> {
    return insertOnce(this.issued, r);
  }

  async received(dossierId: string): Promise<ReceivedDossier | undefined> {
    return strip(await this.received_.findOne({ _id: dossierId }));
  }

  async resultIssued(dossierId: string): Promise<IssuedResult | undefined> {
    return strip(await this.issued.findOne({ _id: dossierId }));
  }
}
