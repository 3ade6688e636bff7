import * as grpc from '@grpc/grpc-js';
import { intake } from '@onestop/contracts';
import { silentLogger } from '@onestop/logging';
import { service as healthService } from 'grpc-health-check';
import {
  call,
  createRpc,
  fieldViolationsOf,
  grpcClient,
  InvalidArgumentError,
  startGrpcServer,
  TokenIssuer,
  TokenVerifier,
  type RunningServer,
} from './index';

const SECRET = 'test-secret-test-secret-test-secret-0000';

describe('gRPC server conventions', () => {
  let server: RunningServer;
  let client: intake.IntakeServiceClient;
  let token: string;
  const seen: string[] = [];

  beforeAll(async () => {
    const unary = createRpc({ verifier: new TokenVerifier(SECRET), logger: silentLogger() });
    const implementation = {
      getProcedure: unary<intake.GetProcedureRequest, intake.GetProcedureResponse>(async (req, ctx) => {
        seen.push(`${ctx.identity.officerId}/${ctx.correlationId}`);
        if (!req.procedureCode) throw new InvalidArgumentError([{ field: 'procedure_code', description: 'is required' }]);
        return { procedure: intake.Procedure.fromPartial({ code: req.procedureCode }) };
      }),
      getDossier: unary<intake.GetDossierRequest, intake.GetDossierResponse>(async () => ({ dossier: undefined }), { roles: ['auditor'] }),
    };
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger(),
      services: [{ name: 'onestop.intake.v1.IntakeService', definition: intake.IntakeServiceService, implementation: implementation }],
    });
    client = grpcClient(intake.IntakeServiceClient, `127.0.0.1:${server.port}`);
    token = await new TokenIssuer(SECRET).issue({ officerId: 'desk01', role: 'desk_officer', unitCode: 'H01' });
  });

  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it('answers an authenticated call and passes identity and correlation id', async () => {
    const res = await call(client.getProcedure.bind(client), { procedureCode: 'TP-01' }, { token, correlationId: 'corr-1' });
    expect(res.procedure?.code).toBe('TP-01');
    expect(seen).toContain('desk01/corr-1');
  });

  it('refuses a call without a token as UNAUTHENTICATED', async () => {
    await expect(call(client.getProcedure.bind(client), { procedureCode: 'TP-01' })).rejects.toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
    });
  });

  it('refuses a token signed with another key', async () => {
    const forged = await new TokenIssuer('another-secret-another-secret-00000000').issue({
      officerId: 'x',
      role: 'leader',
      unitCode: 'H01',
    });
    await expect(call(client.getProcedure.bind(client), { procedureCode: 'TP-01' }, { token: forged })).rejects.toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
    });
  });

  it('refuses a role that is not allowed as PERMISSION_DENIED', async () => {
    await expect(call(client.getDossier.bind(client), { key: { $case: 'dossierId', dossierId: 'd' } }, { token })).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
  });

  it('maps invalid input to INVALID_ARGUMENT with field violations', async () => {
    const err = await call(client.getProcedure.bind(client), { procedureCode: '' }, { token }).catch((e: grpc.ServiceError) => e);
    expect((err as grpc.ServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(err as grpc.ServiceError)).toEqual([{ field: 'procedure_code', description: 'is required' }]);
  });

  it('serves grpc.health.v1 without a token', async () => {
    const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
    const health = new Health(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure()) as unknown as {
      check: (req: { service: string }, cb: (e: Error | null, r: { status: string | number }) => void) => void;
      close(): void;
    };
    const res = await new Promise<{ status: string | number }>((resolve, reject) =>
      health.check({ service: 'onestop.intake.v1.IntakeService' }, (e, r) => (e ? reject(e) : resolve(r))),
    );
    health.close();
    expect(['SERVING', 1]).toContain(res.status);
  });
});
