// The simulator's settings, read once at start. The platform's own names (WEBHOOK_URL,
// PROVIDER_API_KEY, PROVIDER_WEBHOOK_SECRET — what `npm start` and the e2e harness set for every
// process) are honoured when the SIMULATOR_* ones are not given, so one setting serves both ends.
import { z } from 'zod';

const url = z.string().url('must be a URL').optional();
const apiKey = z.string().min(8, 'must be at least 8 characters').optional();
const secret = z.string().min(16, 'must be at least 16 characters').optional();

export const simulatorConfigSchema = z.object({
  SIMULATOR_HOST: z.string().default('127.0.0.1'),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  /** The API key the platform presents (Authorization: Bearer ...). */
  SIMULATOR_API_KEY: apiKey,
  PROVIDER_API_KEY: apiKey,
  /** Where status callbacks go: postal-delivery's webhook endpoint. */
  SIMULATOR_WEBHOOK_URL: url,
  WEBHOOK_URL: url,
  /** The secret callbacks are signed with (HMAC-SHA256). */
  SIMULATOR_WEBHOOK_SECRET: secret,
  PROVIDER_WEBHOOK_SECRET: secret,
  /** > 0: orders walk their happy path by themselves, one status per interval (local runs). */
  SIMULATOR_AUTO_ADVANCE_MS: z.coerce.number().int().min(0).default(0),
  SIMULATOR_CALLBACK_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;

export interface SimulatorSettings {
  apiKey: string;
  webhookUrl: string;
  webhookSecret: string;
}

/** The defaults match postal-delivery's, so a local run needs no setting at all. */
export function settingsOf(c: SimulatorConfig): SimulatorSettings {
  return {
    apiKey: c.SIMULATOR_API_KEY ?? c.PROVIDER_API_KEY ?? 'local-postal-api-key',
    webhookUrl: c.SIMULATOR_WEBHOOK_URL ?? c.WEBHOOK_URL ?? 'http://127.0.0.1:8083/webhooks/provider',
    webhookSecret: c.SIMULATOR_WEBHOOK_SECRET ?? c.PROVIDER_WEBHOOK_SECRET ?? 'local-postal-webhook-secret',
  };
}
