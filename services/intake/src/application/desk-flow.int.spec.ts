// A dossier's life at the desk on the real event store, with the desk's clock driven by the test:
// received -> supplement requested (5) -> supplement recorded -> result ready (9) -> returned ->
// evaluated; Form 01 as issued; online submissions received by the desk.
import { common, type intake } from '@onestop/contracts';
import { PostgresEventStore, verifyChain } from '@onestop/eventstore';
import { Pool } from 'pg';
import { EVENT_SOURCE } from '../service';
import { applicant, C, doc, F, R, NationalStatus, vn } from '../testing/fixtures.spec';
import { counterSubmission, type DeskHarness, meta, openDesk, rid } from '../testing/desk-harness.spec';

let h: DeskHarness;

beforeAll(async () => {
  h = await openDesk('flow');
});

afterAll(async () => {
  await h?.close();
});

const processingFact = (dossierId: string, status: common.NationalStatus, at: Date, type: string) => ({
  dossierId,
  status,
  at,
  sourceEventId: rid(type),
  sourceEventType: `onestop.processing.v1.${type}`,
});

const portal = () => meta(rid('portal'), 'portal', 'citizen_portal', '');

describe('a dossier from receipt to evaluation (TP-HT-03: 3 working days, clock paused for supplements)', () => {
  let dossierId = '';
  let issuedSlip: intake.ReceiptSlip | undefined;

  it('is received on Wednesday 09:00 with the first code of the day and is due Monday 09:00', async () => {
    h.clock.now = vn('2026-03-04 09:00');
    const res = await h.desk.submitDossier(counterSubmission({ procedureCode: 'TP-HT-03' }), meta(rid('submit'), 'desk01'));
    if (res.outcome?.$case !== 'received') throw new Error(`expected a receipt, got ${res.outcome?.$case}`);
    const r = res.outcome.received;
    dossierId = r.dossierId;
    issuedSlip = r.receiptSlip;
    expect([r.dossierCode, r.receivedAt, r.dueAt]).toEqual(['TRUCNINH-260304-0001', vn('2026-03-04 09:00'), vn('2026-03-09 09:00')]);
  });

  it('waits for a supplement, gets it on Friday 11:00, and the due time moves by the 10 office hours waited', async () => {
    await h.desk.noteProcessingFact(
      processingFact(dossierId, NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED, vn('2026-03-05 09:00'), 'SupplementRequested'),
    );
    h.clock.now = vn('2026-03-06 11:00');
    const view = await h.desk.recordSupplement(dossierId, [doc('GIAYKS', F.DOCUMENT_FORM_ORIGINAL)], meta(rid('supplement'), 'desk02'));
    expect([view.status, view.dueAt, view.supplementCount, view.version]).toEqual([
      NationalStatus.NATIONAL_STATUS_PROCESSING,
      vn('2026-03-10 11:00'),
      1,
      3,
    ]);
  });

  it('is returned at the counter once processing has the result ready, and evaluated by the citizen online', async () => {
    await h.desk.noteProcessingFact(
      processingFact(dossierId, NationalStatus.NATIONAL_STATUS_RESULT_READY, vn('2026-03-10 10:00'), 'ResultIssued'),
    );
    h.clock.now = vn('2026-03-10 14:00');
    const returned = await h.desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'Nguyễn Văn An', meta(rid('return'), 'desk02'));
    expect([returned.status, returned.returnedAt]).toEqual([NationalStatus.NATIONAL_STATUS_RESULT_RETURNED, vn('2026-03-10 14:00')]);
    h.clock.now = vn('2026-03-10 20:30');
    const evaluated = await h.desk.evaluateSatisfaction(
      dossierId,
      [
        { criterion: 'timeliness', score: 5 },
        { criterion: 'courtesy', score: 4 },
      ],
      'Nhanh',
      portal(),
    );
    expect(evaluated.satisfaction).toEqual([
      { criterion: 'timeliness', score: 5 },
      { criterion: 'courtesy', score: 4 },
    ]);
  });

  it('leaves exactly these events in the stream, hash-chained, with who did what', async () => {
    const { events, actors } = await h.streams.load(dossierId);
    expect(
      events.map((e) => {
        switch (e.type) {
          case 'DossierReceived':
            return [e.type, e.data.dossierCode, e.data.dueAt, e.data.supplementPolicy];
          case 'ProcessingStatusNoted':
            return [e.type, e.data.status, e.data.at, e.data.sourceEventType];
          case 'SupplementReceived':
            return [e.type, e.data.policy, e.data.previousDueAt, e.data.newDueAt, e.data.waitedWorkingHours];
          case 'ResultReturned':
            return [e.type, e.data.method, e.data.returnedAt, e.data.recipientName, e.data.feesCollected];
          case 'SatisfactionEvaluated':
            return [e.type, e.data.scores.length, e.data.comment, e.data.evaluatedAt];
          default:
            return [e.type];
        }
      }),
    ).toEqual([
      ['DossierReceived', 'TRUCNINH-260304-0001', vn('2026-03-09 09:00'), 'pause'],
      [
        'ProcessingStatusNoted',
        NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED,
        vn('2026-03-05 09:00'),
        'onestop.processing.v1.SupplementRequested',
      ],
      ['SupplementReceived', 'pause', vn('2026-03-09 09:00'), vn('2026-03-10 11:00'), 10],
      ['ProcessingStatusNoted', NationalStatus.NATIONAL_STATUS_RESULT_READY, vn('2026-03-10 10:00'), 'onestop.processing.v1.ResultIssued'],
      ['ResultReturned', R.RESULT_DELIVERY_COUNTER, vn('2026-03-10 14:00'), 'Nguyễn Văn An', []],
      ['SatisfactionEvaluated', 2, 'Nhanh', vn('2026-03-10 20:30')],
    ]);
    expect(actors.map((a) => `${a?.officerId}/${a?.role}/${a?.unitCode}`)).toEqual([
      'desk01/desk_officer/TRUCNINH',
      'processing/service/TRUCNINH',
      'desk02/desk_officer/TRUCNINH',
      'processing/service/TRUCNINH',
      'desk02/desk_officer/TRUCNINH',
      'portal/citizen_portal/TRUCNINH',
    ]);
    expect(verifyChain(await h.store.readStream(dossierId))).toEqual([]);
  });

  it('shows the dossier by its code as the desk sees it at the end', async () => {
    const view = await h.desk.getDossier({ dossierCode: 'TRUCNINH-260304-0001' }, meta('', 'desk03'));
    expect(view).toMatchObject({
      dossierId,
      status: NationalStatus.NATIONAL_STATUS_RESULT_RETURNED,
      channel: C.CHANNEL_COUNTER,
      procedureCode: 'TP-HT-03',
      receivedAt: vn('2026-03-04 09:00'),
      dueAt: vn('2026-03-10 11:00'),
      returnedAt: vn('2026-03-10 14:00'),
      supplementCount: 1,
      version: 6,
      supplementPolicy: 'pause',
    });
    expect(view.documents.map((d) => d.componentCode)).toEqual(['TOKHAI', 'GIAYKS', 'CCCD', 'GIAYKS']);
  });

  it('prints Form 01 as it was issued: the receiving officer, the original appointment and the documents received', async () => {
    const slip = await h.desk.getReceiptSlip(dossierId, meta('', 'desk03'));
    expect(slip).toEqual({
      dossierCode: 'TRUCNINH-260304-0001',
      deskName: 'Bộ phận Một cửa UBND huyện Trực Ninh',
      applicant: applicant(),
      procedureCode: 'TP-HT-03',
      procedureName: 'Thay đổi, cải chính, bổ sung thông tin hộ tịch cho người từ đủ 14 tuổi',
      documents: [
        { componentCode: 'TOKHAI', name: 'Tờ khai thay đổi, cải chính hộ tịch', form: F.DOCUMENT_FORM_ORIGINAL, count: 1 },
        { componentCode: 'GIAYKS', name: 'Giấy khai sinh', form: F.DOCUMENT_FORM_COPY, count: 1 },
        { componentCode: 'CCCD', name: 'Căn cước công dân của người yêu cầu', form: F.DOCUMENT_FORM_COPY, count: 1 },
      ],
      statutoryTime: '3 ngày làm việc',
      receivedAt: vn('2026-03-04 09:00'),
      dueAt: vn('2026-03-09 09:00'),
      resultDelivery: R.RESULT_DELIVERY_COUNTER,
      registerBook: 'TRUCNINH-260304',
      registerRow: 1,
      receivedBy: 'desk01',
      feesCollected: [
        { code: 'LP-HT', name: 'Lệ phí hộ tịch', amountVnd: 25000, collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RECEIPT },
      ],
    });
    expect(slip).toEqual(issuedSlip);
  });

  it('does not show the slip to a desk officer of another unit', async () => {
    await expect(h.desk.getReceiptSlip(dossierId, meta('', 'xa01', 'desk_officer', 'XTRUCCHINH'))).rejects.toThrow(
      'officer xa01 of unit XTRUCCHINH may not act for unit TRUCNINH',
    );
  });
});

