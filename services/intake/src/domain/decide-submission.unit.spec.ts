// Submission at the counter, by post and online: receive (with code, due time, Form 01 data),
// guide once, or refuse. Due times are computed with the real shipped calendar.
import { common, type intakeEvents as ev } from '@onestop/contracts';
import {
  applicant,
  C,
  calendar,
  completeDocuments,
  doc,
  dossier,
  F,
  procedure,
  R,
  refs,
  submission,
  unit,
  vn,
} from '../testing/fixtures.spec';
import { decideOnlineReception, decideSubmission, receiptWithCode, type SubmissionOutcome } from './decide';

function receipt(outcome: SubmissionOutcome, code = 'TRUCNINH-260304-0001', seq = 1): ev.DossierReceived {
  if (outcome.kind !== 'receive') throw new Error(`expected a receipt, got ${outcome.event.type}`);
  return receiptWithCode(outcome, code, seq);
}

function eventOf(outcome: SubmissionOutcome) {
  if (outcome.kind !== 'event') throw new Error('expected an event, got a receipt');
  return outcome.event;
}

describe('decideSubmission at the counter', () => {
  it('given a complete in-scope dossier, when decided, then it is received with everything Form 01 needs', () => {
    const now = vn('2026-03-04 09:00'); // Wednesday
    const r = receipt(decideSubmission(submission(), now, refs), 'TRUCNINH-260304-0007', 7);
    expect(r).toEqual({
      dossierId: 'd-1',
      dossierCode: 'TRUCNINH-260304-0007',
      unitCode: 'TRUCNINH',
      procedureCode: 'TCKH-01',
      procedureName: 'Đăng ký thành lập hộ kinh doanh',
      fieldCode: 'TCKH',
      agencyCode: 'TCKH',
      level: 'district',
      channel: C.CHANNEL_COUNTER,
      applicant: applicant(),
      documents: [doc('GIAYDK', F.DOCUMENT_FORM_ORIGINAL), doc('CCCD', F.DOCUMENT_FORM_COPY)],
      resultDelivery: R.RESULT_DELIVERY_COUNTER,
      receivedAt: now,
      clockStartedAt: now,
      dueAt: vn('2026-03-09 09:00'), // 3 working days: Thu, Fri, Mon
      statutoryWorkingHours: 24,
      statutoryTimeUnit: 'working_days',
      statutoryTimeValue: 3,
      catalogueVersion: 'catalogue-2025.2',
      calendarVersion: 'vn-2018-2027.2',
      feesCollected: [
        {
          code: 'LP-DKKD',
          name: 'Lệ phí đăng ký hộ kinh doanh',
          amountVnd: 100000,
          collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RECEIPT,
        },
      ],
      postalHandover: undefined,
      supplementPolicy: 'restart',
      registerBook: 'TRUCNINH-260304',
      registerRow: 7,
    });
  });

  it('given a procedure whose fee is collected at return, when received, then no fee is collected at receipt', () => {
    const r = receipt(decideSubmission(submission({ procedureCode: 'TCKH-02' }), vn('2026-03-04 09:00'), refs));
    expect(r.feesCollected).toEqual([]);
    expect(r.supplementPolicy).toBe('restart');
  });

  describe('the appointed time (3 working days, TCKH-01) counts from the next working moment', () => {
    it.each([
      ['16:59 on a Wednesday: the minute left today counts', '2026-03-04 16:59', '2026-03-04 16:59', '2026-03-09 16:59'],
      ['17:01 on a Wednesday: counts from Thursday 07:00', '2026-03-04 17:01', '2026-03-05 07:00', '2026-03-09 17:00'],
      ['17:00 sharp: the office is closed', '2026-03-04 17:00', '2026-03-05 07:00', '2026-03-09 17:00'],
      ['06:30 before opening: counts from 07:00', '2026-03-04 06:30', '2026-03-04 07:00', '2026-03-06 17:00'],
      ['12:15 at lunch: counts from 13:30', '2026-03-04 12:15', '2026-03-04 13:30', '2026-03-09 11:30'],
      ['a Saturday: counts from Monday 07:00', '2026-03-07 10:00', '2026-03-09 07:00', '2026-03-11 17:00'],
      [
        'a Friday before the 30 April / 1 May bridge: holidays and the day off are skipped',
        '2026-04-24 16:00',
        '2026-04-24 16:00',
        '2026-05-04 16:00',
      ],
    ])('%s', (_, at, clockStart, due) => {
      const r = receipt(decideSubmission(submission(), vn(at), refs));
      expect(r.receivedAt).toEqual(vn(at));
      expect(r.clockStartedAt).toEqual(vn(clockStart));
      expect(r.dueAt).toEqual(vn(due));
    });
  });

  it('given a procedure counted in hours (GDDT-02, 4 h), when received at 10:00, then the lunch break does not count', () => {
    const r = receipt(decideSubmission(submission({ procedureCode: 'GDDT-02' }), vn('2026-03-04 10:00'), refs));
    expect(r.dueAt).toEqual(vn('2026-03-04 16:00'));
    expect(r.statutoryWorkingHours).toBe(4);
  });

  it('given a same-day procedure (TP-CT-01), when received in the morning, then it is due at closing time that day', () => {
    const r = receipt(decideSubmission(submission({ procedureCode: 'TP-CT-01' }), vn('2026-03-04 09:00'), refs));
    expect(r.dueAt).toEqual(vn('2026-03-04 17:00'));
    expect(r.statutoryWorkingHours).toBe(8);
  });

  it('given missing and wrong-form documents, when decided, then guidance lists every problem and nothing is received', () => {
    const now = vn('2026-03-04 09:00');
    const event = eventOf(decideSubmission(submission({ documents: [doc('GIAYDK', F.DOCUMENT_FORM_COPY)] }), now, refs));
    expect(event).toEqual({
      type: 'ReceptionGuidanceIssued',
      data: {
        dossierId: 'd-1',
        unitCode: 'TRUCNINH',
        procedureCode: 'TCKH-01',
        channel: C.CHANNEL_COUNTER,
        applicant: applicant(),
        problems: [
          {
            componentCode: 'GIAYDK',
            componentName: 'Giấy đề nghị đăng ký hộ kinh doanh',
            problem: 'wrong form: bản chính (original) required',
          },
          { componentCode: 'CCCD', componentName: 'Căn cước công dân của người yêu cầu', problem: 'missing: 1 bản sao (copy) required' },
        ],
        issuedAt: now,
        catalogueVersion: 'catalogue-2025.2',
      },
    });
  });

  it('given a commune procedure at the district desk, when decided, then it is refused with the reason, even if incomplete', () => {
    const now = vn('2026-03-04 09:00');
    const event = eventOf(decideSubmission(submission({ procedureCode: 'XA-HT-02', documents: [] }), now, refs));
    expect(event).toEqual({
      type: 'DossierRefused',
      data: {
        dossierId: 'd-1',
        unitCode: 'TRUCNINH',
        procedureCode: 'XA-HT-02',
        channel: C.CHANNEL_COUNTER,
        reason: "procedure XA-HT-02 is handled at commune level: please apply at the commune or town People's Committee desk",
        refusedAt: now,
        fieldCode: 'TP',
        agencyCode: 'TUPHAP',
        level: 'commune',
      },
    });
  });

  it('given a channel the procedure does not allow (CT-02 by post), when decided, then it is refused', () => {
    const event = eventOf(
      decideSubmission(submission({ procedureCode: 'CT-02', channel: C.CHANNEL_POSTAL }), vn('2026-03-04 09:00'), refs),
    );
    expect(event.type).toBe('DossierRefused');
    expect(event.type === 'DossierRefused' && event.data.reason).toBe(
      'procedure CT-02 cannot be submitted through channel postal; allowed: counter, online',
    );
  });
});

