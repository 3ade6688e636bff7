// Polling covers callbacks the provider never delivered: every interval, the open shipments with a
// waybill are asked for their status history, which goes through the same path as webhooks
// (already-recorded statuses are duplicates and change nothing).
import { postalEvents } from '@onestop/contracts';
import type { Logger } from '@onestop/logging';
import { ProviderUnavailableError } from './errors';
import type { PostalProvider, ShipmentViews } from './ports';
import type { ProviderStatusIngest } from './provider-status';

export interface StatusPollerOptions {
  views: ShipmentViews;
  provider: PostalProvider;
  ingest: ProviderStatusIngest;
  intervalMs: number;
  batchSize: number;
  logger: Logger;
}

export class StatusPoller {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> | null = null;
  private running = false;
  private offset = 0;

  constructor(private readonly o: StatusPollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }

  /**
   * One round over the next batch of open shipments (rounds go through all of them, then start
   * over); returns how many were polled and how many new statuses were recorded.
   */
  async pollOnce(): Promise<{ polled: number; recorded: number }> {
    let polled = 0;
    let recorded = 0;
    const batch = await this.o.views.openWithWaybill(this.o.batchSize, this.offset);
    this.offset = batch.length < this.o.batchSize ? 0 : this.offset + batch.length;
    for (const view of batch) {
      try {
        const status = await this.o.provider.getStatus(view.waybillNumber);
        polled++;
        for (const entry of status.history) {
          const report = {
            ...entry,
            waybillNumber: view.waybillNumber,
            orderNumber: status.orderNumber,
            source: postalEvents.StatusSource.STATUS_SOURCE_POLL,
          };
          const r = await this.o.ingest.ingest(view.shipmentId, report, `poll:${view.shipmentId}`);
          if (r.kind === 'recorded') recorded++;
          if (r.kind === 'invalid')
            this.o.logger.warn({ shipmentId: view.shipmentId, violations: r.violations }, 'provider status not recorded');
        }
      } catch (err) {
        if (err instanceof ProviderUnavailableError) {
          this.o.logger.warn({ reason: err.message }, 'provider unavailable; polling resumes next round');
          break;
        }
        this.o.logger.warn({ shipmentId: view.shipmentId, err }, 'polling a shipment failed');
      }
    }
    if (recorded > 0) this.o.logger.info({ polled, recorded }, 'polling recorded statuses missed by webhooks');
    return { polled, recorded };
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pass = this.pollOnce()
        .catch((err: unknown) => this.o.logger.error({ err }, 'polling round failed'))
        .finally(() => {
          this.pass = null;
          this.schedule();
        });
    }, this.o.intervalMs);
  }
}
