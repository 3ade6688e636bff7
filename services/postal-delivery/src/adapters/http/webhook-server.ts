// The provider's status webhook, POST /webhooks/provider:
//   bad or missing signature, stale timestamp -> 401, nothing recorded;
//   malformed body                            -> 400 {error, field} naming the problem;
//   unknown waybill                           -> 404, logged;
//   duplicate                                 -> 200 {result: "duplicate"}, nothing changes;
//   recorded                                  -> 200 {result: "recorded", applied, state}
//     (applied = false for a late status: recorded in the history, the state unchanged).
// GET /healthz answers 200.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postalEvents } from '@onestop/contracts';
import type { Logger } from '@onestop/logging';
import type { ProviderStatusIngest } from '../../application/provider-status';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature';
import { parseWebhookBody } from './webhook-body';

export const WEBHOOK_PATH = '/webhooks/provider';
const MAX_BODY = 256 * 1024;

export interface WebhookServerOptions {
  host: string;
  port: number;
  secret: string;
  replayWindowSeconds: number;
  ingest: ProviderStatusIngest;
  clock: () => Date;
  /** The replay window is the transport's: the provider signs with its wall clock, so it is judged on
   * the wall clock even when the service's business clock is simulated (default: the system clock). */
  wallClock?: () => Date;
  logger: Logger;
}

export interface RunningWebhookServer {
  port: number;
  stop(): Promise<void>;
}

type Answer = [number, Record<string, unknown>];

export async function startWebhookServer(o: WebhookServerOptions): Promise<RunningWebhookServer> {
  const server = http.createServer((req, res) => {
    void handle(req, o)
      .catch((err: unknown): Answer => {
        o.logger.error({ err }, 'webhook failed');
        return [500, { error: 'internal error; send again later' }];
      })
      .then(([status, body]) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function handle(req: http.IncomingMessage, o: WebhookServerOptions): Promise<Answer> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/healthz') return [200, { status: 'ok' }];
  if (path !== WEBHOOK_PATH) return [404, { error: `no route ${req.method} ${path}` }];
  if (req.method !== 'POST') return [405, { error: `${WEBHOOK_PATH} takes POST` }];
  const rawBody = await readBody(req);
  if (!rawBody) return [413, { error: `the body is larger than ${MAX_BODY} bytes` }];
  const correlationId = header(req, 'x-request-id') ?? randomUUID();
  const log = o.logger.child({ correlationId, component: 'webhook' });

  const signed = verifySignature(
    { timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER), rawBody },
    o.secret,
    (o.wallClock ?? (() => new Date()))(),
    o.replayWindowSeconds,
  );
  if (!signed.ok) {
    log.warn({ reason: signed.reason }, 'webhook rejected: not authentic');
    return [401, { error: signed.reason }];
  }
  const parsed = parseWebhookBody(rawBody, o.clock());
  if (!parsed.ok) return [400, { error: `${parsed.field}: ${parsed.problem}`, field: parsed.field }];

  const r = await o.ingest.ingestByWaybill(parsed.report, correlationId);
  const waybill = parsed.report.waybillNumber;
  switch (r.kind) {
    case 'unknown_waybill':
      log.warn({ waybill, statusCode: parsed.report.statusCode }, 'webhook for an unknown waybill');
      return [404, { error: `unknown waybill ${waybill}` }];
    case 'invalid':
      return [
        400,
        { error: r.violations.map((v) => `${v.field}: ${v.description}`).join('; '), field: r.violations[0]?.field ?? '(body)' },
      ];
    case 'duplicate':
      log.info({ waybill, shipmentId: r.shipmentId, statusCode: parsed.report.statusCode }, 'duplicate provider status');
      return [200, { result: 'duplicate' }];
    case 'recorded':
      log.info({ waybill, shipmentId: r.shipmentId, statusCode: parsed.report.statusCode, applied: r.applied }, 'provider status recorded');
      return [200, { result: 'recorded', applied: r.applied, state: postalEvents.shipmentStateToJSON(r.state) }];
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