describe('receipt codes and slips', () => {
  it('numbers the next dossier of the day 0002 and starts again at 0001 on the next Vietnamese day', async () => {
    h.clock.now = vn('2026-03-04 16:00');
    const second = await h.desk.submitDossier(counterSubmission(), meta(rid('s2')));
    h.clock.now = new Date('2026-03-04T17:00:00Z'); // midnight in Vietnam
    const nextDay = await h.desk.submitDossier(counterSubmission(), meta(rid('s3')));
    const code = (r: typeof second) => (r.outcome?.$case === 'received' ? r.outcome.received.dossierCode : r.outcome?.$case);
    expect([code(second), code(nextDay)]).toEqual(['TRUCNINH-260304-0002', 'TRUCNINH-260305-0001']);
  });

  it('gives concurrent receipts at two intake processes the codes 0001..0030 of the day, each once, and a retry at the other process the same answer', async () => {
    h.clock.now = vn('2026-03-11 10:00');
    // Another intake process: its own connections to the same event store.
    const pool = new Pool({ connectionString: process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop', max: 4 });
    try {
      const other = h.deskOn(new PostgresEventStore(pool, { schema: h.store.schema, source: EVENT_SOURCE, clock: () => h.clock.now }));
      const ids = Array.from({ length: 30 }, (_, i) => rid(`busy${i}`));
      const received = await Promise.all(ids.map((id, i) => (i % 2 ? other : h.desk).submitDossier(counterSubmission(), meta(id))));
      const codes = received.map((r) => (r.outcome?.$case === 'received' ? r.outcome.received.dossierCode : r.outcome?.$case));
      expect([...codes].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `TRUCNINH-260311-${String(i + 1).padStart(4, '0')}`));
      // A guidance in between takes no code; the retry of a receipt, at the other process, is answered with its code.
      const guided = await other.submitDossier(counterSubmission({ documents: [] }), meta(rid('guided-busy')));
      expect(guided.outcome?.$case).toBe('incomplete');
      const retried = await other.submitDossier(counterSubmission(), meta(ids[0]));
      expect(retried.outcome?.$case === 'received' && retried.outcome.received.dossierCode).toBe(codes[0]);
      const next = await h.desk.submitDossier(counterSubmission(), meta(rid('after-busy')));
      expect(next.outcome?.$case === 'received' && next.outcome.received.dossierCode).toBe('TRUCNINH-260311-0031');
    } finally {
      await pool.end();
    }
  });

  it('has no slip for a dossier that was only given guidance', async () => {
    const res = await h.desk.submitDossier(counterSubmission({ documents: [] }), meta(rid('guided')));
    if (res.outcome?.$case !== 'incomplete') throw new Error(`expected guidance, got ${res.outcome?.$case}`);
    const id = res.outcome.incomplete.dossierId;
    await expect(h.desk.getReceiptSlip(id, meta(''))).rejects.toThrow(`dossier ${id} was not received, so it has no receipt slip`);
  });

  it('receives an online submission at the desk: the code is of the reception day and the officer who received it is on the slip', async () => {
    h.clock.now = vn('2026-03-07 22:10'); // Saturday night
    const submitted = await h.desk.submitDossier(
      counterSubmission({ channel: C.CHANNEL_ONLINE, resultDelivery: R.RESULT_DELIVERY_ELECTRONIC }),
      portal(),
    );
    if (submitted.outcome?.$case !== 'submittedOnline') throw new Error(`expected an online submission, got ${submitted.outcome?.$case}`);
    const id = submitted.outcome.submittedOnline.dossierId;
    h.clock.now = vn('2026-03-09 08:00');
    const res = await h.desk.receiveOnlineDossier(id, '', meta(rid('receive'), 'desk04'));
    if (res.outcome?.$case !== 'received') throw new Error(`expected a receipt, got ${res.outcome?.$case}`);
    expect([res.outcome.received.dossierCode, res.outcome.received.dueAt]).toEqual(['TRUCNINH-260309-0001', vn('2026-03-12 08:00')]);
    const slip = await h.desk.getReceiptSlip(id, meta(''));
    expect([slip.receivedBy, slip.receivedAt]).toEqual(['desk04', vn('2026-03-09 08:00')]);
    const view = await h.desk.getDossier({ dossierId: id }, meta(''));
    expect([view.status, view.channel, view.submittedAt]).toEqual([
      NationalStatus.NATIONAL_STATUS_RECEIVED,
      C.CHANNEL_ONLINE,
      vn('2026-03-07 22:10'),
    ]);
  });
});