describe('decideSubmission through the postal service (BCCI)', () => {
  const handover = (handedOverAt: Date): ev.PostalHandover => ({
    pickupId: 'PU-1',
    waybillNumber: 'EB123456789VN',
    handedBy: 'postman-7',
    receivedBy: 'desk01',
    handedOverAt,
    feesHandedOverVnd: 100000,
    feeReceiptNumber: 'BL-0001',
  });

  it('given a hand-over on Friday 16:00 recorded on Monday, when received, then the clock starts at the hand-over', () => {
    const now = vn('2026-03-09 09:00');
    const r = receipt(
      decideSubmission(submission({ channel: C.CHANNEL_POSTAL, postalHandover: handover(vn('2026-03-06 16:00')) }), now, refs),
    );
    expect(r.channel).toBe(C.CHANNEL_POSTAL);
    expect(r.receivedAt).toEqual(now);
    expect(r.clockStartedAt).toEqual(vn('2026-03-06 16:00'));
    expect(r.dueAt).toEqual(vn('2026-03-11 16:00')); // Fri 1 h, Mon 8, Tue 8, Wed 7
    expect(r.postalHandover).toEqual(handover(vn('2026-03-06 16:00')));
  });

  it('given a hand-over after office hours, when received, then the clock starts the next working morning', () => {
    const r = receipt(
      decideSubmission(
        submission({ channel: C.CHANNEL_POSTAL, postalHandover: handover(vn('2026-03-06 17:30')) }),
        vn('2026-03-09 08:00'),
        refs,
      ),
    );
    expect(r.clockStartedAt).toEqual(vn('2026-03-09 07:00'));
    expect(r.dueAt).toEqual(vn('2026-03-11 17:00'));
  });

  it('given a counter dossier, when received, then only the receipt time starts the clock', () => {
    const now = vn('2026-03-09 09:00');
    const r = receipt(decideSubmission(submission({ postalHandover: handover(vn('2026-03-06 16:00')) }), now, refs));
    expect(r.clockStartedAt).toEqual(now);
  });
});

