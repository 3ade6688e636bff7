// The desk's application layer on the real event store (FerretDB / MongoDB), for the integration
// tests (not a test itself: no tier in the name). One database per test file, dropped after.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { MongoEventStore } from '@onestop/eventstore';
import { Desk, type SubmitCommand } from '../application/desk';
import { StreamConflict } from '../application/errors';
import type { AppendRequest, CommandMeta, DossierStreams, LoadedDossier } from '../application/ports';
import { buildDesk, EVENT_SOURCE } from '../service';
import type { IntakeEvent } from '../domain/events';
import { applicant, C, completeDocuments, R, reference, vn } from './fixtures.spec';

export interface DeskHarness {
  db: Db;
  store: MongoEventStore;
  streams: DossierStreams;
  /** The desk's clock: set `clock.now` to move time. */
  clock: { now: Date };
  desk: Desk;
  /** A desk on other streams (e.g. a LoadBarrier) over the same store and clock. */
  deskOn(streams: DossierStreams): Desk;
  /** Number of commits stored in the database (every append is one commit document). */
  commits(): Promise<number>;
  close(): Promise<void>;
}

export async function openDesk(area: string): Promise<DeskHarness> {
  const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/');
  const db = client.db(`t_intake_${area}_${randomBytes(4).toString('hex')}`);
  const clock = { now: vn('2026-03-04 09:00') };
  const store = new MongoEventStore(db, { source: EVENT_SOURCE, clock: () => clock.now });
  await store.ensureIndexes();
  const { streams, desk, deskOn } = await buildDesk({ db, store, reference, clock: () => clock.now });
  return {
    db,
    store,
    streams,
    clock,
    desk,
    deskOn,
    commits: () => db.collection('events').countDocuments(),
    close: async () => {
      await db.dropDatabase();
      await client.close();
    },
  };
}

export function meta(requestId: string, officerId = 'desk01', role = 'desk_officer', unitCode = 'TRUCNINH'): CommandMeta {
  return { requestId, actor: { officerId, role, unitCode }, correlationId: `corr-${requestId}` };
}

export function counterSubmission(over: Partial<SubmitCommand> = {}): SubmitCommand {
  const procedureCode = over.procedureCode ?? 'TCKH-01';
  return {
    channel: C.CHANNEL_COUNTER,
    unitCode: 'TRUCNINH',
    procedureCode,
    applicant: applicant(),
    resultDelivery: R.RESULT_DELIVERY_COUNTER,
    ...over,
    documents: over.documents ?? completeDocuments(procedureCode),
  };
}

/** A unique request id for this run (request ids are global in the store). */
export const rid = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/** The event types of a dossier's stream, in order. */
export async function eventTypes(streams: DossierStreams, dossierId: string): Promise<string[]> {
  return (await streams.load(dossierId)).events.map((e) => e.type);
}

/**
 * Streams whose next `parties` loads of one dossier all return before any of them goes on, so
 * that concurrent commands decide on the same version and all but one must retry. Appends that
 * lost to a concurrent one are counted.
 */
export class LoadBarrier implements DossierStreams {
  conflicts = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly inner: DossierStreams,
    private parties: number,
  ) {}

  async load(dossierId: string): Promise<LoadedDossier> {
    const loaded = await this.inner.load(dossierId);
    if (this.parties > 0) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length >= this.parties) {
          this.parties = 0;
          for (const go of this.waiting) go();
        }
      });
    }
    return loaded;
  }

  async append(dossierId: string, events: IntakeEvent[], request: AppendRequest): Promise<void> {
    try {
      await this.inner.append(dossierId, events, request);
    } catch (err) {
      if (err instanceof StreamConflict) this.conflicts++;
      throw err;
    }
  }

  answerFor(requestId: string) {
    return this.inner.answerFor(requestId);
  }

  dossierIdByCode(code: string) {
    return this.inner.dossierIdByCode(code);
  }

  lastSequence(scope: string) {
    return this.inner.lastSequence(scope);
  }
}
