// The desk through the running intake service: outcomes, idempotency, validation, authorization,
// and dossier codes from two intake processes receiving at once.
import * as grpc from '@grpc/grpc-js';
import { common } from '@onestop/contracts';
import { fieldViolationsOf } from '@onestop/grpc-kit';
import { call, intakeClient, tokenFor } from './support/clients';
import { applicant, householdBusiness, marriage, requestId } from './support/fixtures';
import { createPlatform, type Platform } from './support/platform';

jest.setTimeout(180_000);

describe('intake (the desk) as a running service', () => {
  let platform: Platform;
  let desk: string;
  let client: ReturnType<typeof intakeClient>;

  beforeAll(async () => {
    platform = await createPlatform();
    await platform.start('intake');
    client = intakeClient(platform.address('intake'));
    desk = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
  });

  afterAll(async () => {
    client?.close();
    await platform?.stopAll();
  });

  it('receives a complete dossier with a code, a due time and Form 01, and a retry returns the same answer', async () => {
    const req = householdBusiness();
    const first = await call(client.submitDossier.bind(client), req, { token: desk });
    expect(first.outcome?.$case).toBe('received');
    const received = first.outcome?.$case === 'received' ? first.outcome.received : undefined;
    expect(received?.dossierCode).toMatch(/^TRUCNINH-\d{6}-\d{4}$/);
    expect(received!.dueAt!.getTime()).toBeGreaterThan(received!.receivedAt!.getTime());
    expect(received?.receiptSlip?.receivedBy).toBe('desk01');
    expect(received?.receiptSlip?.statutoryTime).toBe('3 ngày làm việc');

    const again = await call(client.submitDossier.bind(client), req, { token: desk });
    expect(again).toEqual(first);

    const byCode = await call(
      client.getDossier.bind(client),
      { key: { $case: 'dossierCode', dossierCode: received!.dossierCode } },
      { token: desk },
    );
    expect(byCode.dossier?.dossierId).toBe(received!.dossierId);
    expect(byCode.dossier?.status).toBe(common.NationalStatus.NATIONAL_STATUS_RECEIVED);
  });

  it('gives written guidance listing every missing component at once (Form 02)', async () => {
    const res = await call(client.submitDossier.bind(client), householdBusiness({ documents: [] }), { token: desk });
    expect(res.outcome?.$case).toBe('incomplete');
    const problems = res.outcome?.$case === 'incomplete' ? res.outcome.incomplete.problems.map((p) => p.componentCode) : [];
    expect(problems.sort()).toEqual(['CCCD', 'GIAYDK']);
  });

  it('refuses a commune procedure at the district desk with a reason (Form 03)', async () => {
    const res = await call(client.submitDossier.bind(client), marriage('TRUCNINH'), { token: desk });
    expect(res.outcome?.$case).toBe('refused');
    expect(res.outcome?.$case === 'refused' && res.outcome.refused.reason).toMatch(/commune/);
  });

  it('names every bad field with INVALID_ARGUMENT and writes nothing', async () => {
    const bad = householdBusiness({
      requestId: 'bad-1',
      applicant: { ...applicant(), idNumber: '12', email: 'not-mail' },
      procedureCode: 'NOPE',
    });
    const err = (await call(client.submitDossier.bind(client), bad, { token: desk }).catch((e) => e)) as grpc.ServiceError;
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(
      fieldViolationsOf(err)
        .map((v) => v.field)
        .sort(),
    ).toEqual(['applicant.email', 'applicant.id_number', 'procedure_code']);
    // the same request id, now valid, is processed as new: nothing was recorded for the bad one
    const ok = await call(client.submitDossier.bind(client), householdBusiness({ requestId: 'bad-1' }), { token: desk });
    expect(ok.outcome?.$case).toBe('received');
  });

  it('refuses calls without a token and officers of another unit', async () => {
    const none = await call(client.submitDossier.bind(client), householdBusiness()).catch((e) => e);
    expect(none.code).toBe(grpc.status.UNAUTHENTICATED);
    const commune = await tokenFor({ officerId: 'xa01', role: 'desk_officer', unitCode: 'XTRUCCHINH' });
    const other = await call(client.submitDossier.bind(client), householdBusiness(), { token: commune }).catch((e) => e);
    expect(other.code).toBe(grpc.status.PERMISSION_DENIED);
  });

  it('takes an online submission into the queue; the desk receives it', async () => {
    const portal = await tokenFor({ officerId: 'portal', role: 'citizen_portal', unitCode: 'PORTAL' });
    const sub = await call(client.submitDossier.bind(client), householdBusiness({ channel: common.Channel.CHANNEL_ONLINE }), {
      token: portal,
    });
    const dossierId = sub.outcome?.$case === 'submittedOnline' ? sub.outcome.submittedOnline.dossierId : '';
    expect(dossierId).not.toBe('');
    // the queue is a read model of the desk's own events: wait until it shows the submission
    const deadline = Date.now() + 30_000;
    let queued = false;
    while (!queued && Date.now() < deadline) {
      const q = await call(client.listOnlineQueue.bind(client), { unitCode: 'TRUCNINH', page: undefined }, { token: desk });
      queued = q.dossiers.some((d) => d.dossierId === dossierId);
      if (!queued) await new Promise((r) => setTimeout(r, 200));
    }
    expect(queued).toBe(true);
    const received = await call(
      client.receiveOnlineDossier.bind(client),
      { requestId: requestId('recv'), dossierId, refusalReason: '' },
      { token: desk },
    );
    expect(received.outcome?.$case).toBe('received');
    const twice = await call(
      client.receiveOnlineDossier.bind(client),
      { requestId: requestId('recv'), dossierId, refusalReason: '' },
      { token: desk },
    ).catch((e) => e);
    expect(twice.code).toBe(grpc.status.FAILED_PRECONDITION);
  });

  it('issues dossier codes without duplicates or gaps when two intake processes receive at once', async () => {
    await platform.start('intake', { GRPC_PORT: String(await platform.freePort()) }, 'intake-2');
    const second = intakeClient(platform.services.get('intake-2')!.grpcAddress);
    const unit = 'XTRUCCHINH';
    const officer = await tokenFor({ officerId: 'xa02', role: 'desk_officer', unitCode: unit });
    const commune = (i: number) =>
      householdBusiness({
        unitCode: unit,
        procedureCode: 'XA-CT-01',
        applicant: applicant(i),
        documents: [
          { componentCode: 'GIAYTO', form: 1, count: 1, fileRef: '' },
          { componentCode: 'CCCD', form: 2, count: 1, fileRef: '' },
        ],
      });
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const c = i % 2 === 0 ? client : second;
        return call(c.submitDossier.bind(c), commune(i), { token: officer, timeoutMs: 60_000 });
      }),
    );
    second.close();
    const codes = results.map((r) => (r.outcome?.$case === 'received' ? r.outcome.received.dossierCode : ''));
    const sequences = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
    expect(new Set(codes).size).toBe(16);
    expect(sequences).toEqual(Array.from({ length: 16 }, (_, i) => sequences[0] + i));
  });
});
