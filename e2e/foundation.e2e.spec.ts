// The slice that proves the foundation: a dossier submitted at the desk is stored as an event,
// reaches Kafka as a CloudEvent, is projected by reporting into its read model, and is served by
// reporting's GetDossier — all through running processes.
import * as grpc from '@grpc/grpc-js';
import { common, decodeEvent, type intakeEvents } from '@onestop/contracts';
import { createKafka, fromKafkaMessage, readTopicToEnd } from '@onestop/messaging';
import { call, intakeClient, reportingClient, tokenFor } from './support/clients';
import { householdBusiness } from './support/fixtures';
import { createPlatform, type Platform } from './support/platform';
import { listServices } from './support/reflection';
import { waitFor } from './support/wait';

jest.setTimeout(180_000);

describe('foundation slice: desk → event store → Kafka → reporting read model', () => {
  let platform: Platform;
  let intake: ReturnType<typeof intakeClient>;
  let reporting: ReturnType<typeof reportingClient>;

  beforeAll(async () => {
    platform = await createPlatform();
    await Promise.all([platform.start('intake'), platform.start('reporting')]);
    intake = intakeClient(platform.address('intake'));
    reporting = reportingClient(platform.address('reporting'));
  });

  afterAll(async () => {
    intake?.close();
    reporting?.close();
    await platform?.stopAll();
  });

  it('serves a submitted dossier from reporting, and publishes it on Kafka as a CloudEvent', async () => {
    const desk = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const res = await call(intake.submitDossier.bind(intake), householdBusiness(), { token: desk, correlationId: 'e2e-foundation' });
    expect(res.outcome?.$case).toBe('received');
    const received = res.outcome?.$case === 'received' ? res.outcome.received : undefined;

    const auditor = await tokenFor({ officerId: 'audit01', role: 'auditor', unitCode: 'TRUCNINH' });
    const view = await waitFor('reporting to project the dossier', async () => {
      const r = await call(
        reporting.getDossier.bind(reporting),
        { key: { $case: 'dossierId', dossierId: received!.dossierId } },
        { token: auditor },
      ).catch((e: grpc.ServiceError) => {
        if (e.code === grpc.status.NOT_FOUND) return undefined;
        throw e;
      });
      return r?.dossier;
    });
    expect(view.dossierCode).toBe(received!.dossierCode);
    expect(view.status).toBe(common.NationalStatus.NATIONAL_STATUS_RECEIVED);
    expect(view.channel).toBe(common.Channel.CHANNEL_COUNTER);
    expect(view.dueAt).toEqual(received!.dueAt);

    const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!, clientId: 'e2e-foundation' });
    const envelopes: ReturnType<typeof fromKafkaMessage>[] = [];
    await readTopicToEnd(kafka, `${platform.env.KAFKA_TOPIC_PREFIX}onestop.intake.events.v1`, (m) => {
      if (m.key?.toString() === received!.dossierId) envelopes.push(fromKafkaMessage({ ...m, offset: m.offset }, m.topic, m.partition));
    });
    expect(envelopes).toHaveLength(1);
    const e = envelopes[0];
    expect(e.type).toBe('onestop.intake.v1.DossierReceived');
    expect(e.source).toBe('onestop.intake');
    expect(e.subject).toBe(received!.dossierId);
    expect(e.streamVersion).toBe(1);
    expect(e.prevHash).toBe('');
    expect(e.metadata.correlationId).toBe('e2e-foundation');
    expect(e.metadata.actor).toEqual({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    expect(decodeEvent<intakeEvents.DossierReceived>(e.type, e.data).dossierCode).toBe(received!.dossierCode);
  });

  it('refuses an unauthenticated call and names the bad fields of a malformed request', async () => {
    const unauth = await call(reporting.getDossier.bind(reporting), { key: { $case: 'dossierId', dossierId: 'x' } }).catch((e) => e);
    expect(unauth.code).toBe(grpc.status.UNAUTHENTICATED);
    const desk = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const bad = await call(intake.submitDossier.bind(intake), householdBusiness({ requestId: '', procedureCode: '' }), {
      token: desk,
    }).catch((e) => e);
    expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('exposes health and reflection on every service, so stock tools can list and call them', async () => {
    expect(await listServices(platform.address('intake'))).toEqual(
      expect.arrayContaining(['onestop.intake.v1.IntakeService', 'grpc.health.v1.Health']),
    );
    expect(await listServices(platform.address('reporting'))).toEqual(expect.arrayContaining(['grpc.health.v1.Health']));
  });
});
