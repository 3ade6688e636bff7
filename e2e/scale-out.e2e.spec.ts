// Scale-out under failure: two instances of every service sharing the event stores, topics of
// several partitions and consumer groups. Scenario traffic (dossiers submitted through both
// desks, worked through both processing instances, returned at the counter) runs while one
// instance of each service is SIGKILLed and started again. Clients retry a failed call on the
// other instance with the same request id, as a real client does. Then: every acknowledged
// dossier is in reporting exactly once with its status; dossier codes are unique and gap-free
// per unit and day; every dossier's due-soon alert fired exactly once; `ops verify` covers every
// event (as many events as distinct event ids on Kafka) with no problem. The services run on a
// shared simulated clock that follows the real time until the end, when it jumps a month ahead:
// every dossier still in progress gets exactly one overdue alert (timers set before the kill
// included), the returned ones none.
//
// SCALE_E2E_DOSSIERS sets the size (default 300), SCALE_E2E_CONCURRENCY how many dossiers are
// under way at once (default 16). The test waits on what the services publish (it follows the
// run's topics), not by polling them, so a dossier moves on as soon as its event is out.
import { common } from '@onestop/contracts';
import { startClockServer, type ClockServer } from '@onestop/runtime';
import { call, intakeClient, processingClient, reportingClient, tokenFor } from './support/clients';
import { householdBusiness, applicant } from './support/fixtures';
import { createPlatform, type Platform, type ServiceName } from './support/platform';
import {
  codeSequences,
  deadlineAlerts,
  distinctEventIds,
  EventTail,
  isDossierAlert,
  notesStatus,
  opsVerify,
  runTopics,
  SpreadClient,
} from './support/scale';
import { waitFor } from './support/wait';
import { returnAtCounter, walkThroughAgency } from './support/walk';

jest.setTimeout(900_000);
const S = common.NationalStatus;
const DOSSIERS = Number(process.env.SCALE_E2E_DOSSIERS ?? 300);
const CONCURRENCY = Number(process.env.SCALE_E2E_CONCURRENCY ?? 16);
const SERVICES: ServiceName[] = ['intake', 'processing', 'postal-delivery', 'reporting'];
/** How long one dossier may wait for an event (a killed member's partitions wait out its session first). */
const EVENT_WAIT_MS = 300_000;

interface Acknowledged {
  dossierId: string;
  dossierCode: string;
  expected: common.NationalStatus;
}

/** Vietnam's local date (UTC+7) of an instant, YYYY-MM-DD. */
const localDate = (t: number) => new Date(t + 7 * 3600_000).toISOString().slice(0, 10);

/** Real time spent per phase, for the closing line (where a slow run spent its time). */
class Phases {
  private readonly spent: [string, number][] = [];
  private at = Date.now();
  lap(name: string): void {
    const now = Date.now();
    this.spent.push([name, now - this.at]);
    this.at = now;
  }
  toString(): string {
    return this.spent.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ');
  }
}

