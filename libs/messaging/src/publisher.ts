// Publishes recorded events to one topic in CloudEvents binary mode, keyed by dossier id.
import type { Producer } from 'kafkajs';
import { toKafkaMessage } from './cloudevents';
import type { PublishableEvent } from './event-types';
import type { KafkaClient } from './kafka-client';
import { silentLogger, type Logger } from './logger';
import { javaCompatiblePartitioner } from './partitioning';
import type { EventPublisher } from './ports';

export interface KafkaEventPublisherOptions {
  logger?: Logger;
  /** CloudEvents source for events that carry none, e.g. "onestop.intake". */
  source?: string;
}

export class KafkaEventPublisher implements EventPublisher {
  private readonly producer: Producer;
  private readonly logger: Logger;
  private connected = false;

  constructor(
    kafka: KafkaClient,
    private readonly topic: string,
    private readonly options: KafkaEventPublisherOptions = {},
  ) {
    if (typeof topic !== 'string' || topic === '') throw new Error('KafkaEventPublisher: topic is required');
    this.logger = (options.logger ?? silentLogger()).child({ component: 'KafkaEventPublisher', topic });
    // One request in flight at a time: a retried request can never overtake a later one, so the
    // order of a dossier's events on its partition is the order they were published in.
    this.producer = kafka.producer({ createPartitioner: javaCompatiblePartitioner, maxInFlightRequests: 1 });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.producer.disconnect();
  }

  /**
   * Sends the events in the given order and resolves after every in-sync replica has them
   * (acks = -1). Rejects if the broker did not acknowledge; the caller retries (a resend is
   * harmless: consumers dedupe by event id).
   */
  async publish(events: readonly PublishableEvent[]): Promise<void> {
    if (!this.connected) throw new Error('KafkaEventPublisher: call connect() before publish()');
    if (events.length === 0) return;
    const messages = events.map((e) => toKafkaMessage(e, e.source ?? this.options.source));
    await this.producer.send({ topic: this.topic, acks: -1, messages });
    this.logger.debug({ count: events.length, first: eventRef(events[0]), last: eventRef(events[events.length - 1]) }, 'events published');
  }
}

function eventRef(e: PublishableEvent | undefined): Record<string, unknown> | undefined {
  return e && { eventId: e.id, dossierId: e.streamId, version: e.version, type: e.type };
}
