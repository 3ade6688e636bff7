// Intake (the desk) over gRPC, as a platform service (role 'service'). gRPC errors are sorted
// into refusals (bad input, a state that forbids the call: retrying cannot help) and
// unavailability (anything else: try again later).
import { status as Status, type ServiceError } from '@grpc/grpc-js';
import { common, intake, postalEvents } from '@onestop/contracts';
import { call, grpcClient, type TokenIssuer } from '@onestop/grpc-kit';
import { type DeskRefusal, DeskRefusedError, DeskUnavailableError } from '../../application/errors';
import type { DeskAnswer, DeskGateway, DeskSubmission, Procedure, ResultDeliveryRecord } from '../../application/ports';

/** The status codes by which intake refuses for good, and what each means here. */
const REFUSALS = new Map<number, DeskRefusal>([
  [Status.INVALID_ARGUMENT, 'invalid'],
  [Status.OUT_OF_RANGE, 'invalid'],
  [Status.NOT_FOUND, 'not_found'],
  [Status.ALREADY_EXISTS, 'already_exists'],
  [Status.FAILED_PRECONDITION, 'precondition'],
  [Status.UNIMPLEMENTED, 'unsupported'],
]);
const TOKEN_TTL_S = 3600;

export class GrpcDeskGateway implements DeskGateway {
  private readonly client: intake.IntakeServiceClient;
  private token: { value: string; renewAt: number } | undefined;

  constructor(
    address: string,
    private readonly issuer: TokenIssuer,
    private readonly timeoutMs = 10_000,
  ) {
    this.client = grpcClient(intake.IntakeServiceClient, address);
  }

  close(): void {
    this.client.close();
  }

  async getProcedure(code: string): Promise<Procedure | undefined> {
    try {
      const res = await this.call(this.client.getProcedure.bind(this.client), { procedureCode: code });
      return res.procedure ? procedureOf(res.procedure) : undefined;
    } catch (err) {
      if (err instanceof DeskRefusedError && err.refusal === 'not_found') return undefined;
      throw err;
    }
  }

  async submitDossier(s: DeskSubmission): Promise<DeskAnswer> {
    const h = s.handover;
    const res = await this.call(this.client.submitDossier.bind(this.client), {
      requestId: s.requestId,
      channel: common.Channel.CHANNEL_POSTAL,
      unitCode: s.unitCode,
      procedureCode: s.procedureCode,
      applicant: s.applicant,
      documents: s.documents,
      resultDelivery: s.resultDelivery,
      postalHandover: {
        pickupId: s.pickupId,
        waybillNumber: h.waybillNumber,
        handedBy: h.handedBy,
        receivedBy: h.receivedBy,
        handedOverAt: h.handedOverAt,
        feesHandedOverVnd: h.feesHandedOverVnd,
        feeReceiptNumber: h.feeReceiptNumber,
      },
    });
    return answerOf(res);
  }

  async recordResultDelivery(r: ResultDeliveryRecord): Promise<void> {
    await this.call(this.client.recordResultDelivery.bind(this.client), {
      requestId: r.requestId,
      dossierId: r.dossierId,
      delivered: r.delivered,
      at: r.at,
      waybillNumber: r.waybillNumber,
      recipientName: r.recipientName,
      failureReason: r.failureReason,
      shipmentId: r.shipmentId,
    });
  }

  private async call<Req, Res>(method: Parameters<typeof call<Req, Res>>[0], request: Req): Promise<Res> {
    try {
      return await call(method, request, { token: await this.bearer(), timeoutMs: this.timeoutMs });
    } catch (err) {
      const e = err as Partial<ServiceError>;
      const refusal = typeof e.code === 'number' ? REFUSALS.get(e.code) : undefined;
      if (refusal) throw new DeskRefusedError(e.details ?? e.message ?? 'refused', refusal);
      throw new DeskUnavailableError(`intake: ${e.details ?? e.message ?? String(err)}`, { cause: err });
    }
  }

  private async bearer(): Promise<string> {
    if (!this.token || Date.now() >= this.token.renewAt) {
      const value = await this.issuer.issue({ officerId: 'postal-delivery', role: 'service', unitCode: 'platform' }, TOKEN_TTL_S);
      this.token = { value, renewAt: Date.now() + (TOKEN_TTL_S / 2) * 1000 };
    }
    return this.token.value;
  }
}

function procedureOf(p: intake.Procedure): Procedure {
  const sum = (when: common.FeeCollection) => p.fees.filter((f) => f.collectedAt === when).reduce((t, f) => t + f.amountVnd, 0);
  return {
    code: p.code,
    name: p.name,
    components: p.components.map((c) => ({ componentCode: c.code, name: c.name, form: c.form, count: c.count, required: c.required })),
    feesDueAtReceiptVnd: sum(common.FeeCollection.FEE_COLLECTION_AT_RECEIPT),
    feesDueAtReturnVnd: sum(common.FeeCollection.FEE_COLLECTION_AT_RETURN),
    acceptsPostal: p.channels.includes(common.Channel.CHANNEL_POSTAL),
  };
}

function answerOf(res: intake.SubmitDossierResponse): DeskAnswer {
  const o = res.outcome;
  const D = postalEvents.DeskOutcome;
  switch (o?.$case) {
    case 'received':
      return {
        dossierId: o.received.dossierId,
        dossierCode: o.received.dossierCode,
        outcome: D.DESK_OUTCOME_RECEIVED,
        dueAt: o.received.dueAt,
        detail: '',
      };
    case 'incomplete': {
      const detail = o.incomplete.problems.map((p) => `${p.componentCode}: ${p.problem}`).join('; ');
      return { dossierId: o.incomplete.dossierId, dossierCode: '', outcome: D.DESK_OUTCOME_INCOMPLETE, dueAt: undefined, detail };
    }
    case 'refused':
      return {
        dossierId: o.refused.dossierId,
        dossierCode: '',
        outcome: D.DESK_OUTCOME_REFUSED,
        dueAt: undefined,
        detail: o.refused.reason,
      };
    default:
      throw new DeskRefusedError(`intake answered the postal submission with ${o?.$case ?? 'nothing'}`, 'unexpected_answer');
  }
}
