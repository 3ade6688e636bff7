// Consuming intake's events from a real Kafka topic into the real store: a received dossier opens
// its case exactly once, however often the event is delivered.
import { randomUUID } from 'node:crypto';
import { ensureTopics, EventConsumer, KafkaEventPublisher } from '@onestop/messaging';
import { decodeCaseEvent } from '../store/case-streams';
import { at } from '../../domain/fixtures.spec';
import {
  deleteTopics,
  intakeEvent,
  processingOn,
  receivedDossier,
  TestClock,
  testDatabase,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type Processing,
} from '../../int-support.spec';
import { intakeFactsHandler } from './intake-facts-consumer';

const kafka = testKafka();
const intakeTopic = uniqueName('intake').replace(/_/g, '.');
const deadLetters = uniqueName('dlq').replace(/_/g, '.');
const clock = new TestClock(at('2020-10-05 09:00'));
const fastGroup = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 300, rebalanceTimeoutMs: 10_000, maxWaitTimeMs: 200 };
let database: Awaited<ReturnType<typeof testDatabase>>;
let p: Processing;

beforeAll(async () => {
  database = await testDatabase();
  p = await processingOn(database.db, clock);
  await ensureTopics(kafka, [intakeTopic, deadLetters]);
});
afterAll(async () => {
  await deleteTopics(kafka, [intakeTopic, deadLetters]);
  await database.drop();
});

function consumer(groupId: string) {
  return new EventConsumer(kafka, {
    groupId,
    topics: [intakeTopic],
    deadLetterTopic: deadLetters,
    handler: intakeFactsHandler(p.facts, testLogger),
    logger: testLogger,
    ...fastGroup,
  });
}

async function types(dossierId: string): Promise<string[]> {
  return (await p.store.readStream(dossierId)).map((e) => decodeCaseEvent(e).type);
}

it('opens a case exactly once under redelivery, and applies a later withdrawal once', async () => {
  const dossiers = [receivedDossier(), receivedDossier(), receivedDossier()];
  const received = dossiers.map((d) => intakeEvent('DossierReceived', d.dossierId, 1, d));
  const withdrawn = intakeEvent('DossierWithdrawn', dossiers[2].dossierId, 2, {
    dossierId: dossiers[2].dossierId,
    withdrawnAt: at('2020-10-05 10:00'),
  });
  const unrelated = intakeEvent('SatisfactionEvaluated', dossiers[0].dossierId, 2, {
    dossierId: dossiers[0].dossierId,
    scores: [],
    comment: '',
    evaluatedAt: at('2020-10-05 10:00'),
  });
  const publisher = new KafkaEventPublisher(kafka, intakeTopic, { logger: testLogger });
  await publisher.connect();
  // Every event twice (what a relay that crashed before marking them sent does), and out of batch.
  await publisher.publish([...received, unrelated]);
  await publisher.publish([...received, withdrawn]);
  await publisher.publish([withdrawn]);

  // Two groups at once: the live consumer and, say, a replay from the beginning.
  const groups = [consumer(`g-${randomUUID()}`), consumer(`g-${randomUUID()}`)];
  for (const g of groups) await g.start();
  try {
    for (const g of groups) await g.waitUntilCaughtUp({ timeoutMs: 30_000 });
  } finally {
    for (const g of groups) await g.stop();
  }
  await publisher.disconnect();

  expect(await types(dossiers[0].dossierId)).toEqual(['CaseOpened']);
  expect(await types(dossiers[1].dossierId)).toEqual(['CaseOpened']);
  expect(await types(dossiers[2].dossierId)).toEqual(['CaseOpened', 'CaseWithdrawn']);
  const opened = decodeCaseEvent((await p.store.readStream(dossiers[0].dossierId))[0]);
  expect(opened.data).toMatchObject({ dossierCode: dossiers[0].dossierCode, agencyCode: 'TUPHAP', sourceEventId: received[0].id });
  // Who handed it over: the desk officer in the intake event's metadata.
  expect((await p.store.readStream(dossiers[0].dossierId))[0].metadata).toMatchObject({
    causationId: received[0].id,
    actor: { officerId: 'desk-1' },
  });
  // And the work queue shows it as new at the agency.
  await waitFor('the work item', () => p.items.get(dossiers[0].dossierId));
  expect(await p.items.get(dossiers[0].dossierId)).toMatchObject({ phase: 'in_progress', assigneeId: '', agencyCode: 'TUPHAP' });
});
