// The desk on today's map (the map in force at each act) over the real event store: a 2020
// dossier of Trực Đại commune is finished in 2026 by Minh Thái, the commune that carries it on; a
// desk of a dissolved unit refuses receipt naming its successor; a boundary-free procedure filed
// at another commune's centre is received there and forwarded to the competent unit.
import { RejectionError } from '@onestop/commands';
import { NationalStatus, R, vn } from '../testing/fixtures.spec';
import { counterSubmission, type DeskHarness, eventTypes, meta, openDesk, rid } from '../testing/desk-harness.spec';

let h: DeskHarness;

beforeAll(async () => {
  h = await openDesk('admin_map', { todaysMap: true });
});

afterAll(async () => {
  await h?.close();
});

const officer = (unit: string, role = 'desk_officer') => meta(rid(`m-${unit}`), `desk-${unit.toLowerCase()}`, role, unit);

async function received(res: Promise<{ outcome?: { $case: string } & Record<string, any> }>) {
  const r = await res;
  if (r.outcome?.$case !== 'received') throw new Error(`expected a receipt, got ${JSON.stringify(r.outcome)}`);
  return r.outcome.received as { dossierId: string; dossierCode: string };
}

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof RejectionError) return err.rejection;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('a 2020 dossier of a commune that merged on 1 July 2025', () => {
  let dossierId = '';

  it('is received at Trực Đại in 2020, under the 2020 rules', async () => {
    h.clock.now = vn('2020-09-15 09:00');
    const r = await received(
      h.desk.submitDossier(counterSubmission({ unitCode: 'XTRUCDAI', procedureCode: 'XA-HT-01' }), officer('XTRUCDAI')),
    );
    dossierId = r.dossierId;
    expect(r.dossierCode).toBe('XTRUCDAI-200915-0001');
    const { state, events } = await h.streams.load(dossierId);
    expect([state.unitCode, state.level, state.agencyCode]).toEqual(['XTRUCDAI', 'commune', 'TUPHAP']);
    expect(events.map((e) => e.type)).toEqual(['DossierReceived']);
  });

  it("is seen and finished in 2026 by an officer of Minh Thái, Trực Đại's successor, and by no other commune", async () => {
    h.clock.now = vn('2026-01-06 09:00');
    expect((await h.desk.getDossier({ dossierId }, officer('XMINHTHAI'))).dossierCode).toBe('XTRUCDAI-200915-0001');
    expect(await rejection(h.desk.getDossier({ dossierId }, officer('XCOLE')))).toMatchObject({ kind: 'denied' });

    await h.desk.noteProcessingFact({
      dossierId,
      status: NationalStatus.NATIONAL_STATUS_RESULT_READY,
      at: vn('2026-01-05 16:00'),
      sourceEventId: rid('ready'),
      sourceEventType: 'onestop.processing.v1.ResultIssued',
    });
    expect(await rejection(h.desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'Nguyễn Văn An', officer('XCOLE')))).toMatchObject({
      kind: 'denied',
    });
    const returned = await h.desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'Nguyễn Văn An', officer('XMINHTHAI'));
    expect([returned.status, returned.returnedAt, returned.unitCode]).toEqual([
      NationalStatus.NATIONAL_STATUS_RESULT_RETURNED,
      vn('2026-01-06 09:00'),
      'XTRUCDAI',
    ]);
  });

  it('cannot be joined by a new receipt at the dissolved desk: FAILED_PRECONDITION naming the successor', async () => {
    h.clock.now = vn('2026-01-06 10:00');
    const r = await rejection(
      h.desk.submitDossier(counterSubmission({ unitCode: 'XTRUCDAI', procedureCode: 'XA-HT-01' }), officer('XTRUCDAI')),
    );
    expect(r.kind).toBe('precondition');
    expect('message' in r ? r.message : '').toMatch(
      /XTRUCDAI .*ceased to exist on 2025-07-01.*its successor is XMINHTHAI \(Trung tâm Phục vụ hành chính công xã Minh Thái\)/,
    );
    const district = await rejection(h.desk.submitDossier(counterSubmission({ procedureCode: 'TCKH-01' }), officer('TRUCNINH')));
    expect('message' in district ? district.message : '').toMatch(/TRUCNINH .*successor is NINHBINHHCC/);
  });
});

