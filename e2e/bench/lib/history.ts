// A synthetic event history, produced straight to the platform's Kafka topics in the format the
// services publish (CloudEvents headers, protobuf payloads): ten events per dossier from intake,
// processing and postal-delivery — received, case opened, assigned, two steps, result issued,
// result shipment requested and accepted, returned, evaluated. Far faster than driving the
// services, so a replay can be measured over a history of 100,000 events.
import { randomUUID } from 'node:crypto';
import { encodeEvent } from '@onestop/contracts';
import { ensureTopics, toKafkaMessage, type KafkaClient } from '@onestop/messaging';

export const EVENTS_PER_DOSSIER = 10;
/** Dossiers whose events go in one sendBatch call (to the three topics at once). */
const CHUNK_DOSSIERS = 200;
/** sendBatch calls in flight at once. */
const IN_FLIGHT = 4;

export function historyTopics(prefix: string) {
  return {
    intake: `${prefix}onestop.intake.events.v1`,
    processing: `${prefix}onestop.processing.events.v1`,
    postal: `${prefix}onestop.postal.events.v1`,
    deadLetter: `${prefix}onestop.deadletter.v1`,
  };
}

type Topic = 'intake' | 'processing' | 'postal';
const SOURCES: Record<Topic, string> = { intake: 'onestop.intake', processing: 'onestop.processing', postal: 'onestop.postal-delivery' };
const PACKAGES: Record<Topic, string> = { intake: 'onestop.intake.v1', processing: 'onestop.processing.v1', postal: 'onestop.postal.v1' };

interface Planned {
  topic: Topic;
  message: string;
  payload: Record<string, unknown>;
  at: Date;
}

/** The ten events of dossier number `n`, received on day `n / 200` of 2024. */
function dossierEvents(d: string, n: number): Planned[] {
  const day = new Date(Date.UTC(2024, 0, 2) + Math.floor(n / 200) * 86_400_000);
  const at = (hours: number) => new Date(day.getTime() + hours * 3_600_000 + (n % 200) * 1_000);
  const code = `TRUCNINH-${day.toISOString().slice(2, 10).replace(/-/g, '')}-${String(n % 10_000).padStart(4, '0')}`;
  return [
    {
      topic: 'intake',
      message: 'DossierReceived',
      at: at(1),
      payload: {
        dossierId: d,
        dossierCode: code,
        unitCode: 'TRUCNINH',
        procedureCode: 'TCKH-01',
        procedureName: 'Đăng ký hộ kinh doanh',
        fieldCode: 'TCKH',
        agencyCode: 'TCKH',
        level: 'district',
        channel: 1,
        applicant: {
          fullName: `Nguyễn Văn ${n}`,
          idNumber: `0360900${String(n % 100_000).padStart(5, '0')}`,
          address: 'Trực Ninh',
          phone: '0912345678',
          email: '',
        },
        receivedAt: at(1),
        clockStartedAt: at(1),
        dueAt: at(72),
        statutoryWorkingHours: 24,
        registerBook: '2024',
        registerRow: n + 1,
        resultDelivery: 2,
      },
    },
    {
      topic: 'processing',
      message: 'CaseOpened',
      at: at(2),
      payload: {
        dossierId: d,
        status: 4,
        dossierCode: code,
        unitCode: 'TRUCNINH',
        agencyCode: 'TCKH',
        receivedAt: at(1),
        handOff: { fromUnitCode: 'TRUCNINH', toUnitCode: 'TCKH', handedAt: at(2), givenBy: 'desk01' },
      },
    },
    {
      topic: 'processing',
      message: 'OfficerAssigned',
      at: at(3),
      payload: { dossierId: d, status: 4, officerId: 'cv01', assignedBy: 'ld01', assignedAt: at(3), stepCode: 'assign' },
    },
    {
      topic: 'processing',
      message: 'StepCompleted',
      at: at(20),
      payload: { dossierId: d, status: 4, stepCode: 'appraise', completedBy: 'cv01', completedAt: at(20), timeliness: 1 },
    },
    {
      topic: 'processing',
      message: 'StepCompleted',
      at: at(30),
      payload: { dossierId: d, status: 4, stepCode: 'approve', completedBy: 'ld01', completedAt: at(30), timeliness: 1 },
    },
    {
      topic: 'processing',
      message: 'ResultIssued',
      at: at(31),
      payload: {
        dossierId: d,
        status: 9,
        resultSummary: 'Giấy chứng nhận',
        documentNumber: `GCN-${n}`,
        issuedBy: 'ld01',
        issuedAt: at(31),
        processingStartedAt: at(1),
        processingEndedAt: at(31),
        dueAt: at(72),
        timeliness: 1,
      },
    },
    { topic: 'postal', message: 'ResultShipmentRequested', at: at(32), payload: { shipmentId: d, dossierId: d, requestedAt: at(32) } },
    {
      topic: 'postal',
      message: 'ProviderOrderAccepted',
      at: at(33),
      payload: { shipmentId: d, leg: 2, orderNumber: `O-${n}`, waybillNumber: `WB-${n}`, acceptedAt: at(33) },
    },
    {
      topic: 'intake',
      message: 'ResultReturned',
      at: at(50),
      payload: { dossierId: d, method: 2, returnedAt: at(50), recipientName: `Nguyễn Văn ${n}`, waybillNumber: `WB-${n}` },
    },
    {
      topic: 'intake',
      message: 'SatisfactionEvaluated',
      at: at(51),
      payload: { dossierId: d, scores: [{ criterion: 'thái độ phục vụ', score: 5 }], comment: '', evaluatedAt: at(51) },
    },
  ];
}

/**
 * Produces `dossiers` × 10 events onto the topics under `prefix` (created when missing), in
 * batches with acks from all replicas. Resolves with the count and the time it took.
 */
export async function produceHistory(
  kafka: KafkaClient,
  prefix: string,
  dossiers: number,
  firstDossier = 0,
): Promise<{ events: number; seconds: number; dossierIds: string[] }> {
  const topics = historyTopics(prefix);
  await ensureTopics(kafka, Object.values(topics));
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const started = Date.now();
  const dossierIds: string[] = [];
  let events = 0;
  const inFlight = new Set<Promise<unknown>>();
  try {
    for (let first = firstDossier; first < firstDossier + dossiers; first += CHUNK_DOSSIERS) {
      const messages: Record<Topic, ReturnType<typeof toKafkaMessage>[]> = { intake: [], processing: [], postal: [] };
      for (let n = first; n < Math.min(first + CHUNK_DOSSIERS, firstDossier + dossiers); n++) {
        const d = randomUUID();
        dossierIds.push(d);
        const versions: Record<Topic, number> = { intake: 0, processing: 0, postal: 0 };
        for (const e of dossierEvents(d, n)) {
          const type = `${PACKAGES[e.topic]}.${e.message}`;
          messages[e.topic].push(
            toKafkaMessage({
              id: randomUUID(),
              streamId: d,
              version: ++versions[e.topic],
              type,
              data: encodeEvent(type, e.payload),
              recordedAt: e.at,
              metadata: { actor: { officerId: 'bench', role: 'desk_officer', unitCode: 'TRUCNINH' } },
              hash: 'bench-not-chained',
              source: SOURCES[e.topic],
            }),
          );
          events++;
        }
      }
      const sending = producer.sendBatch({
        acks: -1,
        topicMessages: (['intake', 'processing', 'postal'] as const).map((t) => ({ topic: topics[t], messages: messages[t] })),
      });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending)).catch(() => undefined);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
  return { events, seconds: (Date.now() - started) / 1000, dossierIds };
}
