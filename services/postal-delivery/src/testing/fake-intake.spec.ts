// Test helper (not a test file): intake's gRPC API played by the test, on a real gRPC server with
// the platform's auth, so the real GrpcDeskGateway is exercised. It remembers what it was asked
// and answers like intake: idempotent by request id.
import { randomUUID } from 'node:crypto';
import { status as Status } from '@grpc/grpc-js';
import { common, intake } from '@onestop/contracts';
import {
  createRpc,
  FailedPreconditionError,
  NotFoundError,
  RpcError,
  startGrpcServer,
  TokenVerifier,
  type RunningServer,
} from '@onestop/grpc-kit';
import { silentLogger } from '@onestop/logging';

export const PROCEDURE_CODE = 'TP-CT-01';
export const UNIT = '000.00.11.H40';

export const procedure: intake.Procedure = {
  code: PROCEDURE_CODE,
  name: 'Chứng thực bản sao từ bản chính',
  fieldCode: 'TP',
  level: 'district',
  agencyCode: 'PTP',
  statutoryWorkingHours: 8,
  statutoryTimeText: '1 ngày làm việc',
  components: [
    { code: 'TK01', name: 'Tờ khai', form: common.DocumentForm.DOCUMENT_FORM_ORIGINAL, count: 1, required: true },
    { code: 'CCCD', name: 'Căn cước công dân', form: common.DocumentForm.DOCUMENT_FORM_COPY, count: 1, required: true },
  ],
  fees: [
    { code: 'LP', name: 'Lệ phí', amountVnd: 50_000, collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RECEIPT },
    { code: 'PKQ', name: 'Phí trả kết quả', amountVnd: 30_000, collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RETURN },
  ],
  channels: [common.Channel.CHANNEL_COUNTER, common.Channel.CHANNEL_POSTAL],
  supplementPolicy: 'pause',
  catalogueVersion: 'test',
};

class Unavailable extends RpcError {
  readonly code = Status.UNAVAILABLE;
}

export class FakeIntake {
  readonly submissions: intake.SubmitDossierRequest[] = [];
  readonly deliveries: intake.RecordResultDeliveryRequest[] = [];
  readonly callers: string[] = [];
  /** While true every call answers UNAVAILABLE. */
  down = false;
  /** The next N RecordResultDelivery calls answer FAILED_PRECONDITION (intake not caught up). */
  notReadyFor = 0;
  private readonly answers = new Map<string, unknown>();
  private server: RunningServer | undefined;
  private seq = 0;

  async start(secret: string): Promise<string> {
    const unary = createRpc({ verifier: new TokenVerifier(secret), logger: silentLogger() });
    const impl: Partial<intake.IntakeServiceServer> = {
      getProcedure: unary(async (req: intake.GetProcedureRequest, ctx) => {
        this.guard(ctx.identity.role);
        if (req.procedureCode !== PROCEDURE_CODE) throw new NotFoundError(`no procedure ${req.procedureCode}`);
        return { procedure };
      }),
      submitDossier: unary(async (req: intake.SubmitDossierRequest, ctx) => {
        this.guard(ctx.identity.role);
        return this.once(req.requestId, () => {
          this.submissions.push(req);
          this.seq += 1;
          const received: intake.Received = {
            dossierId: randomUUID(),
            dossierCode: `${UNIT}-240304-${String(this.seq).padStart(4, '0')}`,
            receivedAt: new Date(),
            dueAt: new Date(Date.now() + 86_400_000),
            receiptSlip: undefined,
          };
          return { outcome: { $case: 'received', received } };
        });
      }),
      recordResultDelivery: unary(async (req: intake.RecordResultDeliveryRequest, ctx) => {
        this.guard(ctx.identity.role);
        if (this.notReadyFor > 0) {
          this.notReadyFor -= 1;
          throw new FailedPreconditionError('no result is out for delivery (status NATIONAL_STATUS_PROCESSING)');
        }
        return this.once(req.requestId, () => {
          this.deliveries.push(req);
          return { dossier: undefined };
        });
      }),
    };
    this.server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [{ name: 'onestop.intake.v1.IntakeService', definition: intake.IntakeServiceService, implementation: impl as never }],
      logger: silentLogger(),
    });
    return `127.0.0.1:${this.server.port}`;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private guard(role: string): void {
    this.callers.push(role);
    if (this.down) throw new Unavailable('intake is down (test)');
  }

  private once<T>(requestId: string, answer: () => T): T {
    if (!this.answers.has(requestId)) this.answers.set(requestId, answer());
    return this.answers.get(requestId) as T;
  }
}
