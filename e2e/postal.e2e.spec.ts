// The postal public service (BCCI) through the running services and the provider simulator, all
// started as processes: a dossier collected by the post (with the provider down at first), handed
// over to the desk and received with channel postal; processed; its result delivered by post
// through duplicated, reordered and badly signed callbacks (polling recovers the refused one);
// intake records the result returned. Every step is an event on Kafka.
import { common, postal, postalEvents } from '@onestop/contracts';
import { createKafka, fromKafkaMessage, readTopicToEnd } from '@onestop/messaging';
import { call, grpcClient } from '@onestop/grpc-kit';
import { intakeClient, processingClient, tokenFor } from './support/clients';
import { requestId } from './support/fixtures';
import { createPlatform, type Platform } from './support/platform';
import { waitFor } from './support/wait';
import { direct, waitForCase, walkThroughAgency } from './support/walk';

jest.setTimeout(300_000);

const State = postalEvents.ShipmentState;
const N = common.NationalStatus;
const API_KEY = 'e2e-postal-api-key';
const SECRET = 'e2e-postal-webhook-secret';

describe('postal public service through the running platform', () => {
  let platform: Platform;
  let simulator: string;
  let mail: postal.PostalServiceClient;
  let desk: ReturnType<typeof intakeClient>;
  let agency: ReturnType<typeof processingClient>;

  const sim = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${simulator}/_admin${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const advance = async (waybill: string, ...statuses: { status_code: number; status_at?: string; cod_amount?: number }[]) => {
    for (const s of statuses) await sim('POST', `/orders/${waybill}/advance`, s);
  };
  const callbacksOf = async (waybill: string) =>
    (await sim('GET', '/callbacks')).callbacks.filter((c: any) => c.waybill_number === waybill);

  beforeAll(async () => {
    platform = await createPlatform();
    simulator = platform.env.PROVIDER_BASE_URL!;
    // One setting serves both ends: the simulator takes the platform's PROVIDER_* and WEBHOOK_URL.
    const provider = { PROVIDER_API_KEY: API_KEY, PROVIDER_WEBHOOK_SECRET: SECRET };
    await platform.start('postal-simulator', provider);
    await waitFor('the simulator', async () => ((await fetch(`${simulator}/_admin/health`).catch(() => undefined))?.ok ? true : undefined));
    await Promise.all([platform.start('intake'), platform.start('processing')]);
    await platform.start('postal-delivery', {
      ...provider,
      PROVIDER_TIMEOUT_MS: '2000',
      PROVIDER_BREAKER_COOLDOWN_MS: '1000',
      WORK_INTERVAL_MS: '200',
      WORK_BACKOFF_BASE_MS: '200',
      WORK_BACKOFF_MAX_MS: '1000',
      POLL_INTERVAL_MS: '1500',
    });
    mail = grpcClient(postal.PostalServiceClient, platform.address('postal-delivery'));
    desk = intakeClient(platform.address('intake'));
    agency = processingClient(platform.address('processing'));
  });

  afterAll(async () => {
    for (const c of [mail, desk, agency]) c?.close();
    await platform?.stopAll();
  });

  it('collects a dossier, hands it to the desk, delivers its result, every step an event', async () => {
    const portal = await tokenFor({ officerId: 'portal', role: 'citizen_portal', unitCode: 'PORTAL' });
    const postman = await tokenFor({ officerId: 'bd-0042', role: 'postal_provider', unitCode: 'VNPOST' });
    const officer = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const leader = await tokenFor({ officerId: 'ld01', role: 'leader', unitCode: 'TCKH' });
    const specialist = await tokenFor({ officerId: 'cv01', role: 'specialist', unitCode: 'TCKH' });
    const shipments = async (key: postal.GetShipmentRequest['key']) =>
      (await call(mail.getShipment.bind(mail), { key }, { token: officer })).shipments;

    // Dossier leg, with the provider down when the pickup is requested.
    await sim('POST', '/faults', { down: true });
    const requested = await call(
      mail.requestPickup.bind(mail),
      {
        requestId: requestId('pickup'),
        unitCode: 'TRUCNINH',
        procedureCode: 'TCKH-01',
        applicant: {
          fullName: 'Trần Thị Bình',
          idNumber: '036190004321',
          address: 'Xóm 5, xã Trực Đại, huyện Trực Ninh',
          phone: '0987654321',
          email: '',
        },
        pickupFrom: undefined,
        resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
        note: 'gọi trước khi đến',
      },
      { token: portal },
    );
    const pickupId = requested.shipment!.shipmentId;
    expect(requested.shipment!.state).toBe(State.SHIPMENT_STATE_REQUESTED);
    await waitFor('retries while the provider is down', async () =>
      (await sim('GET', '/stats')).by_route['POST /v1/orders'] >= 2 ? true : undefined,
    );
    expect((await shipments({ $case: 'shipmentId', shipmentId: pickupId }))[0].state).toBe(State.SHIPMENT_STATE_REQUESTED);
    await sim('POST', '/faults', {});
    const ordered = await waitFor('the order once the provider is back', async () => {
      const [s] = await shipments({ $case: 'shipmentId', shipmentId: pickupId });
      return s.waybillNumber ? s : undefined;
    });
    expect((await sim('GET', `/orders?order_number=${ordered.orderNumber}`)).orders).toHaveLength(1);

    // Duplicated callbacks while the postman collects.
    await sim('POST', '/faults', { duplicate_callbacks: true });
    await advance(ordered.waybillNumber, { status_code: 2 }, { status_code: 4 });
    const tally = await call(
      mail.recordCollection.bind(mail),
      postal.RecordCollectionRequest.fromPartial({
        requestId: requestId('collect'),
        shipmentId: pickupId,
        documents: [
          { componentCode: 'GIAYDK', form: common.DocumentForm.DOCUMENT_FORM_ORIGINAL, count: 1, fileRef: '' },
          { componentCode: 'CCCD', form: common.DocumentForm.DOCUMENT_FORM_COPY, count: 1, fileRef: '' },
        ],
        sealed: true,
        feesCollectedVnd: 100_000,
        feeReceiptNumber: 'BL-2024-000777',
      }),
      { token: postman },
    );
    expect(tally.missing).toEqual([]);
    await advance(
      ordered.waybillNumber,
      { status_code: 6 },
      { status_code: 7 },
      { status_code: 10 },
      { status_code: 12 },
      { status_code: 14 },
    );
    await sim('POST', '/faults', {});
    await waitFor('the dossier at the desk', async () =>
      (await shipments({ $case: 'shipmentId', shipmentId: pickupId }))[0].state === State.SHIPMENT_STATE_DELIVERED ? true : undefined,
    );
    const atDesk = (await shipments({ $case: 'shipmentId', shipmentId: pickupId }))[0];
    const reports = atDesk.tracking.filter((t) => t.event === 'ProviderStatusReported').map((t) => t.providerStatusCode);
    expect(reports.filter((c) => c === 4)).toHaveLength(1);

    await call(
      mail.recordHandover.bind(mail),
      postal.RecordHandoverRequest.fromPartial({
        requestId: requestId('handover'),
        shipmentId: pickupId,
        handedBy: 'bd-0042',
        documents: tally.shipment!.collection!.documents,
        feesHandedOverVnd: 100_000,
        feeReceiptNumber: 'BL-2024-000777',
      }),
      { token: officer },
    );
    const submitted = await waitFor('intake to receive the dossier', async () => {
      const [s] = await shipments({ $case: 'shipmentId', shipmentId: pickupId });
      return s.deskAcknowledged ? s : undefined;
    });
    expect(submitted.deskOutcome).toBe(postalEvents.DeskOutcome.DESK_OUTCOME_RECEIVED);
    const dossierCode = submitted.dossierCode;
    const dossierId = submitted.dossierId;
    const dossier = (await call(desk.getDossier.bind(desk), { key: { $case: 'dossierCode', dossierCode } }, { token: officer })).dossier!;
    expect(dossier.channel).toBe(common.Channel.CHANNEL_POSTAL);
    expect(dossier.resultDelivery).toBe(common.ResultDelivery.RESULT_DELIVERY_POST);

    // Processing issues the result.
    await waitForCase(agency, dossierId, leader);
    await walkThroughAgency(direct(agency), dossierId, { leader, specialist }, { requestId, documentNumber: '07A8009999' });

    // Result leg: a shipment at the provider, order number = dossier code + KQ.
    const result = await waitFor('the result shipment', async () => {
      const both = await shipments({ $case: 'dossierCode', dossierCode }).catch(() => []);
      return both.find((s) => s.leg === postalEvents.Leg.LEG_RESULT && s.waybillNumber);
    });
    expect(result.orderNumber).toBe(`${dossierCode}-KQ`);
    expect(result.shipmentId).toBe(dossierId);

    // Reordered callbacks: sent newest first; the shipment ends in transit, the others recorded as late.
    await sim('POST', '/faults', { reorder_callbacks: true });
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    await advance(
      result.waybillNumber,
      { status_code: 4, status_at: at(1) },
      { status_code: 6, status_at: at(2) },
      { status_code: 7, status_at: at(3) },
      { status_code: 10, status_at: at(4) },
    );
    await sim('POST', '/callbacks/flush');
    const inTransit = await waitFor('the late statuses recorded', async () => {
      const [s] = await shipments({ $case: 'waybillNumber', waybillNumber: result.waybillNumber });
      return s.tracking.filter((x) => x.event === 'ProviderStatusReported').length >= 5 ? s : undefined;
    });
    expect(inTransit.state).toBe(State.SHIPMENT_STATE_IN_TRANSIT);
    expect(inTransit.tracking.filter((x) => [4, 6, 7].includes(x.providerStatusCode)).every((x) => !x.applied)).toBe(true);

    // A badly signed callback is refused; polling finds the status anyway.
    await sim('POST', '/faults', { bad_signature_next: 1 });
    await advance(result.waybillNumber, { status_code: 12, status_at: at(5) });
    await waitFor('the refused callback', async () =>
      (await callbacksOf(result.waybillNumber)).some((c: any) => c.status_code === 12 && c.response_status === 401) ? true : undefined,
    );
    const polled = await waitFor('polling to find the status', async () => {
      const [s] = await shipments({ $case: 'shipmentId', shipmentId: dossierId });
      return s.state === State.SHIPMENT_STATE_OUT_FOR_DELIVERY ? s : undefined;
    });
    expect(polled.tracking.find((x) => x.providerStatusCode === 12)?.source).toBe(postalEvents.StatusSource.STATUS_SOURCE_POLL);

    await advance(result.waybillNumber, { status_code: 14, status_at: at(6) });
    await waitFor('the desk to record the result returned', async () => {
      const d = (await call(desk.getDossier.bind(desk), { key: { $case: 'dossierId', dossierId } }, { token: officer })).dossier!;
      return d.status === N.NATIONAL_STATUS_RESULT_RETURNED ? d : undefined;
    });
    const delivered = (await shipments({ $case: 'shipmentId', shipmentId: dossierId }))[0];
    await waitFor('the acknowledgment', async () =>
      (await shipments({ $case: 'shipmentId', shipmentId: dossierId }))[0].deskAcknowledged ? true : undefined,
    );
    expect(delivered.state).toBe(State.SHIPMENT_STATE_DELIVERED);

    // Every step is an event on Kafka.
    const kafka = createKafka({ brokers: platform.env.KAFKA_BROKERS ?? '127.0.0.1:9092', clientId: 'e2e-postal' });
    const onTopic = await waitFor('the postal events on Kafka', async () => {
      const events: { type: string; streamId: string; source: string }[] = [];
      await readTopicToEnd(kafka, `${platform.env.KAFKA_TOPIC_PREFIX}onestop.postal.events.v1`, (m) => {
        const e = fromKafkaMessage(m, m.topic, m.partition);
        events.push({ type: e.type.replace('onestop.postal.v1.', ''), streamId: e.streamId, source: e.source });
      });
      return events.some((e) => e.type === 'ResultOutcomeRecordedAtDesk') ? events : undefined;
    });
    const stepsOf = (id: string) => onTopic.filter((e) => e.streamId === id).map((e) => e.type);
    const kinds = (id: string) => [...new Set(stepsOf(id))].sort();
    expect(stepsOf(pickupId)[0]).toBe('PickupRequested');
    expect(stepsOf(pickupId).at(-1)).toBe('DossierSubmittedToDesk');
    expect(kinds(pickupId)).toEqual([
      'DossierCollected',
      'DossierHandedOver',
      'DossierSubmittedToDesk',
      'PickupRequested',
      'ProviderOrderAccepted',
      'ProviderStatusReported',
    ]);
    expect(stepsOf(dossierId)[0]).toBe('ResultShipmentRequested');
    expect(stepsOf(dossierId).at(-1)).toBe('ResultOutcomeRecordedAtDesk');
    expect(kinds(dossierId)).toEqual([
      'ProviderOrderAccepted',
      'ProviderStatusReported',
      'ResultDelivered',
      'ResultOutcomeRecordedAtDesk',
      'ResultShipmentRequested',
    ]);
    expect(onTopic.every((e) => e.source === 'onestop.postal-delivery')).toBe(true);
  });
});
