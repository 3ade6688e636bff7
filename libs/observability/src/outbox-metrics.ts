// The outbox relay: what is stored but not yet on Kafka, and how long events wait. The relay calls
//   outboxMetrics.registerBacklog(() => store.countUnpublishedEvents())   // once, at start
//   outboxMetrics.published(topic, events.length, oldestRecordedAt)        // after the broker acked
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry, safeLabel } from './registry';

let backlogSource: (() => Promise<number> | number) | undefined;

new Gauge({
  name: 'onestop_outbox_backlog_events',
  help: 'Events stored but not yet published to Kafka (read at scrape time).',
  registers: [metricsRegistry],
  async collect() {
    if (!backlogSource) return;
    try {
      this.set(await backlogSource());
    } catch {
      // A failing count leaves the last value; the relay's own logs say why.
    }
  },
});
const publishLag = new Histogram({
  name: 'onestop_outbox_publish_lag_seconds',
  help: 'Time from an event being stored to the broker acknowledging it.',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [metricsRegistry],
});
const published = new Counter({
  name: 'onestop_outbox_published_events_total',
  help: 'Events the outbox relay published.',
  labelNames: ['topic'],
  registers: [metricsRegistry],
});

export const outboxMetrics = {
  /** Where the backlog gauge reads from; a later call replaces the source. */
  registerBacklog(source: () => Promise<number> | number): void {
    backlogSource = source;
  },
  /** `recordedAt` of each event published (or the commit's, once per event). */
  published(topic: string, recordedAt: readonly Date[], now: Date = new Date()): void {
    published.inc({ topic: safeLabel(topic) }, recordedAt.length);
    for (const at of recordedAt) publishLag.observe(Math.max(0, (now.getTime() - at.getTime()) / 1000));
  },
};
