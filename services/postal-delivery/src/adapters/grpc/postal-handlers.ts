// PostalService over gRPC: transport only — who may call, and mapping requests to the use cases.
// Errors are mapped to status codes by grpc-kit; a provider or desk that cannot be reached now
// is UNAVAILABLE (the client may retry with the same request id).
import { denied, invalid, mayUseDerivedRequestIds, refuse, refuseIfInvalid, requestIdViolations, unavailable } from '@onestop/commands';
import { postal } from '@onestop/contracts';
import type { CallContext, createRpc, Role } from '@onestop/grpc-kit';
import { DeskUnavailableError, ProviderUnavailableError } from '../../application/errors';
import { quoteFee } from '../../application/fees';
import type { Pickups } from '../../application/pickups';
import type { CommandMeta, PostalProvider } from '../../application/ports';
import { pageOf, type ShipmentQueries } from '../../application/queries';
import type { ResultLeg } from '../../application/results';

const REQUESTERS: Role[] = ['citizen_portal', 'desk_officer', 'service'];
const READERS: Role[] = ['desk_officer', 'postal_provider', 'citizen_portal', 'service', 'specialist', 'leader', 'it_admin', 'auditor'];
const LISTERS: Role[] = ['desk_officer', 'postal_provider', 'service', 'leader', 'it_admin', 'auditor'];
const MONEY: Role[] = ['desk_officer', 'leader', 'auditor', 'it_admin', 'service'];

export interface PostalUseCases {
  pickups: Pickups;
  results: ResultLeg;
  queries: ShipmentQueries;
  provider: PostalProvider;
}

/** A page token as the lists issue it (base64url of an offset); anything else is refused, not ignored. */
function pageTokenOf(page: { pageToken: string } | undefined): string {
  const token = page?.pageToken ?? '';
  if (!token) return '';
  const offset = token.length <= 32 && /^[\w-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!/^\d{1,15}$/.test(offset))
    refuse(
      invalid([
        {
          field: 'page.page_token',
          description: 'is not a token from a previous page (send it back unchanged, or none for the first page)',
        },
      ]),
    );
  return token;
}

/** A command's metadata, after the request id rule: bounded client ids, the platform's namespace refused. */
export function commandMeta(requestId: string, ctx: Pick<CallContext, 'identity' | 'correlationId'>): CommandMeta {
  refuseIfInvalid(requestIdViolations(requestId, mayUseDerivedRequestIds(ctx.identity.role)));
  return { requestId, actor: ctx.identity, correlationId: ctx.correlationId };
}

/** Unavailability of a dependency becomes UNAVAILABLE rather than INTERNAL. */
async function available<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DeskUnavailableError || err instanceof ProviderUnavailableError) refuse(unavailable(err.message));
    throw err;
  }
}

export function postalHandlers(u: PostalUseCases, unary: ReturnType<typeof createRpc>): postal.PostalServiceServer {
  return {
    requestPickup: unary<postal.RequestPickupRequest, postal.RequestPickupResponse>(
      (req, ctx) => available(() => u.pickups.requestPickup(req, commandMeta(req.requestId, ctx))),
      { roles: REQUESTERS },
    ),
    cancelPickup: unary<postal.CancelPickupRequest, postal.CancelPickupResponse>(
      (req, ctx) => u.pickups.cancelPickup(req.shipmentId, req.reason, commandMeta(req.requestId, ctx)),
      { roles: REQUESTERS },
    ),
    recordCollection: unary<postal.RecordCollectionRequest, postal.RecordCollectionResponse>(
      (req, ctx) => u.pickups.recordCollection(req, commandMeta(req.requestId, ctx)),
      { roles: ['postal_provider'] },
    ),
    recordHandover: unary<postal.RecordHandoverRequest, postal.RecordHandoverResponse>(
      (req, ctx) => u.pickups.recordHandover(req, commandMeta(req.requestId, ctx)),
      { roles: ['desk_officer'] },
    ),
    recordCodRemittance: unary<postal.RecordCodRemittanceRequest, postal.RecordCodRemittanceResponse>(
      (req, ctx) => u.results.recordCodRemittance(req.shipmentId, req.amountVnd, req.receiptNumber, commandMeta(req.requestId, ctx)),
      { roles: ['desk_officer'] },
    ),
    quoteFee: unary<postal.QuoteFeeRequest, postal.QuoteFeeResponse>(
      async (req) => ({ feeVnd: await available(() => quoteFee(u.provider, req)) }),
      { roles: READERS },
    ),
    getShipment: unary<postal.GetShipmentRequest, postal.GetShipmentResponse>(
      async (req, ctx) => {
        // The portal acts for citizens it cannot tell apart: it follows the pickup it requested by
        // the shipment id it was given. Dossier codes and waybill numbers can be guessed, and a
        // shipment names the citizen, their address and phone (issue 15 §1, postal's share).
        if (ctx.identity.role === 'citizen_portal' && req.key && req.key.$case !== 'shipmentId') {
          refuse(denied('the portal looks a shipment up by the shipment_id RequestPickup returned, not by dossier code or waybill'));
        }
        return { shipments: await u.queries.getShipment(req.key, ctx.identity) };
      },
      { roles: READERS },
    ),
    listPendingPickups: unary<postal.ListPendingPickupsRequest, postal.ListPendingPickupsResponse>(
      async (req, ctx) => {
        const r = await u.queries.pendingPickups(req.unitCode, pageOf(req.page?.pageSize ?? 0, pageTokenOf(req.page)), ctx.identity);
        return { shipments: r.shipments, nextPageToken: r.next };
      },
      { roles: LISTERS },
    ),
    listFailedDeliveries: unary<postal.ListFailedDeliveriesRequest, postal.ListFailedDeliveriesResponse>(
      async (req, ctx) => {
        const r = await u.queries.failedDeliveries(req.unitCode, pageOf(req.page?.pageSize ?? 0, pageTokenOf(req.page)), ctx.identity);
        return { shipments: r.shipments, nextPageToken: r.next };
      },
      { roles: LISTERS },
    ),
    getReconciliation: unary<postal.GetReconciliationRequest, postal.GetReconciliationResponse>(
      (req, ctx) => u.queries.reconciliation(req.unitCode, req.from, req.to, ctx.identity),
      { roles: MONEY },
    ),
  };
}

export function postalRegistration(u: PostalUseCases, unary: ReturnType<typeof createRpc>) {
  return {
    name: 'onestop.postal.v1.PostalService',
    definition: postal.PostalServiceService,
    implementation: postalHandlers(u, unary) as never,
  };
}
