// The provider simulator's admin API (infra/postal-simulator): fault switches, status advances,
// and the orders it holds.
export class Simulator {
  constructor(readonly baseUrl: string) {}

  async admin<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_admin${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** Replaces the fault set ({} clears): down, latency_ms, … */
  faults(set: Record<string, unknown>): Promise<unknown> {
    return this.admin('POST', '/faults', set);
  }

  /** Appends the provider statuses in order (each sends its signed callback). */
  async advance(waybill: string, ...codes: number[]): Promise<void> {
    for (const status_code of codes) await this.admin('POST', `/orders/${waybill}/advance`, { status_code });
  }

  async ordersFor(orderNumber: string): Promise<unknown[]> {
    return (await this.admin<{ orders: unknown[] }>('GET', `/orders?order_number=${encodeURIComponent(orderNumber)}`)).orders;
  }
}
