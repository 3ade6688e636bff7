// The platform's figures, measured through its public gRPC API against the services started as
// processes from their dist/main.js (whatever store they are built with; PG_URL is passed on).
import * as fs from 'node:fs';
import { common } from '@onestop/contracts';
import { call, intakeClient, processingClient, reportingClient, tokenFor } from '../../support/clients';
import { applicant, householdBusiness, marriage, requestId } from '../../support/fixtures';
import type { Platform } from '../../support/platform';
import { waitFor } from '../../support/wait';
import { nowMs, percentile, runPool, sleep, type RunResult } from './stats';

export type IntakeClient = ReturnType<typeof intakeClient>;

export interface Tokens {
  desk: string;
  /** A commune's desk: its dossiers are numbered in another register book than the district's. */
  communeDesk: string;
  leader: string;
  specialist: string;
  auditor: string;
}

export async function benchTokens(): Promise<Tokens> {
  return {
    desk: await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' }),
    communeDesk: await tokenFor({ officerId: 'desk02', role: 'desk_officer', unitCode: COMMUNE }),
    leader: await tokenFor({ officerId: 'ld01', role: 'leader', unitCode: 'TCKH' }),
    specialist: await tokenFor({ officerId: 'cv01', role: 'specialist', unitCode: 'TCKH' }),
    auditor: await tokenFor({ officerId: 'audit01', role: 'auditor', unitCode: 'TRUCNINH' }),
  };
}

/** The commune of the two-book rows (a commune of the district on the 2020 map the bench runs on). */
export const COMMUNE = 'XTRUCDAI';

let submitted = 0;
/** SubmitDossier calls that succeeded in this run (each is one commit in intake's store). */
export const submittedSoFar = () => submitted;

/** One counter submission (at the district's desk, or the commune's); resolves with the dossier id. */
export async function submit(
  clients: readonly IntakeClient[],
  token: string,
  i: number,
  at: 'district' | 'commune' = 'district',
): Promise<string> {
  const c = clients[i % clients.length];
  const request =
    at === 'district' ? householdBusiness({ applicant: applicant(i % 100_000) }) : marriage(COMMUNE, { applicant: applicant(i % 100_000) });
  const res = await call(c.submitDossier.bind(c), request, { token, timeoutMs: 120_000 });
  if (res.outcome?.$case !== 'received') throw new Error(`submit ${i}: not received (${res.outcome?.$case})`);
  submitted++;
  return res.outcome.received.dossierId;
}

export function submitRun(
  clients: readonly IntakeClient[],
  token: string,
  count: number,
  concurrency: number,
  deadlineMs?: number,
): Promise<RunResult> {
  const base = submitted;
  return runPool(count, concurrency, (i) => submit(clients, token, base + i), deadlineMs);
}

/**
 * Submissions alternating between two units' register books — the district's (even i) and a
 * commune's (odd i) — each through `clients[i % 2]`: a dossier's code is numbered under its book's
 * row lock, so two processes filling one book take turns at it, while two books (a district has
 * one per unit) are numbered side by side.
 */
export function submitTwoBooks(
  clients: readonly [IntakeClient, IntakeClient],
  t: Tokens,
  count: number,
  concurrency: number,
): Promise<RunResult> {
  const base = submitted;
  return runPool(count, concurrency, (i) => {
    const n = base + i;
    return n % 2 === 0 ? submit([clients[0]], t.desk, n) : submit([clients[1]], t.communeDesk, n, 'commune');
  });
}

/** A dossier's whole life: submit, the agency's case, assign, two steps, result, returned at the desk. */
export async function lifecycle(desk: IntakeClient, agency: ReturnType<typeof processingClient>, t: Tokens, i: number): Promise<void> {
  const dossierId = await submit([desk], t.desk, 1_000_000 + i);
  await waitFor(
    'processing to open the case',
    async () => (await call(agency.getCase.bind(agency), { dossierId }, { token: t.leader }).catch(() => undefined))?.case,
    120_000,
  );
  await call(
    agency.assignOfficer.bind(agency),
    { requestId: requestId('assign'), dossierId, officerId: 'cv01', note: '', expectedVersion: 0 },
    { token: t.leader },
  );
  await call(
    agency.completeStep.bind(agency),
    { requestId: requestId('appraise'), dossierId, stepCode: 'appraise', note: '', expectedVersion: 0 },
    { token: t.specialist },
  );
  await call(
    agency.completeStep.bind(agency),
    { requestId: requestId('approve'), dossierId, stepCode: 'approve', note: '', expectedVersion: 0 },
    { token: t.leader },
  );
  await call(
    agency.issueResult.bind(agency),
    { requestId: requestId('issue'), dossierId, resultSummary: 'Giấy chứng nhận', documentNumber: `B-${i}`, expectedVersion: 0 },
    { token: t.leader },
  );
  await waitFor(
    'the desk to see the result ready',
    async () => {
      const d = (await call(desk.getDossier.bind(desk), { key: { $case: 'dossierId', dossierId } }, { token: t.desk })).dossier;
      return d?.status === common.NationalStatus.NATIONAL_STATUS_RESULT_READY ? true : undefined;
    },
    120_000,
  );
  await call(
    desk.returnResult.bind(desk),
    { requestId: requestId('return'), dossierId, method: common.ResultDelivery.RESULT_DELIVERY_COUNTER, recipientName: 'Nguyễn Văn' },
    { token: t.desk },
  );
}

