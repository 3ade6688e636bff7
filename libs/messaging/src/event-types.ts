// The event shapes this library moves. Declared structurally so the library does not depend on
// the event store: any RecordedEvent-shaped value can be published.

/** Who did it: the officer (cán bộ) acting, their role and organisational unit. */
export interface ActorRef {
  officerId: string;
  role: string;
  unitCode: string;
}

export interface EventMetadata {
  correlationId?: string;
  requestId?: string;
  causationId?: string;
  actor?: ActorRef;
  /** W3C traceparent of the work that produced the event: the CloudEvents distributed-tracing extension. */
  traceparent?: string;
  /** Recorded on a simulated clock (a demo, never production); header ce_simulatedclock. */
  simulatedClock?: true;
}

/** An event as recorded by the event store (its RecordedEvent), ready to publish. */
export interface PublishableEvent {
  id: string;
  /** Stream id = dossier id; becomes the Kafka key and the CloudEvents subject. */
  streamId: string;
  /** 1-based position of the event in its stream. */
  version: number;
  /** Fully-qualified protobuf type, e.g. "onestop.intake.v1.DossierReceived". */
  type: string;
  /** The protobuf-encoded payload, sent unchanged as the Kafka value. */
  data: Uint8Array;
  recordedAt: Date;
  metadata: EventMetadata;
  /** Hash of the previous event of the stream; null/absent for the first one. */
  prevHash?: string | null;
  hash: string;
  /** Producing service, e.g. "onestop.intake". */
  source?: string;
}

/** An event as a consumer receives it: the CloudEvent plus where it sits in Kafka. */
export interface EventEnvelope {
  id: string;
  source: string;
  type: string;
  /** CloudEvents subject = dossier id. */
  subject: string;
  time: Date;
  data: Uint8Array;
  streamId: string;
  streamVersion: number;
  hash: string;
  prevHash: string | null;
  metadata: EventMetadata;
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (offsets are 64-bit). */
  offset: string;
}
