// The simulator's settings, read once at start.
import { z } from 'zod';

export const simulatorConfigSchema = z.object({
  SIMULATOR_HOST: z.string().default('127.0.0.1'),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  /** The API key the platform presents (Authorization: Bearer ...). */
  SIMULATOR_API_KEY: z.string().min(8, 'must be at least 8 characters').default('local-postal-api-key'),
  /** Where status callbacks go: postal-delivery's webhook endpoint. */
  SIMULATOR_WEBHOOK_URL: z.string().url('must be a URL').default('http://127.0.0.1:8083/webhooks/provider'),
  SIMULATOR_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').default('local-postal-webhook-secret'),
  /** > 0: orders walk their happy path by themselves, one status per interval (local runs). */
  SIMULATOR_AUTO_ADVANCE_MS: z.coerce.number().int().min(0).default(0),
  SIMULATOR_CALLBACK_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
