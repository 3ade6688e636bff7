// What postal-delivery's use cases need from the outside world: its event streams and small
// stores, the postal provider, and the desk (intake).
import type { CommandHandler } from '@onestop/commands';
import type { common, postal, postalEvents } from '@onestop/contracts';
import type { ShipmentState } from '../domain/decide';
import type { PostalEvent, RecordedPostalEvent } from '../domain/events';
import type { Shipment } from '../domain/shipment';

export type { Actor, CommandMeta } from '@onestop/commands';

export type Clock = () => Date;

export interface LoadedShipment {
  shipment: Shipment | null;
  events: RecordedPostalEvent[];
}

/** The platform's one command handler over the shipment streams. */
export type ShipmentCommands = CommandHandler<PostalEvent, ShipmentState>;

/** The shipment streams in postal-delivery's event store: reads, and every write through `commands`. */
export interface ShipmentStreams {
  load(shipmentId: string): Promise<LoadedShipment>;
  readonly commands: ShipmentCommands;
}

/** Waybill number -> shipment, written as soon as the provider answers (webhooks look it up). */
export interface WaybillIndex {
  record(waybillNumber: string, shipmentId: string): Promise<void>;
  shipmentOf(waybillNumber: string): Promise<string | undefined>;
}

// ---- the provider ----

export type ProviderService = 'pickup' | 'delivery';

export interface ProviderOrder {
  orderNumber: string;
  service: ProviderService;
  sender: postalEvents.Party;
  receiver: postalEvents.Party;
  codAmountVnd: number;
  note: string;
}

export interface CreatedOrder {
  waybillNumber: string;
  feeVnd: number;
}

export interface ProviderStatusEntry {
  statusCode: number;
  statusAt: Date;
  note: string;
  codAmountVnd: number;
}

export interface ProviderOrderStatus {
  waybillNumber: string;
  orderNumber: string;
  history: ProviderStatusEntry[];
}

export interface FeeQuoteRequest {
  service: ProviderService;
  fromAddress: string;
  toAddress: string;
  codAmountVnd: number;
}

/**
 * The postal provider. Errors: ProviderRefusedError (the provider said no; retrying will not help)
 * or ProviderUnavailableError (down, slow, circuit open; try again later).
 */
export interface PostalProvider {
  /** Idempotent by `idempotencyKey`: a retried create never makes a second order. */
  createOrder(order: ProviderOrder, idempotencyKey: string): Promise<CreatedOrder>;
  /** The status after the cancellation. ProviderRefusedError when it is too late. */
  cancelOrder(waybillNumber: string, reason: string): Promise<ProviderStatusEntry>;
  getStatus(waybillNumber: string): Promise<ProviderOrderStatus>;
  quoteFee(request: FeeQuoteRequest): Promise<number>;
}

// ---- the desk (intake) ----

export interface Procedure {
  code: string;
  name: string;
  components: postalEvents.RequiredDocument[];
  feesDueAtReceiptVnd: number;
  feesDueAtReturnVnd: number;
  acceptsPostal: boolean;
}

export interface DeskSubmission {
  requestId: string;
  unitCode: string;
  procedureCode: string;
  applicant: common.Applicant | undefined;
  documents: common.SubmittedDocument[];
  resultDelivery: common.ResultDelivery;
  handover: postalEvents.DossierHandedOver;
  pickupId: string;
}

export interface DeskAnswer {
  dossierId: string;
  dossierCode: string;
  outcome: postalEvents.DeskOutcome;
  dueAt: Date | undefined;
  detail: string;
}

export interface ResultDeliveryRecord {
  requestId: string;
  dossierId: string;
  delivered: boolean;
  at: Date;
  waybillNumber: string;
  recipientName: string;
  failureReason: string;
  shipmentId: string;
}

