// Steady, bounded load for the fault suite: full dossier lifecycles started at a fixed rate (at
// most `maxInFlight` at a time) through the services' gRPC APIs — counter submissions worked
// through the agency and returned at the desk, some kept in progress, and postal pickups through
// the provider simulator handed over to the desk. Every call is retried with the same request
// (same request id) on a retriable failure, as a real client does, so "acknowledged" means an
// answer came back. What was acknowledged is recorded for the checks after each fault.
import * as grpc from '@grpc/grpc-js';
import { common, postal, postalEvents } from '@onestop/contracts';
import { call, grpcClient } from '@onestop/grpc-kit';
import { intakeClient, processingClient, reportingClient, tokenFor } from '../../support/clients';
import { applicant, householdBusiness } from '../../support/fixtures';
import type { Platform, ServiceName } from '../../support/platform';
import { SpreadClient } from '../../support/scale';
import { waitFor } from '../../support/wait';
import { Simulator } from './simulator';

const S = common.NationalStatus;
/** How long one lifecycle step may wait for the platform (a fault and its recovery included). */
const STEP_TIMEOUT_MS = 240_000;

export interface AckDossier {
  n: number;
  kind: 'counter' | 'postal';
  dossierId: string;
  dossierCode: string;
  expected: common.NationalStatus;
  /** The pickup's shipment id and provider order number (postal only). */
  pickupId?: string;
  orderNumber?: string;
}

export interface AckPickup {
  n: number;
  pickupId: string;
  orderNumber: string;
}

/** How a call attempt ended: its gRPC status code (0 = OK) and the client's details. */
export interface AttemptOutcome {
  code: number;
  details: string;
}

/** One call attempt as the client saw it: when it started, and how it ended. */
interface Attempt {
  service: ServiceName;
  startedAt: number;
  outcome: Promise<AttemptOutcome>;
}

/**
 * An attempt the server never received: grpc-js answers UNAVAILABLE "No connection established"
 * when it could not connect, also for a stream the server refused when it began to shut down
 * (grpc-js retries a refused stream transparently, and that retry finds the port closed). Nothing
 * of it ran; the workload sends it again with the same request id.
 */
export function neverReachedServer(o: AttemptOutcome): boolean {
  return o.code === grpc.status.UNAVAILABLE && o.details.startsWith('No connection established');
}

type Tokens = Record<'officer' | 'leader' | 'specialist' | 'auditor' | 'portal' | 'postman', string>;

export class Workload {
  readonly dossiers: AckDossier[] = [];
  /** Pickups acknowledged whose hand-over has not been acknowledged (yet). */
  readonly pickups = new Map<string, AckPickup>();
  /** Acknowledged commands, by RPC name. */
  readonly commands = new Map<string, number>();
  readonly failures: string[] = [];
  private readonly attempts = new Set<Attempt>();
  private readonly running = new Set<Promise<void>>();
  private next = 1;
  private timer: NodeJS.Timeout | undefined;
  private clients!: {
    desk: SpreadClient<ReturnType<typeof intakeClient>>;
    agency: SpreadClient<ReturnType<typeof processingClient>>;
    reports: SpreadClient<ReturnType<typeof reportingClient>>;
    mail: SpreadClient<postal.PostalServiceClient>;
  };
  private tokens!: Tokens;

  constructor(
    private readonly platform: Platform,
    private readonly simulator: Simulator,
    private readonly options: { ratePerSecond: number; maxInFlight: number; postalEvery: number; keepEvery: number },
  ) {}

  async init(): Promise<void> {
    const p = this.platform;
    this.clients = {
      desk: new SpreadClient([intakeClient(p.address('intake'))], STEP_TIMEOUT_MS),
      agency: new SpreadClient([processingClient(p.address('processing'))], STEP_TIMEOUT_MS),
      reports: new SpreadClient([reportingClient(p.address('reporting'))], STEP_TIMEOUT_MS),
      mail: new SpreadClient([grpcClient(postal.PostalServiceClient, p.address('postal-delivery'))], STEP_TIMEOUT_MS),
    };
    this.tokens = {
      officer: await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' }),
      leader: await tokenFor({ officerId: 'ld01', role: 'leader', unitCode: 'TCKH' }),
      specialist: await tokenFor({ officerId: 'cv01', role: 'specialist', unitCode: 'TCKH' }),
      auditor: await tokenFor({ officerId: 'audit01', role: 'auditor', unitCode: 'TRUCNINH' }),
      portal: await tokenFor({ officerId: 'portal', role: 'citizen_portal', unitCode: 'PORTAL' }),
      postman: await tokenFor({ officerId: 'bd-0042', role: 'postal_provider', unitCode: 'VNPOST' }),
    };
  }

