// Calls to an outside provider (postal-delivery's postal provider): each call by operation and
// outcome with its latency, each HTTP attempt, and the circuit breaker's state as a gauge.
//   providerMetrics.call('postal', 'create_order', 'ok', seconds)          // after retries, per call
//   providerMetrics.attempt('postal', 'create_order', 'unavailable')       // each try
//   providerMetrics.circuit('postal', 'open')                              // on every transition
// `operation` is a name from code; never a waybill, an order number or anything from a payload.
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry, safeLabel } from './registry';

/** Outcome of one call: an answer, a refusal (4xx), unavailable (after retries), or failed fast by the open circuit. */
export type ProviderCallOutcome = 'ok' | 'refused' | 'unavailable' | 'circuit_open';
/** Outcome of one HTTP attempt. */
export type ProviderAttemptOutcome = 'answered' | 'unavailable' | 'circuit_open';
export type CircuitStateName = 'closed' | 'open' | 'half_open';

export const CIRCUIT_STATES: readonly CircuitStateName[] = ['closed', 'open', 'half_open'];

const calls = new Counter({
  name: 'onestop_provider_calls_total',
  help: 'Calls to an outside provider (retries included in one call), by operation and outcome.',
  labelNames: ['provider', 'operation', 'outcome'],
  registers: [metricsRegistry],
});
const callSeconds = new Histogram({
  name: 'onestop_provider_call_duration_seconds',
  help: 'Time of one call to an outside provider, retries and backoff included, by outcome.',
  labelNames: ['provider', 'operation', 'outcome'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});
const attempts = new Counter({
  name: 'onestop_provider_attempts_total',
  help: 'HTTP attempts to an outside provider: answered, unavailable (timeout, network, 5xx, 429) or refused by the open circuit.',
  labelNames: ['provider', 'operation', 'outcome'],
  registers: [metricsRegistry],
});
const circuitState = new Gauge({
  name: 'onestop_provider_circuit_state',
  help: "The provider circuit breaker's state: 1 for the current state, 0 for the others.",
  labelNames: ['provider', 'state'],
  registers: [metricsRegistry],
});
const transitions = new Counter({
  name: 'onestop_provider_circuit_transitions_total',
  help: 'Circuit breaker transitions, by the state entered.',
  labelNames: ['provider', 'state'],
  registers: [metricsRegistry],
});

export const providerMetrics = {
  call(provider: string, operation: string, outcome: ProviderCallOutcome, seconds: number): void {
    const l = { provider: safeLabel(provider), operation: safeLabel(operation), outcome };
    calls.inc(l);
    callSeconds.observe(l, Math.max(0, seconds));
  },
  attempt(provider: string, operation: string, outcome: ProviderAttemptOutcome): void {
    attempts.inc({ provider: safeLabel(provider), operation: safeLabel(operation), outcome });
  },
  /** The breaker is in `state` now (call once at start, then on every change). */
  circuit(provider: string, state: CircuitStateName, transition = true): void {
    const p = safeLabel(provider);
    for (const s of CIRCUIT_STATES) circuitState.set({ provider: p, state: s }, s === state ? 1 : 0);
    if (transition) transitions.inc({ provider: p, state });
  },
};
