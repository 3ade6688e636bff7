// Processing's events as the desk's consumer receives them, handled into the desk's stream on the
// real event store. Envelopes are built as the messaging library delivers them; which events change
// the status is processing's contract (proto/onestop/processing/v1/events.proto).
import { encodeEvent } from '@onestop/contracts';
import type { EventEnvelope } from '@onestop/messaging';
import { doc, F, NationalStatus, vn } from '../../testing/fixtures.spec';
import { counterSubmission, type DeskHarness, meta, openDesk, rid } from '../../testing/desk-harness.spec';
import { processingFactsHandler } from './processing-facts';

let h: DeskHarness;
let handle: (e: EventEnvelope) => Promise<void>;

beforeAll(async () => {
  h = await openDesk('pfacts');
  handle = processingFactsHandler(h.desk);
});

afterAll(async () => {
  await h?.close();
});

function envelope(dossierId: string, name: string, payload: Record<string, unknown>, time: Date, id = rid(name)): EventEnvelope {
  const type = `onestop.processing.v1.${name}`;
  return {
    id,
    source: 'onestop.processing',
    type,
    subject: dossierId,
    time,
    data: encodeEvent(type, { dossierId, ...payload }),
    streamId: dossierId,
    streamVersion: 1,
    hash: 'h',
    prevHash: null,
    metadata: {},
    topic: 'onestop.processing.events.v1',
    partition: 0,
    offset: '0',
  };
}

async function received(): Promise<string> {
  h.clock.now = vn('2026-03-04 09:00');
  const res = await h.desk.submitDossier(counterSubmission({ procedureCode: 'TP-HT-03' }), meta(rid('submit')));
  if (res.outcome?.$case !== 'received') throw new Error(`expected a receipt, got ${res.outcome?.$case}`);
  return res.outcome.received.dossierId;
}

/** The ProcessingStatusNoted events of the dossier as [status, newDueAt, source type]. */
async function noted(dossierId: string) {
  const { events } = await h.streams.load(dossierId);
  return events.flatMap((e) =>
    e.type === 'ProcessingStatusNoted'
      ? [[e.data.status, e.data.newDueAt, e.data.sourceEventType.replace('onestop.processing.v1.', '')]]
      : [],
  );
}

describe('processing facts handler', () => {
  it('given the case opened, supplement, apology and result, when handled, then statuses and the new appointment are mirrored', async () => {
    const id = await received();
    await handle(envelope(id, 'CaseOpened', { status: NationalStatus.NATIONAL_STATUS_PROCESSING }, vn('2026-03-04 09:30')));
    await handle(
      envelope(
        id,
        'ApologyIssued',
        { status: NationalStatus.NATIONAL_STATUS_PROCESSING, newDueAt: vn('2026-03-12 17:00') },
        vn('2026-03-05 10:00'),
      ),
    );
    await handle(
      envelope(
        id,
        'ResultIssued',
        { status: NationalStatus.NATIONAL_STATUS_RESULT_READY, dueAt: vn('2026-03-12 17:00') },
        vn('2026-03-06 15:00'),
      ),
    );
    expect(await noted(id)).toEqual([
      [NationalStatus.NATIONAL_STATUS_PROCESSING, undefined, 'CaseOpened'],
      [NationalStatus.NATIONAL_STATUS_UNSPECIFIED, vn('2026-03-12 17:00'), 'ApologyIssued'],
      [NationalStatus.NATIONAL_STATUS_RESULT_READY, undefined, 'ResultIssued'],
    ]);
    const { state } = await h.streams.load(id);
    expect([state.status, state.dueAt, state.originalDueAt, state.resultReadyAt]).toEqual([
      NationalStatus.NATIONAL_STATUS_RESULT_READY,
      vn('2026-03-12 17:00'),
      vn('2026-03-09 09:00'),
      vn('2026-03-06 15:00'),
    ]);
  });

  it('given one event delivered twice, when handled, then it is mirrored once', async () => {
    const id = await received();
    const e = envelope(id, 'CaseOpened', { status: NationalStatus.NATIONAL_STATUS_PROCESSING }, vn('2026-03-04 09:30'));
    await handle(e);
    await handle(e);
    expect(await noted(id)).toEqual([[NationalStatus.NATIONAL_STATUS_PROCESSING, undefined, 'CaseOpened']]);
  });

  it('given a supplement the desk recorded, when a late processing event still repeats status 5, then the dossier is not sent back to waiting', async () => {
    const id = await received();
    await handle(envelope(id, 'CaseOpened', { status: NationalStatus.NATIONAL_STATUS_PROCESSING }, vn('2026-03-04 09:30')));
    await handle(
      envelope(id, 'SupplementRequested', { status: NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED }, vn('2026-03-05 09:00')),
    );
    h.clock.now = vn('2026-03-06 11:00');
    await h.desk.recordSupplement(id, [doc('GIAYKS', F.DOCUMENT_FORM_COPY)], meta(rid('supplement')));
    // emitted by processing before it consumed the desk's SupplementReceived: "repeats the current one"
    await handle(
      envelope(
        id,
        'Overdue',
        { status: NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED, dueAt: vn('2026-03-06 11:30') },
        vn('2026-03-06 11:30'),
      ),
    );
    await handle(envelope(id, 'CaseResumedAfterSupplement', { status: NationalStatus.NATIONAL_STATUS_PROCESSING }, vn('2026-03-06 11:40')));
    const { state } = await h.streams.load(id);
    expect([state.status, state.supplementCount, state.dueAt]).toEqual([
      NationalStatus.NATIONAL_STATUS_PROCESSING,
      1,
      vn('2026-03-10 11:00'),
    ]);
  });

  it('given an event that only repeats processing’s status, when handled, then no status is taken from it', async () => {
    const id = await received();
    await handle(envelope(id, 'StepCompleted', { status: NationalStatus.NATIONAL_STATUS_PROCESSING }, vn('2026-03-04 10:00')));
    await handle(
      envelope(id, 'DueSoon', { status: NationalStatus.NATIONAL_STATUS_PROCESSING, dueAt: vn('2026-03-09 09:00') }, vn('2026-03-06 09:00')),
    );
    expect(await noted(id)).toEqual([]);
  });

  it('given an event type this build does not know, when handled, then it is skipped', async () => {
    const id = await received();
    const e = {
      ...envelope(id, 'CaseOpened', { status: NationalStatus.NATIONAL_STATUS_PROCESSING }, vn('2026-03-04 09:30')),
      type: 'onestop.processing.v1.CaseTeleported',
    };
    await handle(e);
    expect(await noted(id)).toEqual([]);
  });
});
