// Each service's own /metrics after real calls: gRPC calls by method and code with latency
// histograms, consumer lag and handler latency per topic/partition, the command and outbox
// families, Node process metrics — and no personal data anywhere in it. Then a dossier's life
// across the whole platform, and `curl` of every service: processing's deadline timers (pending
// and fired), postal-delivery's provider calls and circuit-breaker state, reporting's read-model
// lag — and every metric the Grafana dashboards and the alert rules use exists on some service.
import * as grpc from '@grpc/grpc-js';
import { common, postal } from '@onestop/contracts';
import { grpcClient } from '@onestop/grpc-kit';
import { alertExpressions, dashboardExpressions, familyOf } from '../infra/observability/promql';
import { call, intakeClient, tokenFor } from './support/clients';
import { applicant, householdBusiness, requestId } from './support/fixtures';
import { find, scrape, type Scrape } from './support/metrics';
import { createPlatform, type Platform, type ServiceName } from './support/platform';
import { waitFor } from './support/wait';

jest.setTimeout(300_000);

describe('Prometheus metrics on each service port', () => {
  let platform: Platform;
  let intake: ReturnType<typeof intakeClient>;
  let after: Scrape;
  const svc = 'onestop.intake.v1.IntakeService';

  beforeAll(async () => {
    platform = await createPlatform();
    const running = await platform.start('intake');
    intake = intakeClient(running.grpcAddress);
    const desk = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const res = await call(intake.submitDossier.bind(intake), householdBusiness(), { token: desk });
    expect(res.outcome?.$case).toBe('received');
    const refused = await call(intake.getProcedure.bind(intake), { procedureCode: '' }, { token: desk }).catch((e: grpc.ServiceError) => e);
    expect((refused as grpc.ServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
    // intake projects its own topic (the online queue): wait until that consumer handled the event.
    after = await waitFor('the consumer metrics of the submitted dossier', async () => {
      const s = await scrape(running.metricsAddress);
      const handled =
        find(s, 'onestop_consumer_handler_duration_seconds_count', { group: 'intake.online-queue', outcome: 'success' }).length > 0;
      const lag = find(s, 'onestop_consumer_lag_messages', { group: 'intake.online-queue' });
      return handled && lag.length > 0 && lag.every((l) => l.value === 0) ? s : undefined;
    });
  });

  afterAll(async () => {
    intake?.close();
    await platform?.stopAll();
  });

  it('counts gRPC calls by method and status code, with a latency histogram', () => {
    expect(after.families.get('grpc_server_handled_total')).toBe('counter');
    expect(after.families.get('grpc_server_handling_seconds')).toBe('histogram');
    const ok = find(after, 'grpc_server_handled_total', {
      grpc_service: svc,
      grpc_method: 'SubmitDossier',
      grpc_type: 'unary',
      grpc_code: 'OK',
    });
    expect(ok.map((s) => s.value)).toEqual([1]);
    const invalid = find(after, 'grpc_server_handled_total', {
      grpc_service: svc,
      grpc_method: 'GetProcedure',
      grpc_code: 'INVALID_ARGUMENT',
    });
    expect(invalid.map((s) => s.value)).toEqual([1]);
    const buckets = find(after, 'grpc_server_handling_seconds_bucket', {
      grpc_service: svc,
      grpc_method: 'SubmitDossier',
      grpc_code: 'OK',
    });
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(1);
    expect(find(after, 'grpc_server_started_total', { grpc_service: svc, grpc_method: 'SubmitDossier' }).map((s) => s.value)).toEqual([1]);
    expect(ok[0].labels.service).toBe('intake');
  });

  it('reports consumer lag per topic partition and handler latency', () => {
    const topic = `${platform.env.KAFKA_TOPIC_PREFIX}onestop.intake.events.v1`;
    const lag = find(after, 'onestop_consumer_lag_messages', { group: 'intake.online-queue', topic });
    expect(lag.length).toBeGreaterThan(0);
    for (const s of lag) expect(s.labels.partition).toMatch(/^\d+$/);
    expect(
      find(after, 'onestop_consumer_handler_duration_seconds_count', { group: 'intake.online-queue', topic, outcome: 'success' })[0].value,
    ).toBeGreaterThanOrEqual(1);
  });

  it('reports the outbox: the submitted dossier published with its lag, nothing left waiting', () => {
    const topic = `${platform.env.KAFKA_TOPIC_PREFIX}onestop.intake.events.v1`;
    expect(find(after, 'onestop_outbox_published_events_total', { topic })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(after, 'onestop_outbox_publish_lag_seconds_count', {})[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(after, 'onestop_outbox_backlog_events', {}).map((s) => s.value)).toEqual([0]);
  });

  it('has every family of the platform, and Node process metrics', () => {
    for (const [family, type] of [
      ['onestop_commands_total', 'counter'],
      ['onestop_command_conflict_retries_total', 'counter'],
      ['onestop_outbox_backlog_events', 'gauge'],
      ['onestop_outbox_publish_lag_seconds', 'histogram'],
      ['onestop_outbox_published_events_total', 'counter'],
      ['onestop_consumer_retries_total', 'counter'],
      ['onestop_consumer_dead_letters_total', 'counter'],
      ['process_cpu_seconds_total', 'counter'],
      ['process_resident_memory_bytes', 'gauge'],
      ['nodejs_eventloop_lag_seconds', 'gauge'],
    ]) {
      expect({ family, type: after.families.get(family) }).toEqual({ family, type });
    }
  });

  it('carries no personal data: the applicant appears nowhere in the metrics', () => {
    const person = applicant();
    for (const value of [person.fullName, person.idNumber, person.phone, person.address]) expect(after.text).not.toContain(value);
    const labelNames = new Set(after.samples.flatMap((s) => Object.keys(s.labels)));
    expect([...labelNames].sort()).toEqual(
      expect.arrayContaining([
        'grpc_code',
        'grpc_method',
        'grpc_service',
        'grpc_type',
        'group',
        'outcome',
        'partition',
        'service',
        'topic',
      ]),
    );
    for (const name of labelNames)
      expect([
        'grpc_code',
        'grpc_method',
        'grpc_service',
        'grpc_type',
        'group',
        'outcome',
        'partition',
        'service',
        'topic',
        'le',
        'quantile',
        'reason',
        'command',
        'kind',
        'type',
        'space',
        'version',
        'major',
        'minor',
        'patch',
      ]).toContain(name);
  });

  it('answers 404 elsewhere than /metrics', async () => {
    const res = await fetch(`http://${platform.services.get('intake')!.metricsAddress}/`);
    expect(res.status).toBe(404);
  });
});

const SERVICES = ['intake', 'processing', 'postal-delivery', 'reporting'] as const;
/** Processing's clock runs 60 days ahead: the dossier's deadlines pass at once and the timers fire. */
const SIXTY_DAYS_MS = String(60 * 24 * 3600 * 1000);

describe("every service's /metrics after a dossier's life", () => {
  let platform: Platform;
  const scrapes = new Map<ServiceName, Scrape>();
  const metricsOf = (name: ServiceName) => scrape(platform.services.get(name)!.metricsAddress);

  beforeAll(async () => {
    platform = await createPlatform();
    await platform.start('postal-simulator');
    await waitFor('the simulator', async () =>
      (await fetch(`${platform.env.PROVIDER_BASE_URL}/_admin/health`).catch(() => undefined))?.ok ? true : undefined,
    );
    await Promise.all([
      platform.start('intake'),
      platform.start('processing', { CLOCK_OFFSET_MS: SIXTY_DAYS_MS, TIMER_POLL_INTERVAL_MS: '200' }),
      platform.start('reporting'),
    ]);
    await platform.start('postal-delivery', { WORK_INTERVAL_MS: '200' });

    const desk = intakeClient(platform.address('intake'));
    const mail = grpcClient(postal.PostalServiceClient, platform.address('postal-delivery'));
    try {
      const officer = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
      const portal = await tokenFor({ officerId: 'portal', role: 'citizen_portal', unitCode: 'PORTAL' });
      expect((await call(desk.submitDossier.bind(desk), householdBusiness(), { token: officer })).outcome?.$case).toBe('received');
      await call(
        mail.requestPickup.bind(mail),
        {
          requestId: requestId('pickup'),
          unitCode: 'TRUCNINH',
          procedureCode: 'TCKH-01',
          applicant: { fullName: 'Trần Thị Bình', idNumber: '036190004321', address: 'Xóm 5, xã Trực Đại', phone: '0987654321', email: '' },
          pickupFrom: undefined,
          resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
          note: '',
        },
        { token: portal },
      );
    } finally {
      desk.close();
      mail.close();
    }

    scrapes.set(
      'processing',
      // Both overdue alerts — the dossier's and its first step's — fire in separate timer passes;
      // wait for both, so the scrape cannot fall between them.
      await waitFor('the dossier and step overdue alerts fired by processing', async () => {
        const s = await metricsOf('processing');
        const fired = find(s, 'onestop_deadline_timers_fired_total', { alert: 'overdue', deadline: 'dossier', outcome: 'fired' });
        const accepted = find(s, 'onestop_commands_total', { command: 'FireDeadlineAlert', outcome: 'accepted' });
        return (fired[0]?.value ?? 0) >= 1 && (accepted[0]?.value ?? 0) >= 2 ? s : undefined;
      }),
    );
    scrapes.set(
      'postal-delivery',
      await waitFor('the provider order made by postal-delivery', async () => {
        const s = await metricsOf('postal-delivery');
        return find(s, 'onestop_provider_calls_total', { operation: 'create_order', outcome: 'ok' }).length > 0 ? s : undefined;
      }),
    );
    scrapes.set(
      'reporting',
      await waitFor("reporting's read models caught up", async () => {
        const s = await metricsOf('reporting');
        const lag = find(s, 'onestop_consumer_lag_messages', { service: 'reporting' });
        return lag.length > 0 && lag.every((l) => l.value === 0) ? s : undefined;
      }),
    );
    scrapes.set('intake', await metricsOf('intake'));
  });

  afterAll(async () => {
    await platform?.stopAll();
  });

  it('processing: deadline timers pending and fired, by alert and deadline', () => {
    const s = scrapes.get('processing')!;
    expect(s.families.get('onestop_deadline_timers_pending')).toBe('gauge');
    expect(s.families.get('onestop_deadline_timers_late')).toBe('gauge');
    expect(s.families.get('onestop_deadline_timers_fired_total')).toBe('counter');
    expect(s.families.get('onestop_deadline_timer_fire_delay_seconds')).toBe('histogram');
    const pending = find(s, 'onestop_deadline_timers_pending');
    expect(pending.map((p) => `${p.labels.deadline}_${p.labels.alert}`).sort()).toEqual(
      ['dossier_due_soon', 'dossier_overdue', 'step_due_soon', 'step_overdue'].sort(),
    );
    expect(find(s, 'onestop_deadline_timers_fired_total', { alert: 'due_soon', deadline: 'dossier' }).length).toBeGreaterThanOrEqual(1);
    expect(find(s, 'onestop_deadline_timers_fired_total', { alert: 'overdue', deadline: 'dossier', outcome: 'fired' })[0]?.value).toBe(1);
    expect(find(s, 'onestop_commands_total', { command: 'FireDeadlineAlert', outcome: 'accepted' })[0]?.value).toBeGreaterThanOrEqual(2);
  });

  it('postal-delivery: provider calls and attempts by operation and outcome, the circuit closed', () => {
    const s = scrapes.get('postal-delivery')!;
    expect(
      find(s, 'onestop_provider_attempts_total', { provider: 'postal', operation: 'create_order', outcome: 'answered' })[0]?.value,
    ).toBeGreaterThanOrEqual(1);
    expect(
      find(s, 'onestop_provider_call_duration_seconds_count', { provider: 'postal', operation: 'create_order', outcome: 'ok' })[0]?.value,
    ).toBeGreaterThanOrEqual(1);
    const state = Object.fromEntries(
      find(s, 'onestop_provider_circuit_state', { provider: 'postal' }).map((x) => [x.labels.state, x.value]),
    );
    expect(state).toEqual({ closed: 1, open: 0, half_open: 0 });
    expect(s.families.get('onestop_provider_circuit_transitions_total')).toBe('counter');
  });

  it("reporting: the read models' lag behind each topic partition, caught up", () => {
    const s = scrapes.get('reporting')!;
    const lag = find(s, 'onestop_consumer_lag_messages', { service: 'reporting' });
    expect(new Set(lag.map((l) => l.labels.topic)).size).toBeGreaterThanOrEqual(1);
    expect(lag.every((l) => /^reporting\./.test(l.labels.group) && /^\d+$/.test(l.labels.partition))).toBe(true);
  });

  it('every service: gRPC, commands, outbox, consumers and Node process families', () => {
    for (const name of SERVICES) {
      const s = scrapes.get(name)!;
      for (const family of [
        'grpc_server_handled_total',
        'grpc_server_handling_seconds',
        'onestop_commands_total',
        'onestop_outbox_backlog_events',
        'onestop_outbox_publish_lag_seconds',
        'onestop_consumer_lag_messages',
        'onestop_consumer_handler_duration_seconds',
        'onestop_consumer_dead_letters_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
      ])
        expect({ name, family, present: s.families.has(family) }).toEqual({ name, family, present: true });
    }
  });

  it('every metric the dashboards and alert rules use exists on the running services', () => {
    const families = new Set(['up', ...[...scrapes.values()].flatMap((s) => [...s.families.keys()])]);
    const used = [...dashboardExpressions(), ...alertExpressions()];
    expect(used.length).toBeGreaterThan(40);
    const unknown = used.flatMap((e) => e.metrics.filter((m) => familyOf(m, families) === undefined).map((m) => `${e.where}: ${m}`));
    expect(unknown).toEqual([]);
  });
});