/** Intake, over gRPC. Errors: DeskRefusedError (for good) or DeskUnavailableError (try again). */
export interface DeskGateway {
  /** undefined when the catalogue has no such procedure. */
  getProcedure(code: string): Promise<Procedure | undefined>;
  submitDossier(submission: DeskSubmission): Promise<DeskAnswer>;
  recordResultDelivery(record: ResultDeliveryRecord): Promise<void>;
}

// ---- facts from other services (result leg) ----

/** A dossier as intake received it (DossierReceived). */
export interface ReceivedDossier {
  dossierId: string;
  dossierCode: string;
  unitCode: string;
  procedureCode: string;
  applicant: common.Applicant | undefined;
  resultDelivery: common.ResultDelivery;
  eventId: string;
}

/** Processing issued the dossier's result (ResultIssued). */
export interface IssuedResult {
  dossierId: string;
  eventId: string;
  issuedAt: Date;
}

/** Facts kept from other services' events; each is recorded once (insert-if-absent). */
export interface DossierFacts {
  recordReceived(d: ReceivedDossier): Promise<void>;
  recordResultIssued(r: IssuedResult): Promise<void>;
  received(dossierId: string): Promise<ReceivedDossier | undefined>;
  resultIssued(dossierId: string): Promise<IssuedResult | undefined>;
}

// ---- durable work ----

export type WorkKind = 'create-order' | 'cancel-order' | 'submit-dossier' | 'record-result-delivery' | 'request-result-shipment';

export interface WorkItem {
  /** `${kind}:${shipmentId}` — one per shipment and kind, ever. */
  id: string;
  kind: WorkKind;
  shipmentId: string;
  /** The event that called for the work. */
  sourceEventId: string;
  attempts: number;
  dueAt: Date;
}

/**
 * Work that calls the provider or the desk, recorded before the call. enqueue is a claim: it
 * inserts once per (kind, shipment) and returns false ever after, so replaying history creates no
 * new calls.
 */
export interface WorkQueue {
  enqueue(kind: WorkKind, shipmentId: string, sourceEventId: string, dueAt: Date): Promise<boolean>;
  due(now: Date, limit: number): Promise<WorkItem[]>;
  /** Takes a lease on the item; false when another runner holds it. */
  lease(id: string, now: Date, leaseMs: number): Promise<boolean>;
  finish(id: string, now: Date, outcome: 'done' | 'failed', note: string): Promise<void>;
  retryLater(id: string, attempts: number, dueAt: Date, lastError: string): Promise<void>;
}

// ---- the read model (from the service's own events) ----

/** A shipment as listed: the Shipment message (without tracking) plus what queries filter on. */
export interface ShipmentView {
  shipmentId: string;
  version: number;
  leg: postalEvents.Leg;
  state: postalEvents.ShipmentState;
  unitCode: string;
  dossierCode: string;
  waybillNumber: string;
  /** Not in a terminal state. */
  open: boolean;
  pendingPickup: boolean;
  needsAction: boolean;
  requestedAt: Date;
  updatedAt: Date;
  /** When the post took money (collection or delivery); absent before. */
  moneyCollectedAt?: Date;
  shipment: postal.Shipment;
}

export interface Page {
  size: number;
  /** Opaque token from the previous page; '' for the first. */
  token: string;
}

export interface ShipmentViews {
  /** Stores the view unless a newer version is stored already. */
  put(view: ShipmentView): Promise<void>;
  idsByDossierCode(dossierCode: string): Promise<string[]>;
  /** unitCode '*' = every unit. */
  pendingPickups(unitCode: string, page: Page): Promise<{ views: ShipmentView[]; next: string }>;
  needingAction(unitCode: string, page: Page): Promise<{ views: ShipmentView[]; next: string }>;
  /** Open shipments with a waybill, least recently updated first, from `skip` on (for polling). */
  openWithWaybill(limit: number, skip: number): Promise<ShipmentView[]>;
  moneyCollectedBetween(unitCode: string, from: Date, to: Date): Promise<ShipmentView[]>;
}
