// Số hóa at the desk on the real event store: a scanned component, a reuse of the same citizen's
// earlier digitised copy found by its dossier code, a reuse refused for another citizen, and the
// result digitised once ready.
import { applicant, NationalStatus, vn } from '../testing/fixtures.spec';
import { counterSubmission, type DeskHarness, eventTypes, meta, openDesk, rid } from '../testing/desk-harness.spec';

let h: DeskHarness;

beforeAll(async () => {
  h = await openDesk('digitisation');
});

afterAll(async () => {
  await h?.close();
});

const scan = { fileRef: 'archive://2026/03/04/cccd.pdf', sha256: 'c'.repeat(64), pageCount: 1 };

async function submit(idNumber: string) {
  const res = await h.desk.submitDossier(counterSubmission({ applicant: applicant({ idNumber }) }), meta(rid('submit')));
  if (res.outcome?.$case !== 'received') throw new Error(`expected a receipt, got ${res.outcome?.$case}`);
  return res.outcome.received;
}

describe('RecordDigitisation', () => {
  it('scans at receipt, reuses the copy for the same citizen later, refuses it for another citizen', async () => {
    h.clock.now = vn('2026-03-04 09:00');
    const first = await submit('036090001234');
    await h.desk.recordDigitisation(first.dossierId, [{ componentCode: 'CCCD', scanned: scan }], undefined, meta(rid('dig')));
    expect(await eventTypes(h.streams, first.dossierId)).toEqual(['DossierReceived', 'ComponentsDigitised']);

    h.clock.now = vn('2026-03-05 09:00');
    const second = await submit('036090001234');
    const reuse = [{ componentCode: 'CCCD', reused: { dossierCode: first.dossierCode, componentCode: 'CCCD' } }];
    await h.desk.recordDigitisation(second.dossierId, reuse, undefined, meta(rid('reuse')));
    const { events } = await h.streams.load(second.dossierId);
    const recorded = events.find((e) => e.type === 'ComponentsDigitised');
    expect(recorded?.type === 'ComponentsDigitised' && recorded.data.components[0].reusedFromDossierId).toBe(first.dossierId);

    const stranger = await submit('036090009999');
    await expect(h.desk.recordDigitisation(stranger.dossierId, reuse, undefined, meta(rid('reuse-other')))).rejects.toMatchObject({
      rejection: { kind: 'invalid', violations: [{ field: 'components[0].reused.dossier_code' }] },
    });
    expect(await eventTypes(h.streams, stranger.dossierId)).toEqual(['DossierReceived']);
  });

  it('digitises the result once it is ready', async () => {
    const d = await submit('036090001234');
    const at = h.clock.now;
    for (const status of [NationalStatus.NATIONAL_STATUS_PROCESSING, NationalStatus.NATIONAL_STATUS_RESULT_READY]) {
      await h.desk.noteProcessingFact({
        dossierId: d.dossierId,
        status,
        at,
        sourceEventId: rid('evt'),
        sourceEventType: 'onestop.processing.v1.X',
      });
    }
    await h.desk.recordDigitisation(d.dossierId, [], scan, meta(rid('result')));
    expect((await h.streams.load(d.dossierId)).state.resultDigitised).toBe(true);
  });
});
