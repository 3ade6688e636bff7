// IntakeService over gRPC: transport only — who may call, request id checks, and mapping requests
// to the desk's use cases. Rejections are mapped to status codes by grpc-kit.
import type * as grpc from '@grpc/grpc-js';
import { invalid, invalidField, mayUseDerivedRequestIds, refuse, refuseIfInvalid, requestIdViolations } from '@onestop/commands';
import { common, intake } from '@onestop/contracts';
import { type CallContext, createRpc, type Role } from '@onestop/grpc-kit';
import type { Desk } from '../../application/desk';
import type { CommandMeta } from '../../application/ports';
import { OnlineQueueStore } from '../store/online-queue';
import { slipWithForm, withForms } from '../../application/form-refs';

const DESK: Role[] = ['desk_officer'];
const SUBMITTERS: Role[] = ['desk_officer', 'citizen_portal', 'service'];
// The online portal is not a reader: it acts for citizens it cannot tell apart, so a dossier (with
// the applicant's ID number) by id or code would be any citizen's. Citizens look their dossier up
// in reporting's LookupDossier with code and ID number, throttled (docs/security.md).
const READERS: Role[] = ['desk_officer', 'specialist', 'leader', 'auditor', 'service', 'it_admin'];

export function commandMeta(requestId: string, ctx: Pick<CallContext, 'identity' | 'correlationId'>): CommandMeta {
  // Clients choose their request ids within a bound; ids in the platform's own namespace come only
  // from platform services (the postal hand-over's submission).
  refuseIfInvalid(requestIdViolations(requestId, mayUseDerivedRequestIds(ctx.identity.role)));
  return { requestId, actor: ctx.identity, correlationId: ctx.correlationId };
}

/**
 * The dossier as the caller may see it: the portal's commands on a dossier (withdrawal, evaluation)
 * are answered without the applicant — the portal names dossiers by id for citizens it cannot tell
 * apart, and a retry's stored answer is the desk's view (docs/security.md, "What is left").
 */
export function dossierFor(dossier: intake.Dossier | undefined, ctx: Pick<CallContext, 'identity'>): intake.Dossier | undefined {
  return dossier && ctx.identity.role === 'citizen_portal' ? { ...dossier, applicant: undefined } : dossier;
}

function readMeta(ctx: CallContext): CommandMeta {
  return { requestId: '', actor: ctx.identity, correlationId: ctx.correlationId };
}

export function intakeHandlers(desk: Desk, rpc: ReturnType<typeof createRpc>): intake.IntakeServiceServer {
  const unary = rpc;
  return {
    submitDossier: unary<intake.SubmitDossierRequest, intake.SubmitDossierResponse>(
      async (req, ctx) => {
        const m = commandMeta(req.requestId, ctx);
        if (ctx.identity.role === 'citizen_portal' && req.channel !== common.Channel.CHANNEL_ONLINE) {
          refuse(invalidField('channel', 'the online portal submits with channel ONLINE'));
        }
        return withForms(await desk.submitDossier({ ...req, applicant: req.applicant, postalHandover: req.postalHandover }, m));
      },
      { roles: SUBMITTERS },
    ),
    receiveOnlineDossier: unary(
      async (req, ctx) => withForms(await desk.receiveOnlineDossier(req.dossierId, req.refusalReason, commandMeta(req.requestId, ctx))),
      { roles: DESK },
    ),
    recordSupplement: unary(
      async (req, ctx) => ({ dossier: await desk.recordSupplement(req.dossierId, req.documents, commandMeta(req.requestId, ctx)) }),
      { roles: DESK },
    ),
    requestWithdrawal: unary(
      async (req, ctx) => ({
        dossier: dossierFor(await desk.requestWithdrawal(req.dossierId, req.reason, commandMeta(req.requestId, ctx)), ctx),
      }),
      {
        roles: ['desk_officer', 'citizen_portal'],
      },
    ),
    confirmWithdrawal: unary(
      async (req, ctx) => ({ dossier: await desk.confirmWithdrawal(req.dossierId, commandMeta(req.requestId, ctx)) }),
      { roles: DESK },
    ),
    returnResult: unary(
      async (req, ctx) => ({
        dossier: await desk.returnResult(req.dossierId, req.method, req.recipientName, commandMeta(req.requestId, ctx)),
      }),
      {
        roles: DESK,
      },
    ),
    recordResultDelivery: unary(async (req, ctx) => ({ dossier: await desk.recordResultDelivery(req, commandMeta(req.requestId, ctx)) }), {
      roles: ['service'],
    }),
    evaluateSatisfaction: unary(
      async (req, ctx) => ({
        dossier: dossierFor(await desk.evaluateSatisfaction(req.dossierId, req.scores, req.comment, commandMeta(req.requestId, ctx)), ctx),
      }),
      {
        roles: ['desk_officer', 'citizen_portal'],
      },
    ),
    getDossier: unary(
      async (req, ctx) => {
        const key =
          req.key?.$case === 'dossierId'
            ? { dossierId: req.key.dossierId }
            : req.key?.$case === 'dossierCode'
              ? { dossierCode: req.key.dossierCode }
              : {};
        return { dossier: await desk.getDossier(key, readMeta(ctx)) };
      },
      { roles: READERS },
    ),
    listOnlineQueue: unary(
      async (req, ctx) => {
        const pageToken = req.page?.pageToken ?? '';
        if (pageToken && !OnlineQueueStore.isPageToken(pageToken)) {
          refuse(
            invalid([
              {
                field: 'page.page_token',
                description: 'is not a token from a previous page (send it back unchanged, or none for the first page)',
              },
            ]),
          );
        }
        return desk.listOnlineQueue(req.unitCode, req.page?.pageSize ?? 0, pageToken, readMeta(ctx));
      },
      { roles: DESK },
    ),
    getReceiptSlip: unary(async (req, ctx) => ({ receiptSlip: slipWithForm(await desk.getReceiptSlip(req.dossierId, readMeta(ctx))) }), {
      roles: ['desk_officer', 'service'],
    }),
    getProcedure: unary(async (req) => ({ procedure: desk.getProcedure(req.procedureCode) })),
    recordDigitisation: unary(
      async (req, ctx) => {
        const m = commandMeta(req.requestId, ctx);
        const components = req.components.map((c) => ({
          componentCode: c.componentCode,
          scanned: c.source?.$case === 'scanned' ? c.source.scanned : undefined,
          reused: c.source?.$case === 'reused' ? c.source.reused : undefined,
        }));
        return { dossier: await desk.recordDigitisation(req.dossierId, components, req.result, m) };
      },
      { roles: DESK },
    ),
  };
}

export function intakeRegistration(desk: Desk, rpc: ReturnType<typeof createRpc>) {
  return {
    name: 'onestop.intake.v1.IntakeService',
    definition: intake.IntakeServiceService,
    implementation: intakeHandlers(desk, rpc) as unknown as grpc.UntypedServiceImplementation,
  };
}
