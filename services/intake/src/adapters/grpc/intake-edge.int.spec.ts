// IntakeService through real gRPC on the real event store: what the outside probe broke at the
// edge (issue 15 §1, §3, §4, §7, §8, §14). A refused request stores nothing.
import * as grpc from '@grpc/grpc-js';
import { common, intake } from '@onestop/contracts';
import {
  call,
  createRpc,
  fieldViolationsOf,
  grpcClient,
  type Identity,
  type RunningServer,
  startGrpcServer,
  TokenIssuer,
  TokenVerifier,
} from '@onestop/grpc-kit';
import { silentLogger } from '@onestop/logging';
import { counterSubmission, type DeskHarness, openDesk, rid } from '../../testing/desk-harness.spec';
import { applicant } from '../../testing/fixtures.spec';
import { intakeRegistration } from './intake-handlers';

const SECRET = 'intake-edge-secret-intake-edge-secret-00';

describe('IntakeService at the edge', () => {
  let h: DeskHarness;
  let server: RunningServer;
  let client: intake.IntakeServiceClient;
  const issuer = new TokenIssuer(SECRET);
  const as = (role: Identity['role'], unitCode = 'TRUCNINH', officerId = 'desk01') => issuer.issue({ officerId, role, unitCode });

  beforeAll(async () => {
    h = await openDesk('edge');
    const rpc = createRpc({ verifier: new TokenVerifier(SECRET), logger: silentLogger() });
    server = await startGrpcServer({ host: '127.0.0.1', port: 0, services: [intakeRegistration(h.desk, rpc)], logger: silentLogger() });
    client = grpcClient(intake.IntakeServiceClient, `127.0.0.1:${server.port}`);
  });

  afterAll(async () => {
    client.close();
    await server.stop();
    await h.close();
  });

  const submit = (over: Partial<intake.SubmitDossierRequest> = {}) =>
    intake.SubmitDossierRequest.fromPartial({ ...counterSubmission(), requestId: rid('edge'), ...over });
  /** The error a call that must fail rejects with; a call that answers fails the test. */
  const failure = (pending: Promise<unknown>): Promise<grpc.ServiceError> =>
    pending.then(
      (res) => {
        throw new Error(`expected the call to be refused, it answered ${JSON.stringify(res)}`);
      },
      (e: grpc.ServiceError) => e,
    );
  const refused = async (request: intake.SubmitDossierRequest): Promise<grpc.ServiceError> => {
    const before = await h.commits();
    const err = await failure(call(client.submitDossier.bind(client), request, { token: await as('desk_officer') }));
    expect(await h.commits()).toBe(before); // nothing stored for a refused request
    return err;
  };
  const fields = (err: grpc.ServiceError) => fieldViolationsOf(err).map((v) => v.field);

  it('accepts a normal counter submission (the baseline for the cases below)', async () => {
    const res = await call(client.submitDossier.bind(client), submit(), { token: await as('desk_officer') });
    expect(res.outcome?.$case).toBe('received');
  });

  it('§8/§7: refuses unknown enum values — channel 99 and -1, documents[].form 42, result_delivery 99', async () => {
    // Out-of-range numbers on purpose: what a client built from another version of the proto (or a
    // hand-written one) can put on the wire. The casts only get them past the compiler.
    for (const [request, field] of [
      [submit({ channel: 99 as common.Channel }), 'channel'],
      [submit({ channel: -1 as common.Channel }), 'channel'],
      [submit({ resultDelivery: 99 as common.ResultDelivery }), 'result_delivery'],
      [submit({ documents: [{ componentCode: 'GIAYDK', form: 42 as common.DocumentForm, count: 1, fileRef: '' }] }), 'documents[0].form'],
    ] as const) {
      const err = await refused(request);
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(fields(err)).toEqual([field]);
    }
  });

  it('§6: refuses a postal hand-over dated 1900 or a day ahead, and an absurd fee amount, naming the field', async () => {
    const handover = (over: object) => ({
      pickupId: 'p-1',
      waybillNumber: 'SIM1',
      handedBy: 'postman',
      receivedBy: 'desk01',
      handedOverAt: new Date(),
      feesHandedOverVnd: 0,
      feeReceiptNumber: '',
      ...over,
    });
    for (const [over, field] of [
      [{ handedOverAt: new Date('1900-01-01T00:00:00Z') }, 'postal_handover.handed_over_at'],
      [{ handedOverAt: new Date(Date.now() + 24 * 3600_000) }, 'postal_handover.handed_over_at'],
      [{ feesHandedOverVnd: -1 }, 'postal_handover.fees_handed_over_vnd'],
    ] as const) {
      const err = await refused(submit({ channel: 3, postalHandover: handover(over) }));
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(fields(err)).toEqual([field]);
    }
  });

  it('§3/§9: refuses a 1.2 MB address with the limit stated, quoting none of it', async () => {
    const err = await refused(submit({ applicant: applicant({ address: 'x'.repeat(1_200_000) }) }));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err)).toEqual([
      { field: 'applicant.address', description: 'is 1200000 characters; at most 500 are accepted' },
    ]);
    expect(err.details.length).toBeLessThan(200);
  });

  it('§4: a 120 kB e-mail is refused by its length before any pattern runs', async () => {
    const err = await refused(submit({ applicant: applicant({ email: `a@${'.'.repeat(120_000)}@` }) }));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err)).toEqual([{ field: 'applicant.email', description: 'is 120003 characters; at most 254 are accepted' }]);
  });

  it('§14: refuses an address of zero-width spaces and a NUL in the name; stores names in NFC', async () => {
    const blank = await refused(submit({ applicant: applicant({ address: '\u200b\u200b\u200b' }) }));
    expect(fields(blank)).toEqual(['applicant.address']);
    const nul = await refused(submit({ applicant: applicant({ fullName: 'Nguyễn\u0000Văn An' }) }));
    expect(fields(nul)).toEqual(['applicant.full_name']);
    const decomposed = 'Nguye\u0302\u0303n Va\u0306n An';
    const res = await call(client.submitDossier.bind(client), submit({ applicant: applicant({ fullName: decomposed }) }), {
      token: await as('desk_officer'),
    });
    const dossierId = res.outcome?.$case === 'received' ? res.outcome.received.dossierId : '';
    const read = await call(
      client.getDossier.bind(client),
      { key: { $case: 'dossierId', dossierId } },
      { token: await as('desk_officer') },
    );
    expect(read.dossier?.applicant?.fullName).toBe('Nguyễn Văn An'.normalize('NFC'));
  });

  it('§14: refuses a garbage page_token instead of ignoring it', async () => {
    const err = await failure(
      call(
        client.listOnlineQueue.bind(client),
        { unitCode: 'TRUCNINH', page: { pageSize: 10, pageToken: 'garbage' } },
        { token: await as('desk_officer') },
      ),
    );
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fields(err)).toEqual(['page.page_token']);
  });

  it('§7: GetDossier with a malformed dossier_id ("a b", 300 characters) is INVALID_ARGUMENT naming dossier_id', async () => {
    for (const dossierId of ['a b', 'x'.repeat(300)]) {
      const err = await failure(
        call(client.getDossier.bind(client), { key: { $case: 'dossierId', dossierId } }, { token: await as('desk_officer') }),
      );
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(fields(err)).toEqual(['dossier_id']);
    }
  });

  it("§1: the online portal cannot read a dossier (with the ID number) by id or code; another unit's desk cannot either", async () => {
    const res = await call(client.submitDossier.bind(client), submit(), { token: await as('desk_officer') });
    if (res.outcome?.$case !== 'received') throw new Error('expected a receipt');
    const { dossierId, dossierCode } = res.outcome.received;
    const portal = await as('citizen_portal', 'PORTAL', 'portal');
    for (const key of [
      { $case: 'dossierId' as const, dossierId },
      { $case: 'dossierCode' as const, dossierCode },
    ]) {
      const err = await failure(call(client.getDossier.bind(client), { key }, { token: portal }));
      expect(err.code).toBe(grpc.status.PERMISSION_DENIED);
    }
    const commune = await as('desk_officer', 'XTRUCCHINH', 'xa01');
    const other = await failure(call(client.getDossier.bind(client), { key: { $case: 'dossierId', dossierId } }, { token: commune }));
    expect(other.code).toBe(grpc.status.PERMISSION_DENIED);
    // the unit's own desk still reads it
    const own = await call(
      client.getDossier.bind(client),
      { key: { $case: 'dossierCode', dossierCode } },
      { token: await as('desk_officer') },
    );
    expect(own.dossier?.dossierId).toBe(dossierId);
  });

  it("§1: the portal's withdrawal request is answered without the applicant, also when it replays the desk's request id", async () => {
    const res = await call(client.submitDossier.bind(client), submit(), { token: await as('desk_officer') });
    if (res.outcome?.$case !== 'received') throw new Error('expected a receipt');
    const { dossierId } = res.outcome.received;
    const portal = await as('citizen_portal', 'PORTAL', 'portal');
    const deskRequest = { requestId: rid('withdraw'), dossierId, reason: 'công dân xin rút' };
    const byDesk = await call(client.requestWithdrawal.bind(client), deskRequest, { token: await as('desk_officer') });
    expect(byDesk.dossier?.applicant?.idNumber).toBe(applicant().idNumber); // the desk sees its dossier whole
    const replayed = await call(client.requestWithdrawal.bind(client), deskRequest, { token: portal });
    expect(replayed.dossier?.dossierId).toBe(dossierId);
    expect(replayed.dossier?.applicant).toBeUndefined();
    expect(JSON.stringify(replayed)).not.toContain(applicant().idNumber);
  });
});
