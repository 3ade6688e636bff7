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
// included), the returned ones none. SCALE_E2E_DOSSIERS sets the size (default 60, to keep CI
// within its time on 2 cores).
import { common } from '@onestop/contracts';
import { startClockServer, type ClockServer } from '@onestop/runtime';
import { call, intakeClient, processingClient, reportingClient, tokenFor } from './support/clients';
import { householdBusiness, applicant } from './support/fixtures';
import { createPlatform, type Platform, type ServiceName } from './support/platform';
import { freePort } from '@onestop/test-support';
import { codeSequences, deadlineAlerts, distinctEventIds, opsVerify, readEvents, runTopics, SpreadClient } from './support/scale';
import { waitFor } from './support/wait';

jest.setTimeout(900_000);
const S = common.NationalStatus;
const DOSSIERS = Number(process.env.SCALE_E2E_DOSSIERS ?? 60);
const CONCURRENCY = 8;
const SERVICES: ServiceName[] = ['intake', 'processing', 'postal-delivery', 'reporting'];

interface Acknowledged {
  dossierId: string;
  dossierCode: string;
  expected: common.NationalStatus;
}

/** Vietnam's local date (UTC+7) of an instant, YYYY-MM-DD. */
const localDate = (t: number) => new Date(t + 7 * 3600_000).toISOString().slice(0, 10);

