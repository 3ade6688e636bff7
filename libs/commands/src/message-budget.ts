// What one command may record, in bytes, so that the relay can always publish it. A commit goes to
// Kafka as one record batch on the dossier's partition; the broker refuses a batch over its
// `message.max.bytes` (1 MiB by default) and the relay would have to park the commit (issue 15 §3).
// So the handler weighs the events before it appends them and refuses the command — nothing stored
// — when they would not fit, naming the cause.
import type { EventMetadata, EventToAppend } from '@onestop/eventstore';
import type { Violation } from './rejection';

/** Kafka's default `message.max.bytes` (1 MiB + 12 bytes of batch header). */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
/**
 * The most a command's events may weigh, headers included: Kafka's default max message size less
 * a margin for the record batch's framing (varints, CRC, attributes) and the CloudEvents headers we
 * do not count exactly.
 */
export const DEFAULT_COMMIT_MAX_BYTES = 900 * 1024;
/** CloudEvents headers and record framing per event beyond type and metadata (id, source, time, …). */
const PER_EVENT_OVERHEAD_BYTES = 512;

/** The estimated size on the wire of one commit's events published as one Kafka batch. */
export function estimatedCommitBytes(events: readonly EventToAppend[], metadata: EventMetadata): number {
  const metadataBytes = Buffer.byteLength(JSON.stringify(metadata));
  return events.reduce((sum, e) => sum + e.data.byteLength + Buffer.byteLength(e.type) + metadataBytes + PER_EVENT_OVERHEAD_BYTES, 0);
}

/** A violation when the events would exceed the budget; undefined when they fit. */
export function messageBudgetViolation(
  commandName: string,
  events: readonly EventToAppend[],
  metadata: EventMetadata,
  maxBytes = DEFAULT_COMMIT_MAX_BYTES,
): Violation | undefined {
  const bytes = estimatedCommitBytes(events, metadata);
  if (bytes <= maxBytes) return undefined;
  return {
    field: '(request)',
    description:
      `${commandName} would record ${events.length} event(s) of about ${bytes} bytes, over the ${maxBytes}-byte budget ` +
      `of one Kafka message (the broker's max message size); nothing was recorded — send shorter texts or fewer items`,
  };
}
