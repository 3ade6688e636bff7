// The simulated postal provider: the provider's HTTP+JSON API (/v1), signed status callbacks, and
// an admin API (/_admin) to inject faults and move orders along. node:http only.
//
// API (Authorization: Bearer <api key>):
//   POST /v1/orders                 create; header Idempotency-Key required; 201 new, 200 replay,
//                                   409 {error, waybill_number} when the order number exists
//   GET  /v1/orders/:waybill        status and history
//   POST /v1/orders/:waybill/cancel cancel: 200 {status_code 9 or 22}, 409 when too late
//   POST /v1/quotes                 fee quote {service, cod_amount} -> {fee}
// Admin (no auth; a test tool):
//   GET/POST /_admin/faults, GET /_admin/stats (API requests by route), POST /_admin/orders/:waybill/advance {status_code, note?, cod_amount?,
//   status_at?}, GET /_admin/orders[?order_number=], GET /_admin/orders/:waybill,
//   GET /_admin/callbacks, POST /_admin/callbacks/flush, POST /_admin/config {webhook_url?,
//   webhook_secret?}, POST /_admin/reset, GET /_admin/health
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@onestop/logging';
import { CallbackSender, payloadOf } from './callbacks';
import { NO_FAULTS, parseFaults, takeApiFault, type Faults } from './faults';
import { BadRequest, object, readJson, send, text, wholeNumber } from './http-io';
import { happyPath, lastStatus, OrderBook, quoteFee, STATUS_CODES, type Order, type OrderInput, type Party, type Service } from './orders';

export interface SimulatorOptions {
  host?: string;
  port: number;
  apiKey: string;
  webhookUrl: string;
  webhookSecret: string;
  /** > 0: every order walks its happy path, one status per interval (local runs). */
  autoAdvanceMs?: number;
  callbackRetries?: number;
  callbackRetryBaseMs?: number;
  logger: Logger;
  clock?: () => Date;
}

export interface RunningSimulator {
  port: number;
  url: string;
  book: OrderBook;
  callbacks: CallbackSender;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, params: string[], url: URL) => Promise<[number, unknown]>;

