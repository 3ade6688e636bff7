import type { Collection } from 'mongodb';
import { toCommit, type CommitDocument, type StreamHead } from './documents';
import { ConcurrencyError, DuplicateRequestError, ReservationTakenError, UnidentifiedConflictError } from './errors';
import type { CommitPointers } from './pointers';
import type { ValidAppend } from './validation';

/** What the explanation of a rejected insert reads. */
export interface ConflictContext {
  commits: Collection<CommitDocument>;
  pointers: CommitPointers;
  /** The stream's head confirmed against the store. */
  head(streamId: string): Promise<StreamHead>;
}

/**
 * A unique index rejected the insert. FerretDB's error does not name the index, so find which
 * constraint holds a conflicting value, in this order: request id (a retry of an answered
 * request), commit id (another writer took this stream version), reservation. Cheap leads first
 * (the commit at our `_id`, the pointers); the unique index itself (a scan on FerretDB) only when
 * our `_id` is free, i.e. the request id or reservation key must be held. A holder found is
 * pointed at, repairing a pointer this append overwrote. Returns only when an 'any' append should
 * re-read the stream and try again.
 */
export async function explainConflict(ctx: ConflictContext, a: ValidAppend, doc: CommitDocument, err: unknown): Promise<void> {
  const atOurId = await ctx.commits.findOne({ _id: doc._id });
  if (a.requestId !== null) {
    const holder = atOurId?.requestId === a.requestId ? atOurId : await requestHolder(ctx, a.requestId, atOurId === null);
    if (holder) {
      await ctx.pointers.repointRequest(holder);
      throw duplicateOf(holder, a.requestId);
    }
  }
  if (atOurId) {
    if (a.expectedVersion === 'any') return;
    throw new ConcurrencyError(a.streamId, a.expectedVersion, (await ctx.head(a.streamId)).version);
  }
  if (a.reservation) {
    const key = a.reservation.key;
    const holder = (await ctx.pointers.byReservationKey(key)) ?? (await ctx.commits.findOne({ reservedKey: key }));
    if (holder) {
      await ctx.pointers.repointReservation(holder);
      throw new ReservationTakenError(key, a.reservation.scope);
    }
  }
  throw new UnidentifiedConflictError(doc._id, err);
}

/** The answer to a retried request: the first commit's events and result. */
export function duplicateOf(holder: CommitDocument, requestId: string | null): DuplicateRequestError {
  const c = toCommit(holder);
  return new DuplicateRequestError(requestId ?? c.requestId ?? '', c.streamId, c.commitId, c.events, c.result);
}

/**
 * The commit holding the request id: by its pointer, else (`byIndex`) by the unique index. When
 * another commit took our `_id` the index is not asked: that explains the rejection, and a
 * request whose pointer a concurrent attempt of the same request overwrote reports a
 * ConcurrencyError this once; its retry is rejected by the index and answered.
 */
async function requestHolder(ctx: ConflictContext, requestId: string, byIndex: boolean): Promise<CommitDocument | null> {
  const pointed = await ctx.pointers.byRequest(requestId);
  return pointed ?? (byIndex ? await ctx.commits.findOne({ requestKey: requestId }) : null);
}
