// The translation of consumed events (protobuf payloads of intake, processing and postal-delivery)
// into reporting's own DossierFacts. Decoding happens once here; the fold never sees protobuf.
import { common } from '@onestop/contracts';
import type { Channel, FactBody, ResultDelivery } from '../../domain/facts';

/** A consumed event as reporting keeps it (from Kafka, or from its own copy for as-of folds). */
export interface IncomingEvent {
  id: string;
  /** ce_source, e.g. 'onestop.intake'. */
  source: string;
  type: string;
  streamId: string;
  streamVersion: number;
  /** ce_time: when the producer recorded it. */
  recordedAt: Date;
  data: Uint8Array;
  actorId: string;
}

/** A pickup (postal dossier leg) stream that turned out to carry this dossier. */
export interface PickupLink {
  pickupId: string;
  dossierId: string;
}

export interface Translation {
  fact: FactBody;
  /** The dossier the fact is about; null for a pickup's event before the desk named the dossier. */
  dossierId: string | null;
  links: PickupLink[];
}

/**
 * An event reporting cannot make sense of even though it knows its type (undecodable bytes, a
 * payload for another dossier than its stream, a missing time the figures depend on). Retrying
 * will not help; the consumer dead-letters it after its bounded retries.
 */
export class PoisonEventError extends Error {
  override readonly name = 'PoisonEventError';
  constructor(
    readonly eventId: string,
    readonly eventType: string,
    readonly problem: string,
  ) {
    super(`event ${eventId} (${eventType}): ${problem}`);
  }
}

/** Reads fields of one decoded payload, failing with a PoisonEventError that names the field. */
export class PayloadReader {
  constructor(readonly event: IncomingEvent) {}

  poison(problem: string): never {
    throw new PoisonEventError(this.event.id, this.event.type, problem);
  }

  /** A time the figures depend on: required. */
  requiredTime(value: Date | undefined, field: string): Date {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) this.poison(`${field} is missing`);
    return value;
  }

  /** A time shown on the timeline: the recording time when absent. */
  time(value: Date | undefined): Date {
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value : this.event.recordedAt;
  }

  /** The payload's dossier id, which must be the stream's. */
  dossierOfStream(dossierId: string): string {
    if (!dossierId) this.poison('dossier_id is missing');
    if (dossierId !== this.event.streamId) this.poison(`dossier_id ${dossierId} is not the stream's (${this.event.streamId})`);
    return dossierId;
  }
}

export function optionalTime(value: Date | undefined): Date | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
}

export function channelOf(c: common.Channel): Channel | null {
  switch (c) {
    case common.Channel.CHANNEL_COUNTER:
      return 'counter';
    case common.Channel.CHANNEL_ONLINE:
      return 'online';
    case common.Channel.CHANNEL_POSTAL:
      return 'postal';
    default:
      return null;
  }
}

export function resultDeliveryOf(r: common.ResultDelivery): ResultDelivery | null {
  switch (r) {
    case common.ResultDelivery.RESULT_DELIVERY_COUNTER:
      return 'counter';
    case common.ResultDelivery.RESULT_DELIVERY_POST:
      return 'post';
    case common.ResultDelivery.RESULT_DELIVERY_ELECTRONIC:
      return 'electronic';
    default:
      return null;
  }
}

/** The translation of one payload type; null = nothing for the dossier view (ignored). */
export type Translator<T> = (payload: T, read: PayloadReader) => Translation | null;

export function about(dossierId: string | null, fact: FactBody, links: PickupLink[] = []): Translation {
  return { fact, dossierId, links };
}
