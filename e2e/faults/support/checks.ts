// What must hold after every fault, once the load has drained: every acknowledged effect exists
// exactly once — in intake's store (the desk's view), on Kafka, in processing (the case) and in
// reporting (read model, register) —, the read models equal what a replay builds (`ops
// replay-check`), every consumer group has caught up (lag 0 on every partition), each dossier's
// due-soon timer fired exactly once, no dead letter, and `ops verify` finds 0 problems with
// nothing unpublished.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { common, decodeEvent } from '@onestop/contracts';
import { call } from '@onestop/grpc-kit';
import { createKafka, type EventEnvelope } from '@onestop/messaging';
import { ROOT, type Platform } from '../../support/platform';
import { opsVerify, readEvents, runTopics } from '../../support/scale';
import { waitFor } from '../../support/wait';
import type { Simulator } from './simulator';
import type { Workload } from './workload';

export interface CheckResult {
  dossiers: number;
  pickupsPending: number;
  /** Acknowledged effects missing somewhere (named). */
  lost: string[];
  /** Effects present more than once as distinct events (named). */
  duplicated: string[];
  /** Kafka messages carrying an event id already seen: at-least-once re-sends, deduplicated by consumers. */
  resent: number;
  deadLetters: number;
  lagSettledMs: number;
  verify: { exitCode: number | null; problems: number; unpublished: number; storeEvents: number; output: string };
  replayCheck: { exitCode: number | null; output: string };
}

/** Effects each acknowledged dossier must have exactly once (event type suffix, per dossier). */
const ONCE_ALWAYS = { intake: ['DossierReceived'], processing: ['CaseOpened', 'DueSoon'] };
const ONCE_RETURNED = { intake: ['ResultReturned'], processing: ['OfficerAssigned', 'ResultIssued'] };
const ONCE_PICKUP = ['PickupRequested', 'ProviderOrderAccepted', 'DossierCollected', 'DossierHandedOver', 'DossierSubmittedToDesk'];