  /** Stops starting lifecycles (those running end on their own, bounded by their step timeouts). */
  halt(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    for (const c of Object.values(this.clients)) for (const client of c.clients) (client as unknown as grpc.Client).close();
  }

  get retries(): number {
    return Object.values(this.clients).reduce((n, c) => n + c.retries, 0);
  }

  get acknowledgedCommands(): number {
    return [...this.commands.values()].reduce((a, b) => a + b, 0);
  }

  /** Starts a lifecycle every 1/rate seconds while fewer than maxInFlight run. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running.size >= this.options.maxInFlight) return;
      const n = this.next++;
      const kind = n % this.options.postalEvery === 0 ? 'postal' : 'counter';
      const run = (kind === 'postal' ? this.postalLifecycle(n) : this.counterLifecycle(n)).catch((err: unknown) => {
        this.failures.push(`dossier ${n} (${kind}): ${err instanceof Error ? err.message : String(err)}`);
      });
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }, 1000 / this.options.ratePerSecond);
  }

  /** Stops starting lifecycles and waits for those running to finish. */
  async drain(): Promise<void> {
    this.halt();
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** The call attempts on `service` that had started by now and not ended yet, with how they end. */
  inFlight(service: ServiceName): { startedAt: number; outcome: Promise<AttemptOutcome> }[] {
    return [...this.attempts].filter((a) => a.service === service);
  }

  /**
   * A counter dossier submitted now and kept in progress; resolves once reporting shows its case
   * opened and its due-soon alert, with when the submission was acknowledged (ms from the call).
   */
  async probe(label: string): Promise<{ dossier: AckDossier; acknowledgedAfterMs: number }> {
    const n = this.next++;
    const started = Date.now();
    const dossier = await this.submitCounter(n, `probe-${label}`, true);
    const acknowledgedAfterMs = Date.now() - started;
    await this.untilDueSoonVisible(dossier);
    return { dossier, acknowledgedAfterMs };
  }

  /** A pickup requested now; resolves once the provider accepted its order (waybill known). */
  async probePickup(label: string): Promise<AckPickup> {
    const n = this.next++;
    const pickup = await this.requestPickup(n, `probe-${label}`);
    await this.untilWaybill(pickup.pickupId);
    return pickup;
  }

  // --- lifecycles -------------------------------------------------------------------------------

  private async counterLifecycle(n: number): Promise<void> {
    const keep = n % this.options.keepEvery === 0;
    const d = await this.submitCounter(n, 'load', keep);
    await this.untilDueSoonVisible(d);
    if (!keep) await this.workAndReturn(d);
  }

  private async postalLifecycle(n: number): Promise<void> {
    const pickup = await this.requestPickup(n, 'load');
    const shipment = await this.untilWaybill(pickup.pickupId);
    await this.simulator.advance(shipment.waybillNumber, 2, 4);
    const rid = this.rid('collect', n);
    const tally = await this.command('postal-delivery', 'RecordCollection', this.clients.mail, (c) =>
      call(
        c.recordCollection.bind(c),
        postal.RecordCollectionRequest.fromPartial({
          requestId: rid,
          shipmentId: pickup.pickupId,
          documents: householdBusiness().documents,
          sealed: true,
          feesCollectedVnd: 100_000,
          feeReceiptNumber: `BL-${n}`,
        }),
        { token: this.tokens.postman },
      ),
    );
    await this.simulator.advance(shipment.waybillNumber, 6, 7, 10, 12, 14);
    await waitFor(
      `pickup ${n} delivered to the desk`,
      async () =>
        (await this.shipment(pickup.pickupId))?.state === postalEvents.ShipmentState.SHIPMENT_STATE_DELIVERED ? true : undefined,
      STEP_TIMEOUT_MS,
    );
    const hid = this.rid('handover', n);
    await this.command('postal-delivery', 'RecordHandover', this.clients.mail, (c) =>
      call(
        c.recordHandover.bind(c),
        postal.RecordHandoverRequest.fromPartial({
          requestId: hid,
          shipmentId: pickup.pickupId,
          handedBy: 'bd-0042',
          documents: tally.shipment!.collection!.documents,
          feesHandedOverVnd: 100_000,
          feeReceiptNumber: `BL-${n}`,
        }),
        { token: this.tokens.officer },
      ),
    );
    const atDesk = await waitFor(
      `the desk to receive pickup ${n}`,
      async () => {
        const s = await this.shipment(pickup.pickupId);
        return s?.deskAcknowledged && s.dossierId ? s : undefined;
      },
      STEP_TIMEOUT_MS,
    );
    this.pickups.delete(pickup.pickupId);
    const d: AckDossier = {
      n,
      kind: 'postal',
      dossierId: atDesk.dossierId,
      dossierCode: atDesk.dossierCode,
      expected: S.NATIONAL_STATUS_RESULT_RETURNED,
      pickupId: pickup.pickupId,
      orderNumber: pickup.orderNumber,
    };
    this.dossiers.push(d);
    await this.untilDueSoonVisible(d);
    await this.workAndReturn(d);
  }

  private async submitCounter(n: number, label: string, keep: boolean): Promise<AckDossier> {
    const request = householdBusiness({ requestId: this.rid(`${label}-submit`, n), applicant: applicant(n) });
    const res = await this.command('intake', 'SubmitDossier', this.clients.desk, (c) =>
      call(c.submitDossier.bind(c), request, { token: this.tokens.officer }),
    );
    const received = res.outcome?.$case === 'received' ? res.outcome.received : undefined;
    if (!received) throw new Error(`dossier ${n} was not received: ${JSON.stringify(res.outcome)}`);
    const d: AckDossier = {
      n,
      kind: 'counter',
      dossierId: received.dossierId,
      dossierCode: received.dossierCode,
      expected: keep ? S.NATIONAL_STATUS_PROCESSING : S.NATIONAL_STATUS_RESULT_RETURNED,
    };
    this.dossiers.push(d);
    return d;
  }

  private async requestPickup(n: number, label: string): Promise<AckPickup> {
    const request = postal.RequestPickupRequest.fromPartial({
      requestId: this.rid(`${label}-pickup`, n),
      unitCode: 'TRUCNINH',
      procedureCode: 'TCKH-01',
      applicant: applicant(n),
      resultDelivery: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
      note: '',
    });
    const res = await this.command('postal-delivery', 'RequestPickup', this.clients.mail, (c) =>
      call(c.requestPickup.bind(c), request, { token: this.tokens.portal }),
    );
    const pickup = { n, pickupId: res.shipment!.shipmentId, orderNumber: res.shipment!.orderNumber };
    this.pickups.set(pickup.pickupId, pickup);
    return pickup;
  }

  /** The agency's steps (assign, appraise, approve, issue), then the result returned at the counter. */
  private async workAndReturn(d: AckDossier): Promise<void> {
    const { dossierId, n } = d;
    const step = (label: string, fn: (c: ReturnType<typeof processingClient>, rid: string) => Promise<unknown>, rpc: string) =>
      this.command('processing', rpc, this.clients.agency, (c) => fn(c, this.rid(label, n)));
    const { leader, specialist, officer } = this.tokens;
    await step(
      'assign',
      (c, requestId) =>
        call(c.assignOfficer.bind(c), { requestId, dossierId, officerId: 'cv01', note: '', expectedVersion: 0 }, { token: leader }),
      'AssignOfficer',
    );
    await step(
      'appraise',
      (c, requestId) =>
        call(c.completeStep.bind(c), { requestId, dossierId, stepCode: 'appraise', note: '', expectedVersion: 0 }, { token: specialist }),
      'CompleteStep',
    );
    await step(
      'approve',
      (c, requestId) =>
        call(c.completeStep.bind(c), { requestId, dossierId, stepCode: 'approve', note: '', expectedVersion: 0 }, { token: leader }),
      'CompleteStep',
    );
    await step(
      'issue',
      (c, requestId) =>
        call(
          c.issueResult.bind(c),
          { requestId, dossierId, resultSummary: 'Giấy chứng nhận đăng ký hộ kinh doanh', documentNumber: `07A${n}`, expectedVersion: 0 },
          { token: leader },
        ),
      'IssueResult',
    );
    await waitFor(
      `the desk to see dossier ${n}'s result`,
      async () => ((await this.deskStatus(dossierId)) === S.NATIONAL_STATUS_RESULT_READY ? true : undefined),
      STEP_TIMEOUT_MS,
    );
    const rid = this.rid('return', n);
    await this.command('intake', 'ReturnResult', this.clients.desk, (c) =>
      call(
        c.returnResult.bind(c),
        { requestId: rid, dossierId, method: common.ResultDelivery.RESULT_DELIVERY_COUNTER, recipientName: 'Người nhận' },
        { token: officer },
      ),
    );
  }

  // --- reads and helpers ------------------------------------------------------------------------

  /** Processing's due-soon timer fires as the case opens (lead > budget); reporting shows it. */
  private untilDueSoonVisible(d: AckDossier) {
    return waitFor(
      `reporting to show dossier ${d.n}'s case and due-soon alert`,
      async () => {
        const v = await this.reportingView(d.dossierId);
        return v?.timeline.some((t) => /DueSoon/.test(t.eventType)) ? true : undefined;
      },
      STEP_TIMEOUT_MS,
    );
  }

  private untilWaybill(pickupId: string) {
    return waitFor(
      `the provider's waybill for pickup ${pickupId}`,
      async () => {
        const s = await this.shipment(pickupId);
        return s?.waybillNumber ? s : undefined;
      },
      STEP_TIMEOUT_MS,
    );
  }

  reportingView(dossierId: string) {
    return this.clients.reports
      .call(0, (c) => call(c.getDossier.bind(c), { key: { $case: 'dossierId', dossierId } }, { token: this.tokens.auditor }))
      .then((r) => r.dossier)
      .catch(() => undefined);
  }

  async deskStatus(dossierId: string): Promise<common.NationalStatus | undefined> {
    const r = await this.clients.desk
      .call(0, (c) => call(c.getDossier.bind(c), { key: { $case: 'dossierId', dossierId } }, { token: this.tokens.officer }))
      .catch(() => undefined);
    return r?.dossier?.status;
  }

  async shipment(shipmentId: string): Promise<postal.Shipment | undefined> {
    const r = await this.clients.mail
      .call(0, (c) => call(c.getShipment.bind(c), { key: { $case: 'shipmentId', shipmentId } }, { token: this.tokens.officer }))
      .catch(() => undefined);
    return r?.shipments[0];
  }

  async caseExists(dossierId: string): Promise<boolean> {
    const r = await this.clients.agency
      .call(0, (c) => call(c.getCase.bind(c), { dossierId }, { token: this.tokens.leader }))
      .catch(() => undefined);
    return Boolean(r?.case);
  }

  get auditorToken(): string {
    return this.tokens.auditor;
  }

  get reportsClient() {
    return this.clients.reports;
  }

  /** One command, retried with the same request until answered; counted once answered. */
  private async command<C, T>(service: ServiceName, rpc: string, client: SpreadClient<C>, attempt: (c: C) => Promise<T>): Promise<T> {
    const res = await client.call(0, (c) => this.tracked(service, attempt(c)));
    this.commands.set(rpc, (this.commands.get(rpc) ?? 0) + 1);
    return res;
  }

  private tracked<T>(service: ServiceName, p: Promise<T>): Promise<T> {
    const a: Attempt = {
      service,
      startedAt: Date.now(),
      outcome: p.then(
        () => ({ code: grpc.status.OK, details: '' }),
        (e: unknown) => {
          const err = e as { code?: number; details?: string };
          return { code: err.code ?? grpc.status.UNKNOWN, details: err.details ?? '' };
        },
      ),
    };
    this.attempts.add(a);
    void a.outcome.then(() => this.attempts.delete(a));
    return p;
  }

  private rid(label: string, n: number): string {
    return `faults-${this.platform.runId}-${label}-${n}`;
  }
}