export async function startSimulator(o: SimulatorOptions): Promise<RunningSimulator> {
  const clock = o.clock ?? (() => new Date());
  const target = { url: o.webhookUrl, secret: o.webhookSecret };
  let faults: Faults = { ...NO_FAULTS };
  const book = new OrderBook(clock);
  const callbacks = new CallbackSender({
    target: () => target,
    faults: () => faults,
    clock,
    logger: o.logger,
    retries: o.callbackRetries,
    retryBaseMs: o.callbackRetryBaseMs,
  });
  const timers = new Set<NodeJS.Timeout>();
  /** API requests received, by route ("POST /v1/orders"): tests check that no call was made. */
  const stats = new Map<string, number>();
  const held = new Set<http.ServerResponse>();

  const report = (order: Order, status: Parameters<OrderBook['advance']>[1]) => {
    const entry = book.advance(order, status);
    callbacks.enqueue(payloadOf(order, entry));
    return entry;
  };

  const autoAdvance = (order: Order) => {
    if (!o.autoAdvanceMs) return;
    const steps = happyPath(order);
    const step = () => {
      const code = steps.shift();
      if (code === undefined || [9, 22].includes(lastStatus(order).status_code)) return;
      report(order, { status_code: code, ...(code === 21 ? { cod_amount: order.cod_amount } : {}) });
      schedule();
    };
    const schedule = () => {
      const t = setTimeout(() => {
        timers.delete(t);
        step();
      }, o.autoAdvanceMs);
      timers.add(t);
    };
    schedule();
  };

  const orderOf = (waybill: string): Order => {
    const order = book.get(waybill);
    if (!order) throw new NotFound(`no order with waybill ${waybill}`);
    return order;
  };

  const api: [string, RegExp, Handler][] = [
    [
      'POST',
      /^\/v1\/orders$/,
      async (req) => {
        const key = req.headers['idempotency-key'];
        if (typeof key !== 'string' || key.trim() === '') throw new BadRequest('Idempotency-Key', 'header is required');
        const outcome = book.create(orderInput(await readJson(req)), key);
        if (outcome.kind === 'conflict') return [409, { error: 'an order with this order_number exists', ...orderView(outcome.order) }];
        if (outcome.kind === 'created') {
          callbacks.enqueue(payloadOf(outcome.order, lastStatus(outcome.order)));
          autoAdvance(outcome.order);
        }
        return [outcome.kind === 'created' ? 201 : 200, orderView(outcome.order)];
      },
    ],
    ['GET', /^\/v1\/orders\/([^/]+)$/, async (_req, [waybill]) => [200, orderView(orderOf(waybill))]],
    [
      'POST',
      /^\/v1\/orders\/([^/]+)\/cancel$/,
      async (req, [waybill]) => {
        const body = object(await readJson(req));
        const order = orderOf(waybill);
        const before = order.history.length;
        const outcome = book.cancel(order, text(body, 'reason', false));
        if (outcome.kind === 'refused') return [409, { error: outcome.reason, ...orderView(order) }];
        if (order.history.length > before) callbacks.enqueue(payloadOf(order, outcome.entry));
        return [200, { waybill_number: waybill, ...outcome.entry }];
      },
    ],
    [
      'POST',
      /^\/v1\/quotes$/,
      async (req) => {
        const body = object(await readJson(req));
        return [200, { fee: quoteFee(service(body), wholeNumber(body, 'cod_amount', 0)) }];
      },
    ],
  ];

  const admin: [string, RegExp, Handler][] = [
    ['GET', /^\/_admin\/health$/, async () => [200, { status: 'ok' }]],
    ['GET', /^\/_admin\/faults$/, async () => [200, faults]],
    [
      'GET',
      /^\/_admin\/stats$/,
      async () => {
        const byRoute = Object.fromEntries(stats);
        return [200, { api_requests: [...stats.values()].reduce((a, b) => a + b, 0), by_route: byRoute }];
      },
    ],
    [
      'POST',
      /^\/_admin\/faults$/,
      async (req) => {
        const parsed = parseFaults(await readJson(req));
        if ('error' in parsed) throw new BadRequest(parsed.field, parsed.error);
        const wasReordering = faults.reorder_callbacks;
        faults = parsed;
        if (wasReordering && !faults.reorder_callbacks) callbacks.flush();
        return [200, faults];
      },
    ],
    [
      'POST',
      /^\/_admin\/config$/,
      async (req) => {
        const body = object(await readJson(req));
        if (body.webhook_url !== undefined) target.url = text(body, 'webhook_url');
        if (body.webhook_secret !== undefined) target.secret = text(body, 'webhook_secret');
        return [200, { webhook_url: target.url }];
      },
    ],
    [
      'GET',
      /^\/_admin\/orders$/,
      async (_req, _p, url) => {
        const n = url.searchParams.get('order_number');
        const orders = n ? [book.findByOrderNumber(n)].filter((x): x is Order => !!x) : book.list();
        return [200, { orders: orders.map(orderView) }];
      },
    ],
    ['GET', /^\/_admin\/orders\/([^/]+)$/, async (_req, [waybill]) => [200, orderView(orderOf(waybill))]],
    [
      'POST',
      /^\/_admin\/orders\/([^/]+)\/advance$/,
      async (req, [waybill]) => {
        const order = orderOf(waybill);
        const body = object(await readJson(req));
        const code = wholeNumber(body, 'status_code');
        if (!STATUS_CODES.has(code)) throw new BadRequest('status_code', `${code} is not a provider status code`);
        const statusAt = body.status_at === undefined ? undefined : isoTime(body, 'status_at');
        const cod = body.cod_amount === undefined ? undefined : wholeNumber(body, 'cod_amount');
        const entry = report(order, { status_code: code, note: text(body, 'note', false), cod_amount: cod, status_at: statusAt });
        return [200, { waybill_number: waybill, ...entry }];
      },
    ],
    [
      'GET',
      /^\/_admin\/callbacks$/,
      async () => {
        await callbacks.idle();
        return [200, { callbacks: callbacks.log }];
      },
    ],
    ['POST', /^\/_admin\/callbacks\/flush$/, async () => [200, { flushed: callbacks.flush() }]],
    [
      'POST',
      /^\/_admin\/reset$/,
      async () => {
        faults = { ...NO_FAULTS };
        book.reset();
        callbacks.clear();
        stats.clear();
        return [200, { reset: true }];
      },
    ],
  ];

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const isApi = url.pathname.startsWith('/v1/');
    const found = (isApi ? api : admin).find(([m, re]) => m === req.method && re.test(url.pathname));
    if (!found) return send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    if (isApi) {
      const routeName = `${found[0]} ${routePath(found[1])}`;
      stats.set(routeName, (stats.get(routeName) ?? 0) + 1);
      if (req.headers.authorization !== `Bearer ${o.apiKey}`) return send(res, 401, { error: 'missing or wrong API key' });
      const fault = takeApiFault(faults);
      if (faults.latency_ms > 0) await sleep(faults.latency_ms);
      if (fault?.kind === 'fail') return send(res, fault.status, { error: 'simulated provider failure' });
      if (fault?.kind === 'hold') {
        const [status, body] = await found[2](req, found[1].exec(url.pathname)!.slice(1).map(decodeURIComponent), url);
        held.add(res);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, fault.ms);
          timers.add(t);
          res.once('close', () => {
            clearTimeout(t);
            resolve();
          });
        });
        held.delete(res);
        if (res.socket && !res.socket.destroyed) send(res, status, body);
        return;
      }
    }
    const [status, body] = await found[2](req, found[1].exec(url.pathname)!.slice(1).map(decodeURIComponent), url);
    send(res, status, body);
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof BadRequest) return send(res, 400, { error: `${err.field}: ${err.message}`, field: err.field });
      if (err instanceof NotFound) return send(res, 404, { error: err.message });
      o.logger.error({ err }, 'simulator error');
      send(res, 500, { error: 'internal simulator error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    book,
    callbacks,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await callbacks.idle();
    },
  };
}

