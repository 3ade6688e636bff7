// The desk's edges on the real store: bad input is refused with every field named and nothing
// written; officers act only for their own unit; unknown dossiers and procedures are NOT_FOUND.
import type { RejectionError, Violation } from '@onestop/commands';
import { applicant, C, doc, F, R, NationalStatus, vn } from '../testing/fixtures.spec';
import { counterSubmission, type DeskHarness, meta, openDesk, rid, refusedAs } from '../testing/desk-harness.spec';

let h: DeskHarness;

beforeAll(async () => {
  h = await openDesk('input');
  h.clock.now = vn('2026-03-09 09:00');
});

afterAll(async () => {
  await h?.close();
});

/** The field violations of a refused call (fails when the call is not refused as invalid). */
async function violations(call: Promise<unknown>): Promise<string[]> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject(refusedAs('invalid'));
  return (err as RejectionError & { rejection: { violations: Violation[] } }).rejection.violations.map(
    (v) => `${v.field}: ${v.description}`,
  );
}

const handover = (over = {}) => ({
  pickupId: 'PU-1',
  waybillNumber: 'EB1VN',
  handedBy: 'postman-7',
  receivedBy: 'desk01',
  handedOverAt: vn('2026-03-06 16:00'),
  feesHandedOverVnd: 25000,
  feeReceiptNumber: 'BL-1',
  ...over,
});

async function receivedDossier(): Promise<string> {
  const res = await h.desk.submitDossier(counterSubmission(), meta(rid('submit')));
  if (res.outcome?.$case !== 'received') throw new Error(`expected a receipt, got ${res.outcome?.$case}`);
  return res.outcome.received.dossierId;
}

describe('SubmitDossier input', () => {
  it('given every field wrong, when submitted, then every field is named and nothing is written', async () => {
    const commits = await h.commits();
    const bad = counterSubmission({
      unitCode: 'NOWHERE',
      procedureCode: 'NOPE',
      channel: C.CHANNEL_UNSPECIFIED,
      resultDelivery: R.RESULT_DELIVERY_UNSPECIFIED,
      applicant: applicant({ idNumber: '12', email: 'x' }),
      documents: [doc('GIAYDK', F.DOCUMENT_FORM_UNSPECIFIED, 0)],
    });
    expect(await violations(h.desk.submitDossier(bad, meta(rid('bad'))))).toEqual([
      'unit_code: unknown unit "NOWHERE"',
      'procedure_code: no procedure "NOPE" in catalogue catalogue-2025.2',
      'channel: must be COUNTER, ONLINE or POSTAL',
      'result_delivery: must be COUNTER, POST or ELECTRONIC',
      'applicant.id_number: must be a 12-digit personal identification number or a 9-digit ID card number',
      'applicant.email: must be an e-mail address',
      'documents[0].form: must be ORIGINAL, COPY or CERTIFIED_COPY',
      'documents[0].count: must be between 1 and 100',
    ]);
    expect(await h.commits()).toBe(commits);
  });

  it('given no procedure, no applicant and a paper the procedure does not list, when submitted, then those are named', async () => {
    expect(
      await violations(
        h.desk.submitDossier(counterSubmission({ procedureCode: '', applicant: undefined, documents: [] }), meta(rid('bad'))),
      ),
    ).toEqual(['procedure_code: is required', 'applicant: is required']);
    expect(
      await violations(h.desk.submitDossier(counterSubmission({ documents: [doc('SOHOKHAU', F.DOCUMENT_FORM_COPY)] }), meta(rid('bad')))),
    ).toEqual(['documents[0].component_code: "SOHOKHAU" is not a component of this procedure']);
  });

  it('given the postal channel without a hand-over record, or a counter dossier with one, when submitted, then the record is named', async () => {
    expect(await violations(h.desk.submitDossier(counterSubmission({ channel: C.CHANNEL_POSTAL }), meta(rid('bad'))))).toEqual([
      'postal_handover: is required for channel POSTAL (the hand-over record)',
    ]);
    expect(await violations(h.desk.submitDossier(counterSubmission({ postalHandover: handover() }), meta(rid('bad'))))).toEqual([
      'postal_handover: is only for channel POSTAL',
    ]);
  });

  it('given an incomplete hand-over record or one dated in the future, when submitted, then its fields are named', async () => {
    const incomplete = handover({ handedBy: '', receivedBy: '', handedOverAt: undefined, feesHandedOverVnd: -1 });
    expect(
      await violations(
        h.desk.submitDossier(counterSubmission({ channel: C.CHANNEL_POSTAL, postalHandover: incomplete }), meta(rid('bad'))),
      ),
    ).toEqual([
      'postal_handover.handed_by: is required',
      'postal_handover.received_by: is required',
      'postal_handover.handed_over_at: is required',
      'postal_handover.fees_handed_over_vnd: must not be negative',
    ]);
    const future = handover({ handedOverAt: vn('2026-03-09 09:02') });
    expect(
      await violations(h.desk.submitDossier(counterSubmission({ channel: C.CHANNEL_POSTAL, postalHandover: future }), meta(rid('bad')))),
    ).toEqual(['postal_handover.handed_over_at: is in the future']);
  });

  it('given a valid hand-over record, when submitted, then the clock starts at the hand-over', async () => {
    const res = await h.desk.submitDossier(
      counterSubmission({ channel: C.CHANNEL_POSTAL, postalHandover: handover() }),
      meta(rid('postal')),
    );
    expect(res.outcome?.$case === 'received' && [res.outcome.received.receivedAt, res.outcome.received.dueAt]).toEqual([
      vn('2026-03-09 09:00'),
      vn('2026-03-11 16:00'),
    ]);
  });

  it('given a commune officer, when submitting at the district desk, then it is refused and nothing is written', async () => {
    const commits = await h.commits();
    await expect(h.desk.submitDossier(counterSubmission(), meta(rid('xa'), 'xa01', 'desk_officer', 'XTRUCCHINH'))).rejects.toThrow(
      'officer xa01 of unit XTRUCCHINH may not act for unit TRUCNINH',
    );
    expect(await h.commits()).toBe(commits);
  });

  it('given no unit in the command, when a desk officer submits, then the officer’s unit is used', async () => {
    const res = await h.desk.submitDossier(
      counterSubmission({ unitCode: '', procedureCode: 'XA-HT-02' }),
      meta(rid('xa'), 'xa01', 'desk_officer', 'XTRUCCHINH'),
    );
    expect(res.outcome?.$case === 'received' && res.outcome.received.dossierCode).toBe('XTRUCCHINH-260309-0001');
  });
});

