// One Prometheus registry per process: every family of the platform is registered here (not in
// prom-client's global registry, so two copies of this module never collide), plus Node's own
// process metrics once the service names itself.
import { collectDefaultMetrics, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

let processMetricsFor: string | undefined;

/**
 * Labels every family with `service` and adds Node's process metrics (CPU, memory, event-loop
 * lag, GC, handles: process_* and nodejs_*). Once per process; a second call with another name throws.
 */
export function collectProcessMetrics(service: string): void {
  if (processMetricsFor === service) return;
  if (processMetricsFor !== undefined) throw new Error(`process metrics already collected for ${processMetricsFor}, not ${service}`);
  processMetricsFor = service;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
}

/** Label values come from code (method, command, topic names), never from requests or payloads. */
export function safeLabel(value: string): string {
  return /^[\w.:/-]{1,128}$/.test(value) ? value : 'invalid_label';
}
