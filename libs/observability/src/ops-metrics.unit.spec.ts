import { metricsRegistry, providerMetrics, timerMetrics } from './index';

const text = () => metricsRegistry.metrics();

describe('deadline timer metrics (processing)', () => {
  it('reads pending and late timers from the store at scrape time, one read per scrape', async () => {
    let reads = 0;
    let late = 1;
    timerMetrics.registerPending(async () => {
      reads++;
      return [
        { alert: 'due_soon', deadline: 'dossier', pending: 3, late },
        { alert: 'overdue', deadline: 'step', pending: 2, late: 0 },
      ];
    });
    const first = await text();
    expect(first).toContain('onestop_deadline_timers_pending{alert="due_soon",deadline="dossier"} 3');
    expect(first).toContain('onestop_deadline_timers_pending{alert="overdue",deadline="step"} 2');
    expect(first).toContain('onestop_deadline_timers_late{alert="due_soon",deadline="dossier"} 1');
    expect(reads).toBe(1);
    late = 0;
    await new Promise((r) => setImmediate(r));
    expect(await text()).toContain('onestop_deadline_timers_late{alert="due_soon",deadline="dossier"} 0');
    expect(reads).toBe(2);
  });

  it('keeps the last values when the store cannot be read', async () => {
    timerMetrics.registerPending(async () => [{ alert: 'overdue', deadline: 'dossier', pending: 7, late: 0 }]);
    expect(await text()).toContain('onestop_deadline_timers_pending{alert="overdue",deadline="dossier"} 7');
    await new Promise((r) => setImmediate(r));
    timerMetrics.registerPending(() => Promise.reject(new Error('store down')));
    expect(await text()).toContain('onestop_deadline_timers_pending{alert="overdue",deadline="dossier"} 7');
  });

  it('counts settled timers by kind and outcome, and how late the fired ones were', async () => {
    timerMetrics.settled({ alert: 'overdue', deadline: 'dossier' }, 'fired', 2);
    timerMetrics.settled({ alert: 'overdue', deadline: 'dossier' }, 'obsolete');
    timerMetrics.settled({ alert: 'due_soon', deadline: 'step' }, 'failed');
    const t = await text();
    expect(t).toContain('onestop_deadline_timers_fired_total{alert="overdue",deadline="dossier",outcome="fired"} 1');
    expect(t).toContain('onestop_deadline_timers_fired_total{alert="overdue",deadline="dossier",outcome="obsolete"} 1');
    expect(t).toContain('onestop_deadline_timers_fired_total{alert="due_soon",deadline="step",outcome="failed"} 1');
    expect(t).toContain('onestop_deadline_timer_fire_delay_seconds_bucket{le="2.5",alert="overdue",deadline="dossier"} 1');
    expect(t).toContain('onestop_deadline_timer_fire_delay_seconds_count{alert="overdue",deadline="dossier"} 1');
  });
});

describe('provider metrics (postal-delivery)', () => {
  it('counts calls and attempts by operation and outcome, with call latency', async () => {
    providerMetrics.call('postal', 'create_order', 'ok', 0.2);
    providerMetrics.call('postal', 'create_order', 'circuit_open', 0.001);
    providerMetrics.attempt('postal', 'create_order', 'unavailable');
    providerMetrics.attempt('postal', 'create_order', 'answered');
    const t = await text();
    expect(t).toContain('onestop_provider_calls_total{provider="postal",operation="create_order",outcome="ok"} 1');
    expect(t).toContain('onestop_provider_calls_total{provider="postal",operation="create_order",outcome="circuit_open"} 1');
    expect(t).toContain('onestop_provider_attempts_total{provider="postal",operation="create_order",outcome="unavailable"} 1');
    expect(t).toContain('onestop_provider_call_duration_seconds_count{provider="postal",operation="create_order",outcome="ok"} 1');
  });

  it('shows the circuit state as one gauge per state, 1 for the current one, and counts transitions', async () => {
    providerMetrics.circuit('postal', 'closed', false);
    let t = await text();
    expect(t).toContain('onestop_provider_circuit_state{provider="postal",state="closed"} 1');
    expect(t).toContain('onestop_provider_circuit_state{provider="postal",state="open"} 0');
    expect(t).not.toContain('onestop_provider_circuit_transitions_total{provider="postal"');
    providerMetrics.circuit('postal', 'open');
    providerMetrics.circuit('postal', 'half_open');
    t = await text();
    expect(t).toContain('onestop_provider_circuit_state{provider="postal",state="closed"} 0');
    expect(t).toContain('onestop_provider_circuit_state{provider="postal",state="half_open"} 1');
    expect(t).toContain('onestop_provider_circuit_transitions_total{provider="postal",state="open"} 1');
  });

  it('never turns a value from outside into a label', async () => {
    providerMetrics.call('postal', 'Nguyễn Văn A 0912345678', 'ok', 0.1);
    const t = await text();
    expect(t).not.toContain('Nguyễn');
    expect(t).toContain('operation="invalid_label"');
  });
});