describe('decideSubmission online', () => {
  it('given an online submission, when decided, then it waits for the desk (status 1) without a reception check', () => {
    const now = vn('2026-03-07 22:10'); // a Saturday night: online is open all hours
    const event = eventOf(
      decideSubmission(submission({ channel: C.CHANNEL_ONLINE, documents: [], resultDelivery: R.RESULT_DELIVERY_ELECTRONIC }), now, refs),
    );
    expect(event).toEqual({
      type: 'DossierSubmittedOnline',
      data: {
        dossierId: 'd-1',
        unitCode: 'TRUCNINH',
        procedureCode: 'TCKH-01',
        applicant: applicant(),
        documents: [],
        resultDelivery: R.RESULT_DELIVERY_ELECTRONIC,
        submittedAt: now,
        catalogueVersion: 'catalogue-2025.2',
        fieldCode: 'TCKH',
        agencyCode: 'TCKH',
        level: 'district',
      },
    });
  });
});

describe('decideOnlineReception by the unit carrying a dissolved one on', () => {
  const filed = (unitCode: string) => {
    const sub = submission({ channel: C.CHANNEL_ONLINE, unitCode, procedureCode: 'XA-HT-02' });
    return dossier(eventOf(decideSubmission(sub, vn('2020-10-05 09:00'), refs)));
  };
  const decided = (unitCode: string, receivingUnit: string) => {
    const outcome = decideOnlineReception(
      filed(unitCode),
      { refusalReason: '', unit: unit(receivingUnit), procedure: procedure('XA-HT-02') },
      vn('2026-03-02 09:00'),
      refs,
    );
    if (outcome.kind === 'rejected') throw new Error(JSON.stringify(outcome.rejection));
    return receipt(outcome, `${receivingUnit}-260302-0001`);
  };

  it('given a submission filed at Trực Đại, when Minh Thái receives it, then the receipt is at Minh Thái and keeps Trực Đại as the filing unit', () => {
    expect(decided('XTRUCDAI', 'XMINHTHAI')).toMatchObject({
      unitCode: 'XMINHTHAI',
      dossierCode: 'XMINHTHAI-260302-0001',
      filedAtUnitCode: 'XTRUCDAI',
    });
  });

  it('given a submission received where it was filed, when decided, then no filing unit is recorded', () => {
    expect(decided('XMINHTHAI', 'XMINHTHAI')).not.toHaveProperty('filedAtUnitCode');
  });
});

describe('reference versions', () => {
  it('given a receipt on 2019-12-31 (calendar edition vn-2018-2027.2 reaches back to 2018), when received, then it gets its due time', () => {
    const r = receipt(decideSubmission(submission(), vn('2019-12-31 09:00'), refs), 'TRUCNINH-191231-0001');
    // 3 working days from Tue 09:00; New Year's Day 2020 is skipped: Thu 2, Fri 3, Mon 6 January.
    expect(r.dueAt).toEqual(vn('2020-01-06 09:00'));
    expect(r.calendarVersion).toBe('vn-2018-2027.2');
  });

  it('given the shipped data, when received, then the catalogue and calendar versions in force are kept with the due time', () => {
    const r = receipt(
      decideSubmission(
        { ...submission(), unit: unit('TRUCNINH'), procedure: procedure('TCKH-01'), documents: completeDocuments('TCKH-01') },
        vn('2026-03-04 09:00'),
        refs,
      ),
    );
    expect([r.catalogueVersion, r.calendarVersion]).toEqual(['catalogue-2025.2', calendar.version]);
    expect(calendar.version).toBe('vn-2018-2027.2');
  });
});
