// ProcessingService on a real gRPC server over the real stores, for the gRPC integration tests
// (not a test itself: no tier in the name). Tokens are signed with the harness's own secret.
import { loadCalendar } from '@onestop/calendar';
import { processing as pb } from '@onestop/contracts';
import { createRpc, grpcClient, startGrpcServer, TokenIssuer, TokenVerifier } from '@onestop/grpc-kit';
import { processingOn, type Processing, type TestClock, testDatabase, testLogger } from '../../int-support.spec';
import { processingRegistration } from './processing-handlers';

const SECRET = 'processing-int-test-secret-0123456789abcdef';

export interface ProcessingApi {
  p: Processing;
  client: pb.ProcessingServiceClient;
  /** Issues tokens the server accepts. */
  issuer: TokenIssuer;
  close(): Promise<void>;
}

/** The use cases on a fresh database, served over gRPC as main.ts serves them. */
export async function startProcessingApi(clock: TestClock): Promise<ProcessingApi> {
  const database = await testDatabase();
  const p = await processingOn(database.db, clock);
  const rpc = createRpc({ verifier: new TokenVerifier(SECRET), logger: testLogger });
  const server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    services: [processingRegistration(p.commands, p.queries, rpc, { calendarCoverage: loadCalendar().coverage })],
    logger: testLogger,
  });
  const client = grpcClient(pb.ProcessingServiceClient, `127.0.0.1:${server.port}`);
  return {
    p,
    client,
    issuer: new TokenIssuer(SECRET),
    async close() {
      client.close();
      await server.stop();
      await database.drop();
    },
  };
}
