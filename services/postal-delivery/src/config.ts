import { z } from 'zod';
import { baseConfigSchema, DEVELOPMENT_WEBHOOK_SECRET, eventStoreConfigSchema, grpcServerConfigSchema } from '@onestop/config';

const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const postalConfigSchema = baseConfigSchema
  .extend(grpcServerConfigSchema(50053).shape)
  .extend(eventStoreConfigSchema.shape)
  .extend({
    MONGO_DB: z
      .string()
      .regex(/^[\w-]+$/, 'a database name')
      .default('onestop_postal'),
    /** The provider's webhook is served here (POST /webhooks/provider). */
    HTTP_HOST: z.string().default('127.0.0.1'),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8083),
    INTAKE_GRPC_ADDR: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'expected host:port')
      .default('127.0.0.1:50051'),

    // The provider: a real one is this one block away (base URL, credentials, secret).
    PROVIDER_BASE_URL: z.string().url('must be a URL').default('http://127.0.0.1:8090'),
    PROVIDER_API_KEY: z.string().min(8, 'must be at least 8 characters').default('local-postal-api-key'),
    /** Shared secret of the webhook signatures (HMAC-SHA256). */
    PROVIDER_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEVELOPMENT_WEBHOOK_SECRET),
    /** Callbacks with a timestamp further than this from now are refused (replays). */
    WEBHOOK_REPLAY_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    PROVIDER_TIMEOUT_MS: ms(50, 120_000, 5_000),
    /** Tries per provider call, the first included. */
    PROVIDER_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    PROVIDER_BACKOFF_BASE_MS: ms(1, 60_000, 200),
    PROVIDER_BACKOFF_MAX_MS: ms(1, 600_000, 2_000),
    /** Consecutive failed calls that open the circuit breaker, and how long it stays open. */
    PROVIDER_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
    PROVIDER_BREAKER_COOLDOWN_MS: ms(10, 3_600_000, 15_000),
    /** How often open shipments are polled for statuses the webhooks missed. */
    POLL_INTERVAL_MS: ms(100, 86_400_000, 60_000),
    POLL_BATCH: z.coerce.number().int().min(1).max(10_000).default(200),

    /** Durable work (provider orders, calls to the desk): pass interval and retry backoff. */
    WORK_INTERVAL_MS: ms(10, 600_000, 1_000),
    WORK_BACKOFF_BASE_MS: ms(10, 3_600_000, 2_000),
    WORK_BACKOFF_MAX_MS: ms(10, 86_400_000, 300_000),
    WORK_LEASE_MS: ms(1_000, 3_600_000, 120_000),

    /** Failed delivery attempts accepted before a result goes back to the desk. */
    RESULT_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),

    /**
     * "off" for a replay or a read-model rebuild: no calls to the provider or the desk — no work
     * runner, no polling, and the consumers that call for work (reactions, result leg) do not run,
     * so their groups keep their offsets for the instance that has side effects on. The read model
     * (SHIPMENTS_VIEW_VERSION), queries and the webhook are served.
     */
    SIDE_EFFECTS: z.enum(['on', 'off']).default('on'),
    /** Version of the shipments read model (collection shipments_v<N>, its own consumer group). */
    SHIPMENTS_VIEW_VERSION: z.coerce.number().int().min(1).default(1),

    /**
     * The one-stop desk as a postal address (sender of results, receiver of dossiers). The defaults
     * are DEVELOPMENT values: the desk `npm start` and the demo accounts use on today's map — xã Cổ
     * Lễ's public administrative service centre (unit XCOLE, Ninh Bình province since 1 July 2025;
     * services/intake/data/units.json) — with an illustrative phone number; a deployment sets its own.
     */
    DESK_NAME: z.string().min(1).default('Trung tâm Phục vụ hành chính công xã Cổ Lễ'),
    DESK_ADDRESS: z.string().min(1).default('xã Cổ Lễ, tỉnh Ninh Bình'),
    DESK_PHONE: z.string().min(1).default('02283881234'),
  });

export type PostalConfig = z.infer<typeof postalConfigSchema>;
