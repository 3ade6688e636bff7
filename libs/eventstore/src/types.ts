/** The officer (cán bộ) or system identity on whose behalf an event was recorded. */
export interface Actor {
  officerId: string;
  role: string;
  unitCode: string;
}

/** Who and what caused an event; travels with the event to Kafka (CloudEvents extension headers). */
export interface EventMetadata {
  correlationId?: string;
  requestId?: string;
  actor?: Actor;
  causationId?: string;
  /** W3C trace context of the command that recorded it (CloudEvents distributed tracing); not hashed. */
  traceparent?: string;
  /** Set when the event was recorded on a simulated clock (a demo, never production); not hashed. */
  simulatedClock?: true;
}

/** An event as a command handler hands it to the store: type name and protobuf bytes. */
export interface EventToAppend {
  /** Fully-qualified protobuf message name, e.g. "onestop.intake.v1.DossierReceived". */
  type: string;
  /** Protobuf-encoded payload. */
  data: Uint8Array;
  /** Event id; a random UUID v4 when omitted. */
  id?: string;
}

/** An event as stored: the payload plus its place in the stream and in the hash chain. */
export interface RecordedEvent {
  id: string;
  streamId: string;
  /** 1-based position in the stream. */
  version: number;
  type: string;
  data: Uint8Array;
  recordedAt: Date;
  metadata: EventMetadata;
  /** Hash of the previous event of the stream; '' for the first event. */
  prevHash: string;
  /** computeEventHash() of this event. */
  hash: string;
  /** The producing service, e.g. 'onestop.intake'. */
  source: string;
}

/**
 * - a number: the version of the stream's last event must be exactly this (0 = empty stream);
 * - 'no_stream': the stream must be empty;
 * - 'any': no check (appends after whatever is there).
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

/**
 * A claimed value in a sequence (e.g. the daily number of a dossier code), stored with the commit
 * under a unique index so two commits can never claim the same key.
 */
export interface Reservation {
  /** The unique value claimed, e.g. the dossier code. */
  key: string;
  /** The sequence the value belongs to, e.g. '000.00.11.H40-20261126'. */
  scope: string;
  /** Position in that sequence, a positive integer; see maxReservedSeq(scope). */
  seq: number;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  metadata?: EventMetadata;
  /** Client request id: a second append with it fails with DuplicateRequestError. */
  requestId?: string;
  /** JSON-able answer to the request, returned by DuplicateRequestError on a retry. */
  result?: unknown;
  reservation?: Reservation;
  /**
   * The stream's last event as the caller has just read it: its version (equal to a numeric
   * expectedVersion) and its hash. The store then writes without reading the head again (a round
   * trip); a stream that moved on meanwhile fails the append as a conflict all the same, by the
   * unique (stream, version). An append to a stream expected empty needs no head.
   */
  head?: StreamHead;
}

/** The last event of a stream: its version and its hash (the next event's prevHash). */
export interface StreamHead {
  version: number;
  hash: string;
}

/** What a numbered append writes once the store has given it the scope's next number. */
export interface NumberedCommit {
  events: EventToAppend[];
  /** The number's unique key, e.g. the dossier code made from it. */
  key: string;
  /** JSON-able answer to the request (see AppendOptions.result). */
  result?: unknown;
}

/**
 * An append that takes the next number of a gap-free sequence (e.g. a unit's dossier codes of one
 * day). The store assigns it in the append's own transaction, under a short lock of the scope's
 * counter: numbers are unique and gap-free, and a commit that fails gives its number back.
 */
export interface NumberedAppend {
  /** The sequence, e.g. '<unit>-YYMMDD'. */
  scope: string;
  /**
   * The commit for number `seq`. Pure and quick (it runs while the scope is locked); it may be
   * called more than once (with another number) when the store has to try again. null declines:
   * nothing is written and the number stays free.
   */
  build(seq: number): NumberedCommit | null;
}

export type NumberedAppendOptions = Omit<AppendOptions, 'result' | 'reservation'>;

/** One batch of events appended together (one stored document). */
export interface Commit {
  commitId: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  events: RecordedEvent[];
  recordedAt: Date;
  requestId: string | null;
  result: unknown;
  reservation: Reservation | null;
  publishedAt: Date | null;
}

export type AppendResult = Commit;

/** Port to the message broker. publish() resolves only once the broker acknowledged all events. */
export interface EventPublisher {
  publish(events: RecordedEvent[]): Promise<void>;
}

/** Options of an as-of or partial stream read. */
export interface ReadStreamOptions {
  /** Only events with version >= fromVersion (default 1). */
  fromVersion?: number;
  /** As-of read: the stream's events recorded at or before this instant (a prefix of the stream). */
  upTo?: Date;
}

/**
 * The event store as the services and the command handler see it, whatever the engine behind it.
 * append() throws ConcurrencyError, DuplicateRequestError, ReservationTakenError or
 * EventStoreArgumentError; nothing else it throws is about the caller's input.
 */
export interface EventStore {
  append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Appends the commit `numbered.build` makes for the scope's next number (options as for append,
   * without result and reservation, which come from the build). null when the build declined.
   * Throws ConcurrencyError, DuplicateRequestError or EventStoreArgumentError like append().
   */
  appendNumbered(streamId: string, numbered: NumberedAppend, options: NumberedAppendOptions): Promise<AppendResult | null>;
  /** The stream's events in version order; [] for an unknown stream. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The version of the stream's last event; 0 for an empty stream. */
  streamVersion(streamId: string): Promise<number>;
  /** The commit made with this request id, or null. */
  findByRequestId(requestId: string): Promise<Commit | null>;
  /**
   * readStream(streamId) and findByRequestId(requestId) as of one moment, in one round trip where
   * the store can (a command's two reads). Optional: without it a caller makes the two reads.
   */
  readForCommand?(streamId: string, requestId: string): Promise<{ events: RecordedEvent[]; request: Commit | null }>;
  /** The commit that claimed this reservation key (e.g. the dossier with this code), or null. */
  findByReservation(key: string): Promise<Commit | null>;
  /** The highest reservation seq claimed in the scope; 0 if none. */
  maxReservedSeq(scope: string): Promise<number>;
  /** Every stream id, ascending (audits). */
  listStreamIds(): Promise<string[]>;
  /** Every event of every stream, by stream id then version (audits). */
  readAll(): AsyncIterable<RecordedEvent>;
}
