import { z } from 'zod';
import { DEVELOPMENT_JWT_SECRET } from './development-secrets';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Settings every service reads. */
export const baseConfigSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.every((b) => /^[^:\s]+:\d+$/.test(b)), 'expected host:port[,host:port…]'),
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL')
    .default('mongodb://127.0.0.1:27017/'),
  // The PostgreSQL server of the event stores (each service writes in its own schema).
  PG_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres://user[:password]@host[:port]/database URL')
    .default('postgres://onestop:onestop@127.0.0.1:5432/onestop'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // HS256 key shared by the services that issue and verify bearer tokens. The default is for
  // local development only; production sets its own.
  // A service refuses to start with it unless ONESTOP_ENV=development (see development-secrets.ts).
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_JWT_SECRET),
  // Longest lifetime (exp − iat) of a bearer token accepted; default one working day.
  AUTH_TOKEN_MAX_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(3600, 'must be at least 3600 (services renew their own tokens hourly)')
    .max(7 * 24 * 3600)
    .default(12 * 3600),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Settings of a service that serves gRPC. */
export const grpcServerConfigSchema = (defaultPort: number) =>
  z.object({
    GRPC_HOST: z.string().default('127.0.0.1'),
    GRPC_PORT: port(defaultPort),
  });

const PG_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Settings of a service with an event store: its PostgreSQL schema (default: see eventStoreSchemaName). */
export const eventStoreConfigSchema = z.object({
  PG_SCHEMA: z
    .string()
    .regex(PG_SCHEMA_NAME, 'a PostgreSQL schema name: lowercase letters, digits and _, at most 63, not starting with a digit')
    .optional(),
});

/**
 * The schema of a service's event store: PG_SCHEMA if set, else the service's MongoDB database
 * name made a schema name (onestop_intake → onestop_intake; 'Run-1_intake' → run_1_intake), so a
 * deployment or test run that names its databases gets matching schemas without more settings.
 */
export function eventStoreSchemaName(config: { PG_SCHEMA?: string; MONGO_DB: string }): string {
  if (config.PG_SCHEMA) return config.PG_SCHEMA;
  const name = config.MONGO_DB.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return (/^[0-9]/.test(name) ? `_${name}` : name).slice(0, 63);
}