describe('two instances of each service, one of each killed mid-run', () => {
  let platform: Platform;
  let clock: ClockServer;
  let tail: EventTail | undefined;
  let spread: SpreadClient<unknown>[] = [];
  const phases = new Phases();

  beforeAll(async () => {
    platform = await createPlatform();
    // One simulated clock for every instance, at the real time until the test moves it.
    clock = await startClockServer({ start: new Date() });
    const clockEnv = { CLOCK_MODE: 'simulated', ONESTOP_SIMULATION: '1', SIM_CLOCK_URL: `http://127.0.0.1:${clock.port}` };
    // Every dossier is due soon as soon as its case opens (lead 80 working hours > 3 days' budget).
    const processingEnv = { DUE_SOON_LEAD_WORKING_HOURS: '80', TIMER_POLL_INTERVAL_MS: '500' };
    const envOf = (name: ServiceName): NodeJS.ProcessEnv => (name === 'processing' ? { ...clockEnv, ...processingEnv } : { ...clockEnv });
    // The first instance of every service side by side, then the second ones (two instances of one
    // service never start at the same moment: they would race to create their schema).
    await Promise.all([platform.start('postal-simulator'), ...SERVICES.map((name) => platform.start(name, envOf(name), `${name}#1`))]);
    await Promise.all(
      SERVICES.map(async (name) => {
        const other: NodeJS.ProcessEnv = { ...envOf(name), GRPC_PORT: String(await platform.freePort()) };
        if (name === 'postal-delivery') other.HTTP_PORT = String(await platform.freePort());
        return platform.start(name, other, `${name}#2`);
      }),
    );
    const topics = runTopics(platform);
    tail = await EventTail.start([topics.intake, topics.processing, topics.postal]);
    phases.lap('start');
  });

  afterAll(async () => {
    // after a failure the other dossiers' calls and waits end here, not minutes later
    for (const s of spread) s.stop();
    await tail?.stop().catch(() => undefined);
    await platform?.stopAll();
    await clock?.close();
  });

  it('loses nothing, duplicates nothing and keeps every audit figure whole', async () => {
    const events = tail!;
    const addr = (name: ServiceName) => [platform.services.get(`${name}#1`)!.grpcAddress, platform.services.get(`${name}#2`)!.grpcAddress];
    // a call may be retried for as long as a dossier may wait for an event (a loaded machine)
    const desks = new SpreadClient(addr('intake').map(intakeClient), EVENT_WAIT_MS);
    const agencies = new SpreadClient(addr('processing').map(processingClient), EVENT_WAIT_MS);
    const reports = new SpreadClient(addr('reporting').map(reportingClient), EVENT_WAIT_MS);
    spread = [desks, agencies, reports];
    const officer = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const leader = await tokenFor({ officerId: 'ld01', role: 'leader', unitCode: 'TCKH' });
    const specialist = await tokenFor({ officerId: 'cv01', role: 'specialist', unitCode: 'TCKH' });
    const auditor = await tokenFor({ officerId: 'audit01', role: 'auditor', unitCode: 'TRUCNINH' });
    const startedAt = Date.now();

    // What a restarted instance is started with again (its ports, clock and timer settings).
    const keep = [
      'GRPC_PORT',
      'HTTP_PORT',
      'DUE_SOON_LEAD_WORKING_HOURS',
      'TIMER_POLL_INTERVAL_MS',
      'CLOCK_MODE',
      'ONESTOP_SIMULATION',
      'SIM_CLOCK_URL',
    ];
    const firstEnv = new Map<ServiceName, NodeJS.ProcessEnv>();
    for (const name of SERVICES) {
      const s = platform.services.get(`${name}#1`)!;
      firstEnv.set(name, Object.fromEntries(keep.filter((k) => s.env[k] !== undefined).map((k) => [k, s.env[k]])));
    }

    const acknowledged: Acknowledged[] = [];
    let underWay = 0;
    /** Dossiers under way when the kill came, and acknowledged once every instance was back. */
    const kill = { underWay: 0, acknowledgedBefore: 0, acknowledgedWhenBack: 0 };
    let killed: Promise<void> | undefined;
    const killOneOfEach = async () => {
      kill.underWay = underWay;
      kill.acknowledgedBefore = acknowledged.length;
      // SIGKILL: no drain, no goodbye to the consumer group; then the same instance comes back.
      await Promise.all(SERVICES.map((name) => platform.stop(`${name}#1`, 'SIGKILL')));
      await new Promise((r) => setTimeout(r, 2000));
      // one after the other: on a loaded machine four services booting at once may not all be
      // ready within the harness's start timeout
      for (const name of SERVICES) await platform.start(name, firstEnv.get(name), `${name}#1`);
      kill.acknowledgedWhenBack = acknowledged.length;
    };

    async function lifecycle(n: number): Promise<void> {
      const submitRequest = householdBusiness({ requestId: `scale-${platform.runId}-submit-${n}`, applicant: applicant(n) });
      const submitted = await desks.call(n, (c) => call(c.submitDossier.bind(c), submitRequest, { token: officer }));
      const received = submitted.outcome?.$case === 'received' ? submitted.outcome.received : undefined;
      if (!received) throw new Error(`dossier ${n} was not received: ${JSON.stringify(submitted.outcome)}`);
      const keepInProgress = n % 4 === 0;
      const ack: Acknowledged = {
        dossierId: received.dossierId,
        dossierCode: received.dossierCode,
        expected: keepInProgress ? S.NATIONAL_STATUS_PROCESSING : S.NATIONAL_STATUS_RESULT_RETURNED,
      };
      acknowledged.push(ack);
      if (acknowledged.length === Math.floor(DOSSIERS / 2)) {
        killed = killOneOfEach();
        killed.catch(() => undefined); // judged below, once the traffic is through
      }

      const { dossierId } = received;
      // The case opens from intake's event; its due-soon alert fires from a durable timer at once.
      await events.until(
        `the due-soon alert of dossier ${n}`,
        () => events.of(dossierId).some((e) => isDossierAlert(e, 'DueSoon')),
        EVENT_WAIT_MS,
      );
      if (keepInProgress) return;

      const rid = (label: string) => `scale-${platform.runId}-${label}-${n}`;
      await walkThroughAgency(
        (hop, attempt) => agencies.call(n + hop, attempt),
        dossierId,
        { leader, specialist },
        { requestId: rid, documentNumber: `07A${n}` },
      );
      // intake takes processing's ResultIssued into its own stream: then the desk can return it
      await events.until(
        `the desk to note dossier ${n}'s result`,
        () => events.of(dossierId).some((e) => notesStatus(e, S.NATIONAL_STATUS_RESULT_READY)),
        EVENT_WAIT_MS,
      );
      await returnAtCounter((hop, attempt) => desks.call(n + 1 + hop, attempt), dossierId, officer, { requestId: rid('return') });
    }

    let next = 1;
    let failed = false;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, DOSSIERS) }, async () => {
        while (next <= DOSSIERS && !failed) {
          const n = next++;
          underWay++;
          await lifecycle(n)
            .catch((err: unknown) => {
              failed = true; // no new dossier once one failed
              throw err;
            })
            .finally(() => underWay--);
        }
      }),
    );
    await killed;
    phases.lap('traffic');
    expect(acknowledged).toHaveLength(DOSSIERS);

    // Reporting's register holds every acknowledged dossier exactly once, with its final status.
    const period = { fromDate: localDate(startedAt - 86_400_000), toDate: localDate(Date.now() + 86_400_000) };
    const byCode = new Map(acknowledged.map((a) => [a.dossierCode, a]));
    const register = await waitFor(
      'reporting to show every dossier with its status',
      async () => {
        const r = await reports.call(0, (c) =>
          call(c.getDossierRegister.bind(c), { unitCode: 'TRUCNINH', agencyCode: '', period }, { token: auditor }),
        );
        const settled = r.rows.filter((row) => byCode.get(row.dossierCode)?.expected === row.status).length;
        return settled >= DOSSIERS ? r : undefined;
      },
      300_000,
    );
    const registered = register.rows.map((r) => r.dossierCode).sort();
    expect(registered).toEqual(acknowledged.map((a) => a.dossierCode).sort());
    const wrongStatus = register.rows.filter((r) => byCode.get(r.dossierCode)?.expected !== r.status).map((r) => r.dossierCode);
    expect(wrongStatus).toEqual([]);
    // ... and each dossier's own view in reporting says the same.
    const views = new Map<string, common.NationalStatus | undefined>();
    for (let i = 0; i < acknowledged.length; i += 16) {
      await Promise.all(
        acknowledged.slice(i, i + 16).map(async (a, j) => {
          const v = await reports.call(i + j, (c) =>
            call(c.getDossier.bind(c), { key: { $case: 'dossierId', dossierId: a.dossierId } }, { token: auditor }),
          );
          views.set(a.dossierId, v.dossier?.status);
        }),
      );
    }
    expect(acknowledged.filter((a) => views.get(a.dossierId) !== a.expected).map((a) => a.dossierCode)).toEqual([]);
    // ... counted once in Biểu II.06a.
    const official = await reports.call(0, (c) =>
      call(c.getOfficialReport.bind(c), { period, grouping: 1, asOf: undefined }, { token: auditor }),
    );
    const returned = acknowledged.filter((a) => a.expected === S.NATIONAL_STATUS_RESULT_RETURNED).length;
    expect(official.report?.total).toMatchObject({ received: DOSSIERS, resolved: returned, inProgress: DOSSIERS - returned, overdue: 0 });

    // Codes unique and gap-free per unit and day.
    const codes = acknowledged.map((a) => a.dossierCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [scope, seqs] of codeSequences(codes)) {
      expect({ scope, seqs }).toEqual({ scope, seqs: seqs.map((_, i) => i + 1) });
    }
    phases.lap('reporting');

    // Every dossier's due-soon alert fired exactly once (none twice, none lost); nothing overdue.
    const processingTopic = runTopics(platform).processing;
    const onProcessing = () => events.messages.filter((e) => e.topic === processingTopic);
    const onTopics = (await events.caughtUp()).length;
    const alerts = deadlineAlerts(onProcessing());
    const wrong = acknowledged
      .filter((a) => alerts.dossierDueSoon.get(a.dossierId) !== 1)
      .map((a) => `${a.dossierCode}: ${alerts.dossierDueSoon.get(a.dossierId) ?? 0}`);
    expect(wrong).toEqual([]);
    expect(alerts.overdue).toBe(0);

    // `ops verify` checks every stored event against Kafka: all published, none missing, 0 problems.
    // Delivery is at least once: a relay killed between the broker's ack and its mark sends the
    // commit again, so Kafka may hold more messages than the stores hold events (never fewer).
    const verified = await waitFor(
      'every event published and verified',
      async () => {
        const v = opsVerify(platform);
        return v.exitCode === 0 && v.unpublished === 0 && v.kafkaEvents >= v.storeEvents ? v : undefined;
      },
      120_000,
    ).catch(() => opsVerify(platform));
    expect({ exit: verified.exitCode, problems: verified.problems, output: verified.exitCode === 0 ? '' : verified.output }).toEqual({
      exit: 0,
      problems: 0,
      output: '',
    });
    expect(verified.unpublished).toBe(0);
    expect(verified.storeEvents).toBeGreaterThan(0);
    expect(verified.kafkaEvents).toBeGreaterThanOrEqual(verified.storeEvents);
    expect(verified.kafkaEvents).toBeGreaterThanOrEqual(onTopics);
    expect(verified.digest).toMatch(/^[0-9a-f]{64}$/);
    // ... and covers every event: as many stored events as distinct event ids on the topics.
    expect(distinctEventIds(await events.caughtUp()).size).toBe(verified.storeEvents);
    phases.lap('verify');

    // A month later (simulated): each dossier still in progress is overdue, alerted exactly once;
    // the returned ones never. (Recorded after the audit above, which judged events up to the real now.)
    await clock.advance(new Date(Date.now() + 30 * 86_400_000));
    const open = acknowledged.filter((a) => a.expected !== S.NATIONAL_STATUS_RESULT_RETURNED);
    await events.until(
      'an overdue alert for every dossier in progress',
      () => open.every((a) => events.of(a.dossierId).some((e) => isDossierAlert(e, 'Overdue'))),
      180_000,
    );
    // a few more timer passes (every 500 ms), so an alert fired twice would be on the topic
    await new Promise((r) => setTimeout(r, 3000));
    await events.caughtUp();
    const late = deadlineAlerts(onProcessing()).dossierOverdue;
    const expectedOverdue = (a: Acknowledged) => (a.expected === S.NATIONAL_STATUS_RESULT_RETURNED ? 0 : 1);
    const wrongOverdue = acknowledged
      .filter((a) => (late.get(a.dossierId) ?? 0) !== expectedOverdue(a))
      .map((a) => `${a.dossierCode}: ${late.get(a.dossierId) ?? 0}`);
    expect(wrongOverdue).toEqual([]);
    phases.lap('overdue');
    process.stdout.write(
      `scale-out: ${DOSSIERS} dossiers (${returned} returned, ${CONCURRENCY} at a time) in ${Math.round((Date.now() - startedAt) / 1000)} s ` +
        `(${phases.toString()}); killed with ${kill.underWay} under way after ${kill.acknowledgedBefore} acknowledged, all back after ${kill.acknowledgedWhenBack}; ` +
        `${desks.retries + agencies.retries + reports.retries} retried calls, verify: ${verified.storeEvents} events, digest ${verified.digest}\n`,
    );
  });
});
