// Each service's own /metrics after real calls: gRPC calls by method and code with latency
// histograms, consumer lag and handler latency per topic/partition, the command and outbox
// families, Node process metrics — and no personal data anywhere in it.
import * as grpc from '@grpc/grpc-js';
import { call, intakeClient, tokenFor } from './support/clients';
import { applicant, householdBusiness } from './support/fixtures';
import { find, scrape, type Scrape } from './support/metrics';
import { createPlatform, type Platform } from './support/platform';
import { waitFor } from './support/wait';

jest.setTimeout(180_000);

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
