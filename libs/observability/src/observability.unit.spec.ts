import { commandMetrics, metricsRegistry, metricsSettings, outboxMetrics, safeLabel } from './index';

async function text(): Promise<string> {
  return metricsRegistry.metrics();
}

describe('METRICS_PORT / METRICS_HOST', () => {
  it('defaults per service, on 127.0.0.1', () => {
    expect(metricsSettings('intake', {})).toEqual({ host: '127.0.0.1', port: 9451 });
    expect(metricsSettings('reporting', { METRICS_HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 9454 });
  });
  it('takes a port, 0 for any, or off', () => {
    expect(metricsSettings('processing', { METRICS_PORT: '9999' })).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(metricsSettings('processing', { METRICS_PORT: '0' })?.port).toBe(0);
    expect(metricsSettings('processing', { METRICS_PORT: 'off' })).toBeUndefined();
    expect(metricsSettings('a-tool', {})).toBeUndefined();
  });
  it('names the variable when the value is bad', () => {
    expect(() => metricsSettings('intake', { METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT must be a port number/);
    expect(() => metricsSettings('intake', { METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});

describe('the recording APIs', () => {
  it('counts command outcomes and conflict retries by command and kind', async () => {
    commandMetrics.accepted('SubmitDossier');
    commandMetrics.rejected('SubmitDossier', 'precondition');
    commandMetrics.conflictRetry('SubmitDossier');
    const t = await text();
    expect(t).toContain('onestop_commands_total{command="SubmitDossier",outcome="accepted",reason=""} 1');
    expect(t).toContain('onestop_commands_total{command="SubmitDossier",outcome="rejected",reason="precondition"} 1');
    expect(t).toContain('onestop_command_conflict_retries_total{command="SubmitDossier"} 1');
  });

  it('reads the outbox backlog at scrape time and observes publish lag per event', async () => {
    let backlog = 7;
    outboxMetrics.registerBacklog(() => backlog);
    expect(await text()).toContain('onestop_outbox_backlog_events 7');
    backlog = 0;
    expect(await text()).toContain('onestop_outbox_backlog_events 0');
    const now = new Date('2026-01-01T00:00:10Z');
    outboxMetrics.published('onestop.intake.events.v1', [new Date('2026-01-01T00:00:09.5Z'), new Date('2026-01-01T00:00:07Z')], now);
    const t = await text();
    expect(t).toContain('onestop_outbox_published_events_total{topic="onestop.intake.events.v1"} 2');
    expect(t).toContain('onestop_outbox_publish_lag_seconds_bucket{le="0.5"} 1');
    expect(t).toContain('onestop_outbox_publish_lag_seconds_bucket{le="5"} 2');
    expect(t).toContain('onestop_outbox_publish_lag_seconds_sum 3.5');
  });

  it('replaces a label value that is not a code-defined name', () => {
    expect(safeLabel('onestop.intake.v1.IntakeService')).toBe('onestop.intake.v1.IntakeService');
    expect(safeLabel('Nguyễn Văn A')).toBe('invalid_label');
    expect(safeLabel('')).toBe('invalid_label');
  });
});
