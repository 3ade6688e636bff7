// IntakeService over gRPC: transport only — who may call, request id checks, and mapping requests
// to the desk's use cases. Errors are mapped to status codes by grpc-kit.
import type * as grpc from '@grpc/grpc-js';
import { common, intake } from '@onestop/contracts';
import { type CallContext, createRpc, InvalidArgumentError, type Role } from '@onestop/grpc-kit';
import type { Desk } from '../../application/desk';
import type { CommandMeta } from '../../application/ports';
import { validateRequestId } from '../../domain/validation';

const DESK: Role[] = ['desk_officer'];
const SUBMITTERS: Role[] = ['desk_officer', 'citizen_portal', 'service'];
const READERS: Role[] = ['desk_officer', 'specialist', 'leader', 'auditor', 'service', 'it_admin', 'citizen_portal'];

function meta(requestId: string, ctx: CallContext): CommandMeta {
  const violations = validateRequestId(requestId);
  if (violations.length) throw new InvalidArgumentError(violations);
  return { requestId, actor: ctx.identity, correlationId: ctx.correlationId };
}

function readMeta(ctx: CallContext): CommandMeta {
  return { requestId: '', actor: ctx.identity, correlationId: ctx.correlationId };
}

export function intakeHandlers(desk: Desk, rpc: ReturnType<typeof createRpc>): intake.IntakeServiceServer {
  const unary = rpc;
  return {
    submitDossier: unary<intake.SubmitDossierRequest, intake.SubmitDossierResponse>(async (req, ctx) => {
      const m = meta(req.requestId, ctx);
      if (ctx.identity.role === 'citizen_portal' && req.channel !== common.Channel.CHANNEL_ONLINE) {
        throw new InvalidArgumentError([{ field: 'channel', description: 'the online portal submits with channel ONLINE' }]);
      }
      return desk.submitDossier({ ...req, applicant: req.applicant, postalHandover: req.postalHandover }, m);
    }, { roles: SUBMITTERS }),
    receiveOnlineDossier: unary(async (req, ctx) => desk.receiveOnlineDossier(req.dossierId, req.refusalReason, meta(req.requestId, ctx)), { roles: DESK }),
    recordSupplement: unary(async (req, ctx) => ({ dossier: await desk.recordSupplement(req.dossierId, req.documents, meta(req.requestId, ctx)) }), { roles: DESK }),
    requestWithdrawal: unary(async (req, ctx) => ({ dossier: await desk.requestWithdrawal(req.dossierId, req.reason, meta(req.requestId, ctx)) }), {
      roles: ['desk_officer', 'citizen_portal'],
    }),
    confirmWithdrawal: unary(async (req, ctx) => ({ dossier: await desk.confirmWithdrawal(req.dossierId, meta(req.requestId, ctx)) }), { roles: DESK }),
    returnResult: unary(async (req, ctx) => ({ dossier: await desk.returnResult(req.dossierId, req.method, req.recipientName, meta(req.requestId, ctx)) }), {
      roles: DESK,
    }),
    recordResultDelivery: unary(async (req, ctx) => ({ dossier: await desk.recordResultDelivery(req, meta(req.requestId, ctx)) }), { roles: ['service'] }),
    evaluateSatisfaction: unary(async (req, ctx) => ({ dossier: await desk.evaluateSatisfaction(req.dossierId, req.scores, req.comment, meta(req.requestId, ctx)) }), {
      roles: ['desk_officer', 'citizen_portal'],
    }),
    getDossier: unary(async (req, ctx) => {
      const key = req.key?.$case === 'dossierId' ? { dossierId: req.key.dossierId } : req.key?.$case === 'dossierCode' ? { dossierCode: req.key.dossierCode } : {};
      return { dossier: await desk.getDossier(key, readMeta(ctx)) };
    }, { roles: READERS }),
    listOnlineQueue: unary(async (req, ctx) => desk.listOnlineQueue(req.unitCode, req.page?.pageSize ?? 0, req.page?.pageToken ?? '', readMeta(ctx)), { roles: DESK }),
    getReceiptSlip: unary(async (req, ctx) => ({ receiptSlip: await desk.getReceiptSlip(req.dossierId, readMeta(ctx)) }), { roles: ['desk_officer', 'service'] }),
    getProcedure: unary(async (req) => ({ procedure: desk.getProcedure(req.procedureCode) })),
  };
}

export function intakeRegistration(desk: Desk, rpc: ReturnType<typeof createRpc>) {
  return {
    name: 'onestop.intake.v1.IntakeService',
    definition: intake.IntakeServiceService,
    implementation: intakeHandlers(desk, rpc) as unknown as grpc.UntypedServiceImplementation,
  };
}
