// The small interfaces services depend on; the Kafka classes of this library implement them, so
// the client library underneath can be replaced without touching the services.
import type { EventEnvelope, PublishableEvent } from './event-types';

/** Sends recorded events; resolves only once the broker has them durably. */
export interface EventPublisher {
  publish(events: readonly PublishableEvent[]): Promise<void>;
}

/** Handles one delivered event; must be idempotent (delivery is at-least-once). */
export type EventHandler = (event: EventEnvelope) => Promise<void>;

/** Handles delivered events of one partition, in order, as a unit; must be idempotent too. */
export type BatchHandler = (events: readonly EventEnvelope[]) => Promise<void>;

/** A running subscription that delivers events to a handler until stopped. */
export interface EventSubscription {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the group has processed everything that was on the topics at start(). */
  waitUntilCaughtUp(options?: { timeoutMs?: number }): Promise<void>;
}
