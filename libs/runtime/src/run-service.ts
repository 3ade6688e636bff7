// How every service process lives: start, say so, stop cleanly once on SIGINT/SIGTERM (in the
// order the service gives), and exit non-zero with the cause when start-up fails. Each process
// also serves its Prometheus metrics (GET /metrics on METRICS_HOST:METRICS_PORT, default per
// service, "off" for none), opened before the service starts and closed after it stopped, and
// exports trace spans over OTLP when the OTEL_* variables ask for it (off by default).
import type { Logger } from 'pino';
import {
  collectProcessMetrics,
  configureTracing,
  flushTracing,
  metricsSettings,
  startMetricsServer,
  type MetricsServer,
} from '@onestop/observability';

export interface Stoppable {
  stop(): Promise<void>;
}

export function runService(name: string, start: () => Promise<{ logger: Logger; running: Stoppable }>): void {
  let metrics: MetricsServer | undefined;
  let log: Logger | undefined;
  const traceExportFailed = (message: string) => (log ? log.warn(message) : process.stderr.write(`${name}: ${message}\n`));
  (async () => {
    const tracing = configureTracing(name, process.env, traceExportFailed);
    const settings = metricsSettings(name, process.env);
    collectProcessMetrics(name);
    if (settings) metrics = await startMetricsServer(settings);
    const started = await start();
    return { ...started, tracing };
  })().then(
    ({ logger, running, tracing }) => {
      log = logger;
      if (metrics) logger.info({ metrics: metrics.url }, `${name} metrics at ${metrics.url}`);
      if (tracing) logger.info('exporting trace spans over OTLP (OTEL_* variables)');
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, `${name} stopping`);
        try {
          await running.stop();
          await flushTracing();
          await metrics?.stop();
          process.exit(0);
        } catch (err) {
          logger.error({ err }, `${name} did not stop cleanly`);
          process.exit(1);
        }
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    },
    (err: unknown) => {
      process.stderr.write(`${name} failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
