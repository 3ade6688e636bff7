// The postal provider over HTTP+JSON (the API the simulator in infra/postal-simulator implements):
//   POST /v1/orders (Idempotency-Key), GET /v1/orders/:waybill, POST /v1/orders/:waybill/cancel,
//   POST /v1/quotes; Authorization: Bearer <api key>.
// Every attempt has a timeout; unavailability (timeouts, network errors, 5xx, 429, bad answers) is
// retried with exponential backoff and jitter, through a circuit breaker that fails fast while
// the provider is down. A 4xx answer is the provider refusing: not retried. Every call and attempt
// is counted (onestop_provider_calls_total, onestop_provider_attempts_total, provider="postal").
import type { Logger } from '@onestop/logging';
import { providerMetrics, type ProviderCallOutcome } from '@onestop/observability';
import { ProviderRefusedError, ProviderUnavailableError } from '../../application/errors';
import type {
  CreatedOrder,
  FeeQuoteRequest,
  PostalProvider,
  ProviderOrder,
  ProviderOrderStatus,
  ProviderStatusEntry,
} from '../../application/ports';
import { retry, type BackoffPolicy, type Random, type Sleep } from '../../application/resilience/backoff';
import { CircuitOpenError, type CircuitBreaker } from '../../application/resilience/circuit-breaker';

export interface HttpPostalProviderOptions {
  baseUrl: string;
  apiKey: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Tries per call, the first included. */
  attempts: number;
  backoff: BackoffPolicy;
  breaker: CircuitBreaker;
  random: Random;
  sleep: Sleep;
  logger: Logger;
}

/** The `provider` label of this client's metrics. */
export const PROVIDER = 'postal';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export class HttpPostalProvider implements PostalProvider {
  private readonly baseUrl: string;

  constructor(private readonly o: HttpPostalProviderOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
  }

  async createOrder(order: ProviderOrder, idempotencyKey: string): Promise<CreatedOrder> {
    const body = {
      order_number: order.orderNumber,
      service: order.service,
      sender: order.sender,
      receiver: order.receiver,
      cod_amount: order.codAmountVnd,
      note: order.note,
    };
    const a = await this.call('create_order', 'POST', '/v1/orders', body, { 'idempotency-key': idempotencyKey }, [409]);
    // 409: an order with this order number exists already (created by an earlier attempt).
    if (a.status === 409 && a.body.order_number !== order.orderNumber) throw refusal(a);
    return { waybillNumber: str(a.body, 'waybill_number'), feeVnd: num(a.body, 'fee') };
  }

  async cancelOrder(waybillNumber: string, reason: string): Promise<ProviderStatusEntry> {
    const a = await this.call('cancel_order', 'POST', `/v1/orders/${encodeURIComponent(waybillNumber)}/cancel`, { reason });
    return statusEntry(a.body);
  }

  async getStatus(waybillNumber: string): Promise<ProviderOrderStatus> {
    const a = await this.call('get_status', 'GET', `/v1/orders/${encodeURIComponent(waybillNumber)}`);
    const history = a.body.history;
    if (!Array.isArray(history)) throw new ProviderUnavailableError('the provider answered a status without history');
    return {
      waybillNumber: str(a.body, 'waybill_number'),
      orderNumber: str(a.body, 'order_number'),
      history: history.map((h) => statusEntry(h as Record<string, unknown>)),
    };
  }

  async quoteFee(q: FeeQuoteRequest): Promise<number> {
    const body = { service: q.service, from_address: q.fromAddress, to_address: q.toAddress, cod_amount: q.codAmountVnd };
    return num((await this.call('quote_fee', 'POST', '/v1/quotes', body)).body, 'fee');
  }

  /** One call, counted by operation and outcome. */
  private async call(
    operation: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    accept: number[] = [],
  ): Promise<Answer> {
    const started = performance.now();
    let outcome: ProviderCallOutcome = 'ok';
    try {
      return await this.attempts(operation, method, path, body, headers, accept);
    } catch (err) {
      outcome =
        err instanceof ProviderRefusedError
          ? 'refused'
          : err instanceof ProviderUnavailableError && err.cause instanceof CircuitOpenError
            ? 'circuit_open'
            : 'unavailable';
      throw err;
    } finally {
      providerMetrics.call(PROVIDER, operation, outcome, (performance.now() - started) / 1000);
    }
  }

  /** Attempts with backoff, each through the breaker. `accept` lists 4xx that are answers. */
  private async attempts(
    operation: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    accept: number[] = [],
  ): Promise<Answer> {
    const answer = await retry((attempt) => this.attempt(operation, method, path, body, headers, attempt), {
      attempts: this.o.attempts,
      policy: this.o.backoff,
      random: this.o.random,
      sleep: this.o.sleep,
      retryable: (err) => err instanceof ProviderUnavailableError && !(err.cause instanceof CircuitOpenError),
      onRetry: (err, attempt, delayMs) =>
        this.o.logger.warn({ path, attempt, delayMs, reason: (err as Error).message }, 'provider call failed; retrying'),
    });
    if (answer.status >= 400 && !accept.includes(answer.status)) throw refusal(answer);
    return answer;
  }

  private async attempt(
    operation: string,
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    attempt: number,
  ): Promise<Answer> {
    try {
      const answer = await this.o.breaker.run(() => this.send(method, path, body, headers));
      providerMetrics.attempt(PROVIDER, operation, 'answered');
      return answer;
    } catch (err) {
      providerMetrics.attempt(PROVIDER, operation, err instanceof CircuitOpenError ? 'circuit_open' : 'unavailable');
      if (err instanceof CircuitOpenError) throw new ProviderUnavailableError(err.message, { cause: err });
      if (err instanceof ProviderUnavailableError) this.o.logger.debug({ path, attempt, reason: err.message }, 'provider attempt failed');
      throw err;
    }
  }

  /** Resolves with any answer below 500 (4xx included); throws ProviderUnavailableError otherwise. */
  private async send(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.o.apiKey}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      throw new ProviderUnavailableError(
        timedOut
          ? `the provider did not answer within ${this.o.timeoutMs} ms`
          : `the provider cannot be reached: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 500 || res.status === 429) throw new ProviderUnavailableError(`the provider answered ${res.status}`);
    if (res.status === 401 || res.status === 403)
      throw new ProviderUnavailableError(`the provider refused our credentials (${res.status}); check PROVIDER_API_KEY`);
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new ProviderUnavailableError(`the provider answered ${res.status} with a body that is not JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null)
      throw new ProviderUnavailableError('the provider answered something other than a JSON object');
    return { status: res.status, body: parsed as Record<string, unknown> };
  }
}

function refusal(a: Answer): ProviderRefusedError {
  const why = typeof a.body.error === 'string' ? a.body.error : `status ${a.status}`;
  return new ProviderRefusedError(`the provider refused: ${why}`, a.status);
}

function str(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v === '') throw new ProviderUnavailableError(`the provider's answer lacks ${field}`);
  return v;
}

function num(o: Record<string, unknown>, field: string): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProviderUnavailableError(`the provider's answer lacks ${field}`);
  return v;
}

function statusEntry(o: Record<string, unknown>): ProviderStatusEntry {
  const at = new Date(str(o, 'status_at'));
  if (Number.isNaN(at.getTime())) throw new ProviderUnavailableError('the provider answered a status_at that is not a time');
  return {
    statusCode: num(o, 'status_code'),
    statusAt: at,
    note: typeof o.note === 'string' ? o.note : '',
    codAmountVnd: typeof o.cod_amount === 'number' ? o.cod_amount : 0,
  };
}