/** Whether reporting shows the dossier. */
async function visible(reports: ReturnType<typeof reportingClient>, token: string, dossierId: string): Promise<boolean> {
  const res = await call(reports.getDossier.bind(reports), { key: { $case: 'dossierId', dossierId } }, { token }).catch(() => undefined);
  return !!res?.dossier;
}

export interface LagResult {
  offered: number;
  achieved: number;
  lagsMs: number[];
  /** Each dossier shown: its id, when intake acknowledged it (wall clock, ms) and when reporting showed it. */
  seen: { dossierId: string; ackAtMs: number; shownAtMs: number }[];
  notSeen: number;
  /** Submissions refused or past their deadline (not acknowledged, so no lag to measure). */
  failed: number;
  firstError?: string;
}

export interface LagPolling {
  /** GetDossier calls in flight at most, over all the dossiers waiting to be shown. */
  inFlight: number;
  /** A waiting dossier is asked about again this long after its last answer, at the soonest. */
  everyMs: number;
}

/**
 * Submits at a fixed offered rate (open loop) for `seconds`; for each acknowledged dossier, polls
 * reporting until it shows it: the lag from the acknowledgement to the read model. The polls are
 * bounded (`polling.inFlight` calls at once, the oldest waiting dossiers first), so the harness's
 * own reads stay a bounded load on reporting and its store: one poller per waiting dossier made
 * every slow answer add readers (3,158 GetDossier calls of 4 s each in one run), and the reads
 * crowded out the projection's writes.
 */
export async function projectionLag(
  desk: IntakeClient,
  reports: ReturnType<typeof reportingClient>,
  t: Tokens,
  rate: number,
  seconds: number,
  maxWaitMs: number,
  polling: LagPolling = { inFlight: 8, everyMs: 50 },
): Promise<LagResult> {
  const total = Math.round(rate * seconds);
  const lagsMs: number[] = [];
  const seen: LagResult['seen'] = [];
  let notSeen = 0;
  let failed = 0;
  let firstError: string | undefined;
  let acked = 0;
  let submitting = total;
  const started = nowMs();
  let lastAck = started;
  /** Acknowledged, not yet shown: oldest poll first. */
  const waiting: { id: string; ackAt: number; ackAtMs: number; next: number; polling: boolean }[] = [];
  const one = async (i: number) => {
    await sleep(Math.max(0, started + (i * 1000) / rate - nowMs()));
    try {
      const id = await submit([desk], t.desk, 2_000_000 + i);
      const ackAt = nowMs();
      acked++;
      lastAck = ackAt;
      waiting.push({ id, ackAt, ackAtMs: Date.now(), next: ackAt, polling: false });
    } catch (err) {
      // An overloaded intake: counted and shown, the others still measured.
      failed++;
      firstError ??= err instanceof Error ? err.message.slice(0, 80) : String(err);
    } finally {
      submitting--;
    }
  };
  // The oldest waiting dossier first (the projection goes roughly in order), each asked again
  // `everyMs` after its last answer at the soonest.
  const poller = async () => {
    while (submitting > 0 || waiting.length > 0) {
      const now = nowMs();
      const w = waiting.find((x) => !x.polling && x.next <= now);
      if (!w) {
        await sleep(5);
        continue;
      }
      w.polling = true;
      const shown = await visible(reports, t.auditor, w.id);
      w.polling = false;
      if (shown || nowMs() - w.ackAt > maxWaitMs) {
        waiting.splice(waiting.indexOf(w), 1);
        if (!shown) notSeen++;
        else {
          lagsMs.push(nowMs() - w.ackAt);
          seen.push({ dossierId: w.id, ackAtMs: w.ackAtMs, shownAtMs: Date.now() });
        }
      } else w.next = nowMs() + polling.everyMs;
    }
  };
  await Promise.all([...Array.from({ length: total }, (_, i) => one(i)), ...Array.from({ length: Math.max(1, polling.inFlight) }, poller)]);
  return { offered: rate, achieved: acked / ((lastAck - started) / 1000), lagsMs, seen, notSeen, failed, firstError };
}

/** Peak resident set (VmHWM) of each running service process, in MB. */
export function peakRss(platform: Platform): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, s] of platform.services) {
    try {
      const status = fs.readFileSync(`/proc/${s.process.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
      out[key] = kb / 1024;
    } catch {
      // exited already
    }
  }
  return out;
}

/** CPU seconds (user + system) the service's process has used so far; NaN when it is gone. */
export function cpuSeconds(platform: Platform, key: string): number {
  const s = platform.services.get(key);
  if (!s) return Number.NaN;
  try {
    // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks (100 a second on Linux),
    // counted after the command name, which is in parentheses and may hold spaces.
    const stat = fs.readFileSync(`/proc/${s.process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The platform's service processes by pid, named by their keys (intake, intake-2, …). */
export function servicePids(platform: Platform): Map<number, string> {
  const out = new Map<number, string>();
  for (const [key, s] of platform.services) if (s.process.pid !== undefined) out.set(s.process.pid, key);
  return out;
}

export const p = (r: { latenciesMs: number[] }, q: number) => percentile(r.latenciesMs, q);

/** The sum of a Prometheus text exposition's samples named `name` whose labels contain every `having`. */
export function metricSum(text: string, name: string, having: string[] = []): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labels = line.slice(name.length, line.lastIndexOf(' '));
    if (having.every((h) => labels.includes(h))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** A service's /metrics text ('' when it does not answer). */
export async function scrape(platform: Platform, key: string): Promise<string> {
  const address = platform.services.get(key)?.metricsAddress;
  if (!address) return '';
  try {
    const res = await fetch(`http://${address}/metrics`);
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}
