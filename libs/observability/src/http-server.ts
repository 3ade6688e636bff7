// The /metrics endpoint on the service's own HTTP port (METRICS_HOST:METRICS_PORT).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRegistry } from './registry';

/** Default METRICS_PORT per service (next to their gRPC ports 5005x). */
export const DEFAULT_METRICS_PORTS: Readonly<Record<string, number>> = {
  intake: 9451,
  processing: 9452,
  'postal-delivery': 9453,
  reporting: 9454,
};

export interface MetricsSettings {
  host: string;
  port: number;
}

/**
 * Reads METRICS_HOST (default 127.0.0.1) and METRICS_PORT (default per service; 0 = any free
 * port; `off` = no endpoint). Undefined when off, or when the service has no default and none is set.
 */
export function metricsSettings(service: string, env: NodeJS.ProcessEnv): MetricsSettings | undefined {
  const raw = env.METRICS_PORT?.trim();
  if (raw === 'off') return undefined;
  const host = env.METRICS_HOST?.trim() || '127.0.0.1';
  if (raw === undefined || raw === '') {
    const port = DEFAULT_METRICS_PORTS[service];
    return port === undefined ? undefined : { host, port };
  }
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535)
    throw new Error(`METRICS_PORT must be a port number (0 for any free port) or "off", got "${raw}"`);
  return { host, port };
}

export interface MetricsServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startMetricsServer(settings: MetricsSettings): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(err as Error).message}\n`),
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`METRICS_PORT ${settings.port} on ${settings.host} is in use; set METRICS_PORT to a free port, 0 for any, or "off"`)
          : err,
      ),
    );
    server.listen(settings.port, settings.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${settings.host}:${port}/metrics`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