describe('dossier commands input', () => {
  it('given commands with bad fields, when run, then each names its fields and nothing is written', async () => {
    const id = await receivedDossier();
    const commits = await h.commits();
    expect(await violations(h.desk.recordSupplement(id, [], meta(rid('c'))))).toEqual(['documents: at least one document is required']);
    expect(await violations(h.desk.recordSupplement(id, [doc('SOHOKHAU', F.DOCUMENT_FORM_COPY)], meta(rid('c'))))).toEqual([
      'documents[0].component_code: "SOHOKHAU" is not a component of this procedure',
    ]);
    expect(await violations(h.desk.requestWithdrawal(id, '  ', meta(rid('c'))))).toEqual([
      "reason: is required (the citizen's written request)",
    ]);
    expect(await violations(h.desk.returnResult(id, R.RESULT_DELIVERY_UNSPECIFIED, ' ', meta(rid('c'))))).toEqual([
      'method: must be COUNTER or ELECTRONIC',
      'recipient_name: is required',
    ]);
    const delivery = {
      requestId: '',
      dossierId: id,
      delivered: true,
      at: undefined,
      waybillNumber: '',
      recipientName: '',
      failureReason: '',
      shipmentId: '',
    };
    expect(await violations(h.desk.recordResultDelivery(delivery, meta(rid('c'), 'postal-delivery', 'service', '')))).toEqual([
      'at: is required',
      'waybill_number: is required for a delivery',
    ]);
    expect(
      await violations(
        h.desk.recordResultDelivery({ ...delivery, delivered: false, at: h.clock.now }, meta(rid('c'), 'postal-delivery', 'service', '')),
      ),
    ).toEqual(['failure_reason: is required when delivery failed']);
    expect(await violations(h.desk.evaluateSatisfaction(id, [{ criterion: 'x', score: 9 }], 'c'.repeat(2001), meta(rid('c'))))).toEqual([
      'scores[0].score: must be an integer from 1 to 5',
      'comment: must be at most 2000 characters',
    ]);
    expect(await violations(h.desk.confirmWithdrawal('', meta(rid('c'))))).toEqual(['dossier_id: is required']);
    expect(await h.commits()).toBe(commits);
    expect((await h.streams.load(id)).state.status).toBe(NationalStatus.NATIONAL_STATUS_RECEIVED);
  });

  it('given an unknown dossier, when a command runs, then it is NOT_FOUND', async () => {
    await expect(h.desk.requestWithdrawal('no-such-dossier', 'r', meta(rid('c')))).rejects.toThrow('no dossier no-such-dossier');
    await expect(h.desk.getDossier({ dossierCode: 'TRUCNINH-260309-9999' }, meta(''))).rejects.toThrow(
      'no dossier with code TRUCNINH-260309-9999',
    );
  });

  it('given a malformed code or no key, when reading, then the key is named', async () => {
    expect(await violations(h.desk.getDossier({ dossierCode: 'TRUCNINH-2603-1' }, meta('')))).toEqual([
      'dossier_code: must look like <UNIT>-YYMMDD-NNNN',
    ]);
    expect(await violations(h.desk.getDossier({}, meta('')))).toEqual(['key: dossier_id or dossier_code is required']);
  });

  it('given an officer of another unit, when acting on a dossier, then it is refused; a specialist may read it', async () => {
    const id = await receivedDossier();
    await expect(h.desk.requestWithdrawal(id, 'r', meta(rid('c'), 'xa01', 'desk_officer', 'XTRUCCHINH'))).rejects.toMatchObject(
      refusedAs('denied'),
    );
    expect((await h.desk.getDossier({ dossierId: id }, meta('', 'cv01', 'specialist', 'TCKH'))).dossierId).toBe(id);
  });
});

describe('procedures', () => {
  it('given a code, when looked up, then the published procedure comes back; unknown or empty codes are refused', () => {
    expect(h.desk.getProcedure('TCKH-01')).toMatchObject({
      code: 'TCKH-01',
      statutoryWorkingHours: 24,
      statutoryTimeText: '3 ngày làm việc',
      channels: [1, 2, 3],
      catalogueVersion: 'catalogue-2025.2',
    });
    expect(() => h.desk.getProcedure('NOPE')).toThrow('no procedure NOPE in catalogue catalogue-2025.2');
    expect(() => h.desk.getProcedure('')).toThrow('procedure_code: is required');
  });
});