describe('procedures by period and receipt regardless of boundaries (Decree 118/2025/NĐ-CP)', () => {
  it('receives a former district procedure at a commune centre in 2026, at commune level with the commune’s own department', async () => {
    h.clock.now = vn('2026-01-07 09:00');
    const r = await received(h.desk.submitDossier(counterSubmission({ unitCode: 'XCOLE', procedureCode: 'TCKH-01' }), officer('XCOLE')));
    const { state, events } = await h.streams.load(r.dossierId);
    expect([r.dossierCode, state.level, state.agencyCode]).toEqual(['XCOLE-260107-0001', 'commune', 'XCOLE-KT']);
    expect(events.map((e) => e.type)).toEqual(['DossierReceived']);
  });

  it("receives a birth registration at Cổ Lễ for a citizen of Minh Thái and forwards it there; the result returns to Cổ Lễ's desk", async () => {
    h.clock.now = vn('2026-01-07 10:00');
    const r = await received(
      h.desk.submitDossier(
        counterSubmission({ unitCode: 'XCOLE', procedureCode: 'XA-HT-01', competentUnitCode: 'XMINHTHAI' }),
        officer('XCOLE'),
      ),
    );
    expect(await eventTypes(h.streams, r.dossierId)).toEqual(['DossierReceived', 'DossierForwarded']);
    const { state, events } = await h.streams.load(r.dossierId);
    const [rec, fwd] = events;
    if (rec.type !== 'DossierReceived' || fwd.type !== 'DossierForwarded') throw new Error('unexpected events');
    expect([rec.data.unitCode, rec.data.competentUnitCode, rec.data.agencyCode, rec.data.dossierCode]).toEqual([
      'XCOLE',
      'XMINHTHAI',
      'XMINHTHAI-VHXH',
      'XCOLE-260107-0002',
    ]);
    expect(fwd.data).toMatchObject({
      dossierCode: 'XCOLE-260107-0002',
      fromUnitCode: 'XCOLE',
      toUnitCode: 'XMINHTHAI',
      agencyCode: 'XMINHTHAI-VHXH',
      returnUnitCode: 'XCOLE',
      forwardedAt: vn('2026-01-07 10:00'),
    });
    expect(fwd.data.legalBasis).toMatch(/118\/2025\/NĐ-CP/);
    expect(state.forwardedTo).toBe('XMINHTHAI');
  });

  it('decides a foreign-element marriage (TP-HT-02) at the commune since 1 July 2025 (Decree 120/2025/NĐ-CP Art. 4), not at the province', async () => {
    h.clock.now = vn('2026-01-07 11:00');
    const here = await received(
      h.desk.submitDossier(counterSubmission({ unitCode: 'XCOLE', procedureCode: 'TP-HT-02' }), officer('XCOLE')),
    );
    const own = await h.streams.load(here.dossierId);
    expect([own.state.level, own.state.agencyCode]).toEqual(['commune', 'XCOLE-VHXH']);
    expect(own.events.map((e) => e.type)).toEqual(['DossierReceived']);
    // boundary-free: filed at Cổ Lễ for Minh Thái, forwarded to Minh Thái's department
    const there = await received(
      h.desk.submitDossier(
        counterSubmission({ unitCode: 'XCOLE', procedureCode: 'TP-HT-02', competentUnitCode: 'XMINHTHAI' }),
        officer('XCOLE'),
      ),
    );
    const { events } = await h.streams.load(there.dossierId);
    const fwd = events[1];
    if (fwd?.type !== 'DossierForwarded') throw new Error(`expected a forward, got ${events.map((e) => e.type).join()}`);
    expect([fwd.data.toUnitCode, fwd.data.agencyCode]).toEqual(['XMINHTHAI', 'XMINHTHAI-VHXH']);
    // the province's centre is not competent for it
    const province = await rejection(
      h.desk.submitDossier(
        counterSubmission({ unitCode: 'XCOLE', procedureCode: 'TP-HT-02', competentUnitCode: 'NINHBINHHCC' }),
        officer('XCOLE'),
      ),
    );
    expect(province).toMatchObject({ kind: 'invalid', violations: [{ field: 'competent_unit_code' }] });
  });

  it('refuses a competent unit for a procedure that is not boundary-free, or at the wrong level, naming the field', async () => {
    const notFree = await rejection(
      h.desk.submitDossier(
        counterSubmission({ unitCode: 'XCOLE', procedureCode: 'TCKH-01', competentUnitCode: 'XMINHTHAI' }),
        officer('XCOLE'),
      ),
    );
    expect(notFree).toMatchObject({ kind: 'invalid', violations: [{ field: 'competent_unit_code' }] });
    const dissolved = await rejection(
      h.desk.submitDossier(
        counterSubmission({ unitCode: 'XCOLE', procedureCode: 'XA-HT-01', competentUnitCode: 'XTRUCDAI' }),
        officer('XCOLE'),
      ),
    );
    expect(dissolved).toMatchObject({ kind: 'invalid', violations: [{ field: 'competent_unit_code' }] });
  });

  it('still refuses a province-level procedure that is not boundary-free at a commune desk (Form 03)', async () => {
    const res = await h.desk.submitDossier(counterSubmission({ unitCode: 'XCOLE', procedureCode: 'TNMT-02' }), officer('XCOLE'));
    expect(res.outcome?.$case).toBe('refused');
    if (res.outcome?.$case === 'refused') expect(res.outcome.refused.reason).toMatch(/decided by NINHBINHHCC/);
  });
});