/** Distinct events per (subject, short type); step-level due-soon alerts are left out. */
function tally(events: EventEnvelope[]): { counts: Map<string, number>; resent: number } {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  let resent = 0;
  for (const e of events) {
    if (seen.has(e.id)) {
      resent++;
      continue;
    }
    seen.add(e.id);
    const type = e.type.slice(e.type.lastIndexOf('.') + 1);
    const key = `${e.subject ?? e.streamId}|${type}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { counts, resent };
}

/** Partitions where a group of this run is behind its topic's end ("group topic[p]: n"). */
export async function consumerLag(platform: Platform): Promise<string[]> {
  const prefix = platform.env.KAFKA_TOPIC_PREFIX ?? '';
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!, clientId: 'faults-lag' });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix) && !/sandbox|replay/.test(g));
    const topics = Object.values(runTopics(platform));
    const ends = new Map<string, Map<number, bigint>>();
    for (const t of topics) ends.set(t, new Map((await admin.fetchTopicOffsets(t)).map((p) => [p.partition, BigInt(p.high)])));
    const behind: string[] = [];
    for (const groupId of groups) {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
        for (const p of partitions) {
          const end = ends.get(topic)?.get(p.partition) ?? 0n;
          const at = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
          // A group that never reads a topic has no offset there at all (-1 everywhere): not a lag.
          if (BigInt(p.offset) < 0n && partitions.every((x) => BigInt(x.offset) < 0n)) continue;
          if (at < end) behind.push(`${groupId} ${topic}[${p.partition}]: ${end - at}`);
        }
      }
    }
    return behind;
  } finally {
    await admin.disconnect();
  }
}

function replayCheck(platform: Platform): { exitCode: number | null; output: string } {
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, 'services/reporting/dist/cli/main.js'), 'replay-check', '--live-timeout', '120'],
    {
      env: { ...platform.env, MONGO_DB: `${platform.runId}_reporting` },
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  return { exitCode: res.status, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

export async function checkInvariants(platform: Platform, workload: Workload, simulator: Simulator): Promise<CheckResult> {
  const lost: string[] = [];
  const duplicated: string[] = [];
  const dossiers = workload.dossiers;

  // Consumers caught up first: everything after reads settled views.
  const lagStart = Date.now();
  await waitFor(
    'every consumer group of the run at the end of its partitions',
    async () => ((await consumerLag(platform)).length === 0 ? true : undefined),
    180_000,
  ).catch(async () => lost.push(...(await consumerLag(platform)).map((l) => `stuck partition ${l}`)));
  const lagSettledMs = Date.now() - lagStart;

  // intake (the desk), processing (the case) and reporting (read model) each show every dossier.
  for (const d of dossiers) {
    const desk = await workload.deskStatus(d.dossierId);
    if (desk !== d.expected) lost.push(`intake: dossier ${d.dossierCode} status ${desk}, expected ${d.expected}`);
    if (!(await workload.caseExists(d.dossierId))) lost.push(`processing: no case for ${d.dossierCode}`);
    const view = await workload.reportingView(d.dossierId);
    if (view?.status !== d.expected) lost.push(`reporting: dossier ${d.dossierCode} status ${view?.status}, expected ${d.expected}`);
  }

  // Kafka: each effect exactly once per dossier / pickup (distinct event ids).
  const topics = runTopics(platform);
  const [intakeT, processingT, postalT] = await Promise.all([topics.intake, topics.processing, topics.postal].map((t) => readEvents(t)));
  const byTopic = { intake: tally(intakeT), processing: tally(dueSoonOfDossierOnly(processingT)), postal: tally(postalT) };
  const expectOnce = (where: 'intake' | 'processing' | 'postal', subject: string, type: string, label: string) => {
    const n = byTopic[where].counts.get(`${subject}|${type}`) ?? 0;
    if (n === 0) lost.push(`${where} topic: no ${type} for ${label}`);
    if (n > 1) duplicated.push(`${where} topic: ${n} × ${type} for ${label}`);
  };
  for (const d of dossiers) {
    for (const t of ONCE_ALWAYS.intake) expectOnce('intake', d.dossierId, t, d.dossierCode);
    for (const t of ONCE_ALWAYS.processing) expectOnce('processing', d.dossierId, t, d.dossierCode);
    if (d.expected === common.NationalStatus.NATIONAL_STATUS_RESULT_RETURNED) {
      for (const t of ONCE_RETURNED.intake) expectOnce('intake', d.dossierId, t, d.dossierCode);
      for (const t of ONCE_RETURNED.processing) expectOnce('processing', d.dossierId, t, d.dossierCode);
    }
    if (d.pickupId) {
      for (const t of ONCE_PICKUP) expectOnce('postal', d.pickupId, t, `pickup of ${d.dossierCode}`);
      const orders = await simulator.ordersFor(d.orderNumber!);
      if (orders.length !== 1) (orders.length ? duplicated : lost).push(`provider: ${orders.length} orders for ${d.orderNumber}`);
    }
  }
  for (const p of workload.pickups.values()) {
    for (const t of ['PickupRequested', 'ProviderOrderAccepted']) expectOnce('postal', p.pickupId, t, `pickup ${p.n}`);
    const orders = await simulator.ordersFor(p.orderNumber);
    if (orders.length !== 1) (orders.length ? duplicated : lost).push(`provider: ${orders.length} orders for ${p.orderNumber}`);
  }

  // Reporting's register: each acknowledged dossier exactly once.
  const register = await workload.reportsClient.call(0, (c) =>
    call(
      c.getDossierRegister.bind(c),
      { unitCode: 'TRUCNINH', agencyCode: '', period: { fromDate: day(-1), toDate: day(+1) } },
      { token: workload.auditorToken },
    ),
  );
  const registered = new Map<string, number>();
  for (const r of register.rows) registered.set(r.dossierCode, (registered.get(r.dossierCode) ?? 0) + 1);
  for (const d of dossiers) {
    const n = registered.get(d.dossierCode) ?? 0;
    if (n === 0) lost.push(`reporting register: ${d.dossierCode} missing`);
    if (n > 1) duplicated.push(`reporting register: ${d.dossierCode} × ${n}`);
  }
  if (registered.size > dossiers.length)
    duplicated.push(`reporting register: ${registered.size} dossiers for ${dossiers.length} acknowledged`);

  const deadLetters = (await readEvents(`${platform.env.KAFKA_TOPIC_PREFIX ?? ''}onestop.deadletter.v1`).catch(() => [])).length;

  const verify = await waitFor(
    'ops verify: every event published, 0 problems',
    async () => {
      const v = opsVerify(platform);
      return v.exitCode === 0 && v.unpublished === 0 ? v : undefined;
    },
    120_000,
  ).catch(() => opsVerify(platform));

  return {
    dossiers: dossiers.length,
    pickupsPending: workload.pickups.size,
    lost,
    duplicated,
    resent: byTopic.intake.resent + byTopic.processing.resent + byTopic.postal.resent,
    deadLetters,
    lagSettledMs,
    verify: {
      exitCode: verify.exitCode,
      problems: verify.problems,
      unpublished: verify.unpublished,
      storeEvents: verify.storeEvents,
      output: verify.exitCode === 0 ? '' : verify.output.slice(-3000),
    },
    replayCheck: replayCheck(platform),
  };
}

/** Dossier-level due-soon alerts only (a step's alert carries its step code). */
function dueSoonOfDossierOnly(events: EventEnvelope[]): EventEnvelope[] {
  return events.filter((e) => {
    if (!/DueSoon$/.test(e.type)) return true;
    return !decodeEvent<{ stepCode?: string }>(e.type, e.data).stepCode;
  });
}

/** Viet Nam's local date (UTC+7) `offset` days from today, YYYY-MM-DD. */
function day(offset: number): string {
  return new Date(Date.now() + 7 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}