describe('two instances of each service, one of each killed mid-run', () => {
  let platform: Platform;
  let clock: ClockServer;

  beforeAll(async () => {
    platform = await createPlatform();
    // One simulated clock for every instance, at the real time until the test moves it.
    clock = await startClockServer({ start: new Date() });
    const clockEnv = { CLOCK_MODE: 'simulated', ONESTOP_SIMULATION: '1', SIM_CLOCK_URL: `http://127.0.0.1:${clock.port}` };
    // Every dossier is due soon as soon as its case opens (lead 80 working hours > 3 days' budget).
    const processingEnv = { DUE_SOON_LEAD_WORKING_HOURS: '80', TIMER_POLL_INTERVAL_MS: '200' };
    await platform.start('postal-simulator');
    for (const name of SERVICES) {
      const own: NodeJS.ProcessEnv = name === 'processing' ? { ...clockEnv, ...processingEnv } : { ...clockEnv };
      const other: NodeJS.ProcessEnv = { ...own, GRPC_PORT: String(await freePort()) };
      if (name === 'postal-delivery') other.HTTP_PORT = String(await freePort());
      await platform.start(name, own, `${name}#1`);
      await platform.start(name, other, `${name}#2`);
    }
  });

  afterAll(async () => {
    await platform?.stopAll();
    await clock?.close();
  });

  it('loses nothing, duplicates nothing and keeps every audit figure whole', async () => {
    const addr = (name: ServiceName) => [platform.services.get(`${name}#1`)!.grpcAddress, platform.services.get(`${name}#2`)!.grpcAddress];
    const desks = new SpreadClient(addr('intake').map(intakeClient));
    const agencies = new SpreadClient(addr('processing').map(processingClient));
    const reports = new SpreadClient(addr('reporting').map(reportingClient));
    const officer = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const leader = await tokenFor({ officerId: 'ld01', role: 'leader', unitCode: 'TCKH' });
    const specialist = await tokenFor({ officerId: 'cv01', role: 'specialist', unitCode: 'TCKH' });
    const auditor = await tokenFor({ officerId: 'audit01', role: 'auditor', unitCode: 'TRUCNINH' });
    const startedAt = Date.now();

    const acknowledged: Acknowledged[] = [];
    let killed: Promise<void> | undefined;
    const killOneOfEach = async () => {
      // SIGKILL: no drain, no goodbye to the consumer group; then the same instance comes back.
      for (const name of SERVICES) await platform.stop(`${name}#1`, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 2000));
      for (const name of SERVICES) await platform.start(name, restartEnv(name), `${name}#1`);
    };
    const firstEnv = new Map<ServiceName, NodeJS.ProcessEnv>();
    const restartEnv = (name: ServiceName) => firstEnv.get(name)!;
    for (const name of SERVICES) {
      const s = platform.services.get(`${name}#1`)!;
      const keep = [
        'GRPC_PORT',
        'HTTP_PORT',
        'DUE_SOON_LEAD_WORKING_HOURS',
        'TIMER_POLL_INTERVAL_MS',
        'CLOCK_MODE',
        'ONESTOP_SIMULATION',
        'SIM_CLOCK_URL',
      ];
      firstEnv.set(name, Object.fromEntries(keep.filter((k) => s.env[k] !== undefined).map((k) => [k, s.env[k]])));
    }

    const reportingView = (dossierId: string) =>
      reports
        .call(0, (c) => call(c.getDossier.bind(c), { key: { $case: 'dossierId', dossierId } }, { token: auditor }))
        .then((r) => r.dossier)
        .catch(() => undefined);

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
      if (acknowledged.length === Math.floor(DOSSIERS / 2)) killed = killOneOfEach();

      const { dossierId } = received;
      // The case opens from intake's event; its due-soon alert fires from a durable timer.
      await waitFor(
        `the due-soon alert of dossier ${n}`,
        async () => {
          const v = await reportingView(dossierId);
          return v?.timeline.some((t) => /DueSoon/.test(t.eventType)) ? true : undefined;
        },
        300_000,
      );
      if (keepInProgress) return;

      const rid = (label: string) => `scale-${platform.runId}-${label}-${n}`;
      await agencies.call(n, (c) =>
        call(
          c.assignOfficer.bind(c),
          { requestId: rid('assign'), dossierId, officerId: 'cv01', note: '', expectedVersion: 0 },
          { token: leader },
        ),
      );
      await agencies.call(n + 1, (c) =>
        call(
          c.completeStep.bind(c),
          { requestId: rid('appraise'), dossierId, stepCode: 'appraise', note: '', expectedVersion: 0 },
          { token: specialist },
        ),
      );
      await agencies.call(n, (c) =>
        call(
          c.completeStep.bind(c),
          { requestId: rid('approve'), dossierId, stepCode: 'approve', note: '', expectedVersion: 0 },
          { token: leader },
        ),
      );
      await agencies.call(n + 1, (c) =>
        call(
          c.issueResult.bind(c),
          {
            requestId: rid('issue'),
            dossierId,
            resultSummary: 'Giấy chứng nhận đăng ký hộ kinh doanh',
            documentNumber: `07A${n}`,
            expectedVersion: 0,
          },
          { token: leader },
        ),
      );
      await waitFor(
        `the desk to see dossier ${n}'s result`,
        async () => {
          const d = await desks.call(n, (c) => call(c.getDossier.bind(c), { key: { $case: 'dossierId', dossierId } }, { token: officer }));
          return d.dossier?.status === S.NATIONAL_STATUS_RESULT_READY ? true : undefined;
        },
        300_000,
      );
      await desks.call(n + 1, (c) =>
        call(
          c.returnResult.bind(c),
          { requestId: rid('return'), dossierId, method: common.ResultDelivery.RESULT_DELIVERY_COUNTER, recipientName: 'Người nhận' },
          { token: officer },
        ),
      );
    }

    let next = 1;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next <= DOSSIERS) await lifecycle(next++);
      }),
    );
    await killed;
    expect(acknowledged).toHaveLength(DOSSIERS);

    // Reporting shows every acknowledged dossier with its final status.
    await waitFor(
      'reporting to show every dossier with its status',
      async () => {
        for (const a of acknowledged) if ((await reportingView(a.dossierId))?.status !== a.expected) return undefined;
        return true;
      },
      300_000,
    );

    // ... exactly once: the register and Biểu II.06a count each once.
    const period = { fromDate: localDate(startedAt - 86_400_000), toDate: localDate(Date.now() + 86_400_000) };
    const register = await reports.call(0, (c) =>
      call(c.getDossierRegister.bind(c), { unitCode: 'TRUCNINH', agencyCode: '', period }, { token: auditor }),
    );
    const registered = register.rows.map((r) => r.dossierCode).sort();
    expect(registered).toEqual(acknowledged.map((a) => a.dossierCode).sort());
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

    // Every dossier's due-soon alert fired exactly once (none twice, none lost); nothing overdue.
    const topics = runTopics(platform);
    const alerts = deadlineAlerts(await readEvents(topics.processing));
    const wrong = acknowledged
      .filter((a) => alerts.dossierDueSoon.get(a.dossierId) !== 1)
      .map((a) => `${a.dossierCode}: ${alerts.dossierDueSoon.get(a.dossierId) ?? 0}`);
    expect(wrong).toEqual([]);
    expect(alerts.overdue).toBe(0);

    // `ops verify` checks every stored event against Kafka: all published, none missing, 0 problems.
    // Delivery is at least once: a relay killed between the broker's ack and its mark sends the
    // commit again, so Kafka may hold more messages than the stores hold events (never fewer).
    const onTopics = (await Promise.all(Object.values(topics).map((t) => readEvents(t).catch(() => [])))).reduce((n, l) => n + l.length, 0);
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
    const published = await Promise.all(Object.values(topics).map((t) => readEvents(t).catch(() => [])));
    expect(distinctEventIds(published.flat()).size).toBe(verified.storeEvents);

    // A month later (simulated): each dossier still in progress is overdue, alerted exactly once;
    // the returned ones never. (Recorded after the audit above, which judged events up to the real now.)
    await clock.advance(new Date(Date.now() + 30 * 86_400_000));
    const open = acknowledged.filter((a) => a.expected !== S.NATIONAL_STATUS_RESULT_RETURNED);
    await waitFor(
      'an overdue alert for every dossier in progress',
      async () => {
        const late = deadlineAlerts(await readEvents(topics.processing)).dossierOverdue;
        return open.every((a) => (late.get(a.dossierId) ?? 0) >= 1) ? true : undefined;
      },
      180_000,
    );
    // a few more timer passes, so an alert fired twice would be on the topic
    await new Promise((r) => setTimeout(r, 3000));
    const late = deadlineAlerts(await readEvents(topics.processing)).dossierOverdue;
    const expectedOverdue = (a: Acknowledged) => (a.expected === S.NATIONAL_STATUS_RESULT_RETURNED ? 0 : 1);
    const wrongOverdue = acknowledged
      .filter((a) => (late.get(a.dossierId) ?? 0) !== expectedOverdue(a))
      .map((a) => `${a.dossierCode}: ${late.get(a.dossierId) ?? 0}`);
    expect(wrongOverdue).toEqual([]);
    process.stdout.write(
      `scale-out: ${DOSSIERS} dossiers (${returned} returned) in ${Math.round((Date.now() - startedAt) / 1000)} s, ` +
        `${desks.retries + agencies.retries + reports.retries} retried calls, verify: ${verified.storeEvents} events, digest ${verified.digest}\n`,
    );
  });
});
