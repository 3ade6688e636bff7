// Test helper (not a test file): the provider simulator from infra/postal-simulator as a real HTTP
// server on a free port, plus its admin API.
import { silentLogger } from '@onestop/logging';
import { startSimulator, type RunningSimulator } from '../../../../../infra/postal-simulator/src/server';

export const SIM_API_KEY = 'test-postal-api-key';
export const SIM_SECRET = 'test-postal-webhook-secret';

export async function startTestSimulator(webhookUrl = 'http://127.0.0.1:9/unused'): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    apiKey: SIM_API_KEY,
    webhookUrl,
    webhookSecret: SIM_SECRET,
    logger: silentLogger(),
    callbackRetries: 2,
    callbackRetryBaseMs: 50,
  });
}

export async function admin(sim: { url: string }, method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.url}/_admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
