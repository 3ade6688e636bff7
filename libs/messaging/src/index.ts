// @onestop/messaging: Kafka topics, CloudEvents binary-mode publishing, at-least-once consumers
// with dead-lettering, and tools to read topics and replay dead letters. Services depend on the
// small ports (EventPublisher, EventSubscription, EventHandler, EventEnvelope); kafkajs stays here.
export type { ActorRef, EventMetadata, PublishableEvent, EventEnvelope } from './event-types';
export type { EventPublisher, EventHandler, BatchHandler, EventSubscription } from './ports';
export type { Logger } from './logger';
export { createKafka, parseBrokers, type KafkaClient, type KafkaClientOptions } from './kafka-client';
export { TOPICS, topicPrefix, ensureTopics, type EnsureTopicsOptions } from './topics';
export {
  CE_HEADERS,
  CE_SPEC_VERSION,
  CONTENT_TYPE_PROTOBUF,
  CloudEventDecodeError,
  toKafkaMessage,
  fromKafkaMessage,
  type InboundMessage,
  type OutboundMessage,
} from './cloudevents';
export { javaCompatiblePartitioner, partitionForKey } from './partitioning';
export { KafkaEventPublisher, type KafkaEventPublisherOptions } from './publisher';
export { EventConsumer, type EventConsumerOptions } from './consumer';
export {
  DLQ_HEADERS,
  listDeadLetters,
  replayDeadLetters,
  parseDeadLetter,
  toDeadLetterMessage,
  type DeadLetter,
  type DeadLetterCause,
  type ListDeadLettersOptions,
  type ReplayDeadLettersOptions,
} from './dead-letters';
export { readTopicToEnd, type TopicMessage, type ReadTopicOptions } from './read-topic';
export { commitGroupOffsets, type GroupOffsets } from './group-offsets';
export { isTransientFailure } from './transient';
