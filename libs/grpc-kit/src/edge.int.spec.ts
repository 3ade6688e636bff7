// The edge limits through a real gRPC server and client: what the outside probe sent.
import * as grpc from '@grpc/grpc-js';
import { SignJWT } from 'jose';
import { common, intake, postal } from '@onestop/contracts';
import { silentLogger } from '@onestop/logging';
import { call, createRpc, fieldViolationsOf, grpcClient, startGrpcServer, TokenIssuer, TokenVerifier, type RunningServer } from './index';

const SECRET = 'edge-test-secret-edge-test-secret-000000';

describe('edge limits over gRPC', () => {
  let server: RunningServer;
  let client: intake.IntakeServiceClient;
  let postalClient: postal.PostalServiceClient;
  let token: string;
  let handled = 0;

  beforeAll(async () => {
    const unary = createRpc({ verifier: new TokenVerifier(SECRET), logger: silentLogger() });
    const intakeImpl = {
      submitDossier: unary<intake.SubmitDossierRequest, intake.SubmitDossierResponse>(async () => {
        handled += 1;
        return { outcome: undefined };
      }),
      getDossier: unary<intake.GetDossierRequest, intake.GetDossierResponse>(async () => {
        handled += 1;
        return { dossier: undefined };
      }),
    };
    const postalImpl = {
      recordCodRemittance: unary<postal.RecordCodRemittanceRequest, postal.RecordCodRemittanceResponse>(async () => {
        handled += 1;
        return { shipment: undefined };
      }),
    };
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger(),
      services: [
        { name: 'onestop.intake.v1.IntakeService', definition: intake.IntakeServiceService, implementation: intakeImpl },
        { name: 'onestop.postal.v1.PostalService', definition: postal.PostalServiceService, implementation: postalImpl },
      ],
    });
    client = grpcClient(intake.IntakeServiceClient, `127.0.0.1:${server.port}`);
    postalClient = grpcClient(postal.PostalServiceClient, `127.0.0.1:${server.port}`);
    token = await new TokenIssuer(SECRET).issue({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
  });

  afterAll(async () => {
    client.close();
    postalClient.close();
    await server.stop();
  });

  /** The error of a call that must fail (a success fails the test). */
  const failing = <Req, Res>(method: Parameters<typeof call<Req, Res>>[0], request: Req, options: Parameters<typeof call<Req, Res>>[2]) =>
    call(method, request, options).then(
      () => {
        throw new Error('expected the call to be refused');
      },
      (e: grpc.ServiceError) => e,
    );

  const submit = (over: Partial<intake.SubmitDossierRequest>) =>
    intake.SubmitDossierRequest.fromPartial({
      requestId: 'r-1',
      channel: 1,
      unitCode: 'TRUCNINH',
      procedureCode: 'P',
      resultDelivery: 1,
      ...over,
    });

  it('refuses unknown enum values before the handler runs (channel 99, result_delivery 99, documents[].form 42)', async () => {
    const before = handled;
    const err = await failing(
      client.submitDossier.bind(client),
      submit({
        channel: 99 as common.Channel,
        resultDelivery: 99 as common.ResultDelivery,
        documents: [{ componentCode: 'A', form: 42 as common.DocumentForm, count: 1, fileRef: '' }],
      }),
      { token },
    );
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(['channel', 'documents[0].form', 'result_delivery']);
    expect(handled).toBe(before);
  });

  it('refuses a 1.2 MB address with the limit stated, and echoes none of it', async () => {
    const address = 'Đ'.repeat(1_200_000);
    const err = await failing(
      client.submitDossier.bind(client),
      submit({ applicant: { fullName: 'An', idNumber: '036090001234', address, phone: '', email: '' } }),
      { token },
    );
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err)).toEqual([
      { field: 'applicant.address', description: 'is 1200000 characters; at most 500 are accepted' },
    ]);
    expect(err.details.length).toBeLessThan(300);
  });

  it('answers 100,000 bad documents with a short error instead of breaking the transport', async () => {
    const documents = Array.from({ length: 100_000 }, () => ({
      componentCode: 'A',
      form: 42 as common.DocumentForm,
      count: 1,
      fileRef: '',
    }));
    const err = await failing(client.submitDossier.bind(client), submit({ documents }), { token, timeoutMs: 30_000 });
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err)).toEqual([{ field: 'documents', description: 'has 100000 items; at most 100 are accepted' }]);
  });

  it('refuses a malformed dossier id naming dossier_id ("a b", 300 characters, 1 MB)', async () => {
    for (const dossierId of ['a b', 'x'.repeat(300), 'y'.repeat(1_000_000)]) {
      const err = await failing(client.getDossier.bind(client), { key: { $case: 'dossierId', dossierId } }, { token });
      expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(['dossier_id']);
      expect(err.details.length).toBeLessThan(300);
    }
  });

  it('answers undecodable bytes (amount_vnd = int64 max) with INVALID_ARGUMENT naming the field, not INTERNAL', async () => {
    const raw = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    const send = (bytes: Buffer) =>
      new Promise<grpc.ServiceError>((resolve) =>
        raw.makeUnaryRequest(
          '/onestop.postal.v1.PostalService/RecordCodRemittance',
          (b: Buffer) => b,
          (b: Buffer) => b,
          bytes,
          metadata,
          (err) => resolve(err as grpc.ServiceError),
        ),
      );
    const intMax = Buffer.concat([
      Buffer.from([0x0a, 0x01, 0x72, 0x12, 0x01, 0x73]),
      Buffer.from([0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
    ]);
    const err = await send(intMax);
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(['amount_vnd']);
    const garbage = await send(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect(garbage.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(garbage).map((v) => v.field)).toEqual(['(request)']);
    raw.close();
  });

  it('answers a token whose sub is 300 characters, or that has no exp, with UNAUTHENTICATED naming the claim', async () => {
    const key = new TextEncoder().encode(SECRET);
    const sign = (sub: string, withExp: boolean) => {
      const jwt = new SignJWT({ role: 'desk_officer', unit: 'TRUCNINH' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('onestop')
        .setAudience('onestop-platform')
        .setSubject(sub)
        .setIssuedAt();
      return (withExp ? jwt.setExpirationTime('10m') : jwt).sign(key);
    };
    const longSub = await failing(
      client.getDossier.bind(client),
      { key: { $case: 'dossierId', dossierId: 'd-1' } },
      { token: await sign('x'.repeat(300), true) },
    );
    expect(longSub.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(longSub.details).toContain('sub');
    const noExp = await failing(
      client.getDossier.bind(client),
      { key: { $case: 'dossierId', dossierId: 'd-1' } },
      { token: await sign('desk01', false) },
    );
    expect(noExp.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(noExp.details).toContain('exp');
  });

  it('refuses a message over the receive limit with RESOURCE_EXHAUSTED stating the limit', async () => {
    const err = await failing(
      client.getDossier.bind(client),
      { key: { $case: 'dossierCode', dossierCode: 'z'.repeat(5 * 1024 * 1024) } },
      { token },
    );
    expect(err.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });
});
