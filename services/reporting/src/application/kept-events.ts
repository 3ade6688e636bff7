// The events kept for a dossier or a pickup: each at most once, by event id and by its position
// in its producer's stream (a redelivery, or the outbox sending again, keeps nothing new).
import type { StoredEvent } from './ports';

/** The stream position of an event: source, stream and version. */
export function eventKey(e: Pick<StoredEvent, 'source' | 'streamId' | 'streamVersion'>): string {
  return `${e.source}\u0000${e.streamId}\u0000${e.streamVersion}`;
}

/**
 * `kept` plus those of `incoming` not kept yet (by id or stream position). Returns `kept` itself
 * when nothing is new, so callers can tell a no-op by identity.
 */
export function addEvents(kept: readonly StoredEvent[], incoming: readonly StoredEvent[]): StoredEvent[] {
  const ids = new Set(kept.map((e) => e.id));
  const positions = new Set(kept.map(eventKey));
  const added: StoredEvent[] = [];
  for (const e of incoming) {
    const key = eventKey(e);
    if (ids.has(e.id) || positions.has(key)) continue;
    ids.add(e.id);
    positions.add(key);
    added.push(e);
  }
  return added.length === 0 ? (kept as StoredEvent[]) : [...kept, ...added];
}
