import { z } from 'zod';

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
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default('local-development-secret-change-me-0123456789'),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Settings of a service that serves gRPC. */
export const grpcServerConfigSchema = (defaultPort: number) =>
  z.object({
    GRPC_HOST: z.string().default('127.0.0.1'),
    GRPC_PORT: port(defaultPort),
  });