class NotFound extends Error {}

/** "/^\/v1\/orders\/([^/]+)$/" -> "/v1/orders/:waybill" */
function routePath(re: RegExp): string {
  return re.source
    .replace('([^/]+)', ':waybill')
    .replace(/\\\//g, '/')
    .replace(/^\^|\$$/g, '');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function service(o: Record<string, unknown>): Service {
  if (o.service !== 'pickup' && o.service !== 'delivery') throw new BadRequest('service', 'must be "pickup" or "delivery"');
  return o.service;
}

function party(o: Record<string, unknown>, field: string): Party {
  const p = o[field];
  if (typeof p !== 'object' || p === null) throw new BadRequest(field, 'must be an object {name, address, phone}');
  const q = p as Record<string, unknown>;
  for (const k of ['name', 'address', 'phone']) {
    if (typeof q[k] !== 'string' || q[k].trim() === '') throw new BadRequest(`${field}.${k}`, 'must be a non-empty string');
  }
  return { name: q.name as string, address: q.address as string, phone: q.phone as string };
}

function orderInput(body: unknown): OrderInput {
  const o = object(body);
  return {
    order_number: text(o, 'order_number'),
    service: service(o),
    sender: party(o, 'sender'),
    receiver: party(o, 'receiver'),
    cod_amount: wholeNumber(o, 'cod_amount', 0),
    note: text(o, 'note', false),
  };
}

function isoTime(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new BadRequest(field, 'must be an ISO 8601 time');
  return new Date(v).toISOString();
}

function orderView(order: Order) {
  const last = lastStatus(order);
  return {
    waybill_number: order.waybill_number,
    order_number: order.order_number,
    service: order.service,
    fee: order.fee,
    cod_amount: order.cod_amount,
    status_code: last.status_code,
    status_at: last.status_at,
    created_at: order.created_at,
    history: order.history,
  };
}
