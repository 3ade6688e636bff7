import { z } from 'zod';
import { DEVELOPMENT_JWT_SECRET } from './development-secrets';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Settings every service reads. */
export const baseConfigSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every((b) => /^[^:\s]+:\d+$/.test(b)), 'expected host:port[,host:port…]'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL').default('mongodb://127.0.0.1:27017/'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // HS256 key shared by the services that issue and verify bearer tokens. The default is for
  // local development only; production sets its own.
  // A service refuses to start with it unless ONESTOP_ENV=development (see development-secrets.ts).
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_JWT_SECRET),
  // Longest lifetime (exp − iat) of a bearer token accepted; default one working day.
  AUTH_TOKEN_MAX_TTL_SECONDS: z.coerce.number().int().min(3600, 'must be at least 3600 (services renew their own tokens hourly)').max(7 * 24 * 3600).default(12 * 3600),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Settings of a service that serves gRPC. */
export const grpcServerConfigSchema = (defaultPort: number) =>
  z.object({
    GRPC_HOST: z.string().default('127.0.0.1'),
    GRPC_PORT: port(defaultPort),
  });
