// Tamper evidence: walks every service's event store and every topic from the beginning,
// recomputes each stream's hash chain on both sides, and compares the stores with Kafka event by
// event. Any altered, missing, reordered or extra event is reported by stream (dossier) and
// position. On a clean history one sha-256 digest over every (source, stream, version, hash), in
// a canonical order, can be published and re-checked later with the same `until`.
import { createHash } from 'node:crypto';
import { canonicalEventText, verifyChain, type ChainEvent, type ChainProblemKind } from '@onestop/eventstore';

/** An event as read for the audit, with where it was read. */
export interface AuditedEvent extends ChainEvent {
  source: string;
}

export interface StoreAudit {
  source: string;
  /** Where it was read (database and collection), for the report. */
  label: string;
  /** Every stored event with whether its commit was published to Kafka yet. */
  read(visit: (e: AuditedEvent, published: boolean) => void): Promise<void>;
}

export interface TopicAudit {
  topic: string;
  /** Every message of the topic, in partition order; undecodable ones to `onUndecodable`. */
  read(visit: (e: AuditedEvent, where: string) => void, onUndecodable: (where: string, problem: string) => void): Promise<void>;
}

export type HistoryProblemKind = ChainProblemKind | 'undecodable' | 'disagree' | 'unpublished';

export interface HistoryProblem {
  /** 'store <source>', 'kafka <topic>' or 'store vs kafka'. */
  where: string;
  kind: HistoryProblemKind;
  /** The stream: the dossier id (or a postal pickup id). */
  streamId: string;
  version: number;
  eventId: string;
  detail: string;
}

export interface VerifyResult {
  until: Date;
  storeEvents: number;
  kafkaEvents: number;
  /** Stored events not yet published (the outbox will send them); not a problem within the grace. */
  unpublished: number;
  /**
   * Unpublished events older than the grace ('unpublished'): verify fails on them, but they do
   * not void the digest (the history is intact, it has not reached Kafka yet).
   */
  overdue: HistoryProblem[];
  problems: HistoryProblem[];
  /** sha-256 over the audited history when there is no problem; null otherwise. */
  digest: string | null;
}

interface Kept {
  event: AuditedEvent;
  published: boolean;
}

export interface VerifyOptions {
  /**
   * How long a stored event may stay unpublished (and off Kafka) before it is a problem: older
   * ones are listed in `overdue` (the relay is stuck or the commit is parked). Default 10 minutes.
   */
  unpublishedGraceMs?: number;
  /** The time the grace is measured to (default: now). */
  now?: Date;
}

export const DEFAULT_UNPUBLISHED_GRACE_MS = 10 * 60_000;

/** The stores alone: every chain, and the digest `verifyHistory` prints when Kafka agrees. */
export interface StoresAudit {
  storeEvents: number;
  /** Distinct streams (per source). */
  streams: number;
  problems: HistoryProblem[];
  /** The same digest as verifyHistory's over these stores; null when a chain is broken. */
  digest: string | null;
}

/**
 * Reads the stores (events recorded up to `until`) and checks their chains; the digest is the
 * one `verifyHistory` prints for the same history, so two copies of a history (e.g. the former
 * document store and PostgreSQL after a migration) can be compared without Kafka.
 */
export async function auditStores(stores: readonly StoreAudit[], until: Date): Promise<StoresAudit> {
  const { stored, problems } = await readStores(stores, until);
  const events = [...stored.values()].map((k) => k.event);
  return {
    storeEvents: stored.size,
    streams: new Set(events.map((e) => `${e.source}\t${e.streamId}`)).size,
    problems,
    digest: problems.length === 0 ? historyDigest(events) : null,
  };
}

async function readStores(stores: readonly StoreAudit[], until: Date): Promise<{ stored: Map<string, Kept>; problems: HistoryProblem[] }> {
  const problems: HistoryProblem[] = [];
  const stored = new Map<string, Kept>();
  for (const store of stores) {
    const events: AuditedEvent[] = [];
    await store.read((event, published) => {
      if (new Date(event.recordedAt).getTime() > until.getTime()) return;
      events.push(event);
      stored.set(event.id, { event, published });
    });
    problems.push(...chainProblems(`store ${store.source}`, events));
  }
  return { stored, problems };
}

export async function verifyHistory(
  stores: readonly StoreAudit[],
  topics: readonly TopicAudit[],
  until: Date,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const inTime = (e: AuditedEvent) => new Date(e.recordedAt).getTime() <= until.getTime();
  const { stored, problems } = await readStores(stores, until);
  const onKafka = new Map<string, { event: AuditedEvent; topic: string }>();
  const unchainedOnKafka = new Set<string>();
  let kafkaEvents = 0;
  for (const topic of topics) {
    const events: AuditedEvent[] = [];
    await topic.read(
      (event) => {
        if (!inTime(event)) return;
        kafkaEvents++;
        events.push(event);
        if (!onKafka.has(event.id)) onKafka.set(event.id, { event, topic: topic.topic });
      },
      (where, problem) =>
        problems.push({
          where: `kafka ${topic.topic}`,
          kind: 'undecodable',
          streamId: '',
          version: 0,
          eventId: '',
          detail: `${where}: ${problem}`,
        }),
    );
    const kafkaProblems = chainProblems(`kafka ${topic.topic}`, events);
    for (const p of kafkaProblems) unchainedOnKafka.add(p.eventId);
    problems.push(...kafkaProblems);
  }
  const audited = new Set(stores.map((s) => s.source));
  problems.push(...compareStoresWithKafka(stored, onKafka, unchainedOnKafka, audited));
  const waiting = [...stored.values()].filter((k) => !k.published && !onKafka.has(k.event.id)).map((k) => k.event);
  const graceMs = options.unpublishedGraceMs ?? DEFAULT_UNPUBLISHED_GRACE_MS;
  const due = (options.now ?? new Date()).getTime() - graceMs;
  const overdue = waiting
    .filter((e) => new Date(e.recordedAt).getTime() < due)
    .map((e): HistoryProblem => ({
      where: `store ${e.source}`,
      kind: 'unpublished',
      streamId: e.streamId,
      version: e.version,
      eventId: e.id,
      detail: `recorded ${new Date(e.recordedAt).toISOString()}, not published to Kafka after the ${graceMs / 1000} s grace (parked or the relay is stuck; see ops outbox list)`,
    }));
  return {
    until,
    storeEvents: stored.size,
    kafkaEvents,
    unpublished: waiting.length,
    overdue,
    problems,
    digest: problems.length === 0 ? historyDigest([...stored.values()].map((k) => k.event)) : null,
  };
}

function chainProblems(where: string, events: AuditedEvent[]): HistoryProblem[] {
  return verifyChain(events).map((p) => ({
    where,
    kind: p.kind,
    streamId: p.streamId,
    version: p.version,
    eventId: p.eventId,
    detail: p.detail,
  }));
}

/**
 * Each stored event against its Kafka copy. An event on Kafka that its store lacks is 'missing'
 * (from the store) when Kafka's chain holds it in place — the producer's chain made it, so the
 * store lost it — and 'extra' when Kafka's chain rejects it too (it was put there from outside).
 */
function compareStoresWithKafka(
  stored: Map<string, Kept>,
  onKafka: Map<string, { event: AuditedEvent; topic: string }>,
  unchainedOnKafka: Set<string>,
  auditedSources: Set<string>,
): HistoryProblem[] {
  const problems: HistoryProblem[] = [];
  const problem = (e: AuditedEvent, kind: HistoryProblemKind, detail: string): HistoryProblem => ({
    where: 'store vs kafka',
    kind,
    streamId: e.streamId,
    version: e.version,
    eventId: e.id,
    detail,
  });
  for (const { event, published } of stored.values()) {
    const sent = onKafka.get(event.id);
    if (!sent) {
      if (published) problems.push(problem(event, 'missing', `published by ${event.source} but not on Kafka`));
      continue;
    }
    if (
      sent.event.hash !== event.hash ||
      canonicalEventText(sent.event) !== canonicalEventText(event) ||
      sent.event.source !== event.source
    ) {
      const how =
        sent.event.hash !== event.hash ? `hash ${event.hash} in the store, ${sent.event.hash} on Kafka` : 'same hash, different content';
      problems.push(problem(event, 'disagree', `${event.source}'s store and ${sent.topic} differ (${how})`));
    }
  }
  for (const { event, topic } of onKafka.values()) {
    if (stored.has(event.id) || !auditedSources.has(event.source)) continue;
    if (unchainedOnKafka.has(event.id))
      problems.push(problem(event, 'extra', `on ${topic}, in no event store, and not in its stream's chain`));
    else problems.push(problem(event, 'missing', `on ${topic} in its stream's chain, but missing from ${event.source}'s event store`));
  }
  return problems;
}

/** sha-256 over "source stream version hash" lines in (source, stream, version) order. */
export function historyDigest(events: readonly AuditedEvent[]): string {
  const lines = events
    .map((e) => ({ key: [e.source, e.streamId], version: e.version, line: `${e.source}\t${e.streamId}\t${e.version}\t${e.hash}\n` }))
    .sort((a, b) => cmp(a.key[0], b.key[0]) || cmp(a.key[1], b.key[1]) || a.version - b.version);
  const hash = createHash('sha256');
  for (const l of lines) hash.update(l.line, 'utf8');
  return hash.digest('hex');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
