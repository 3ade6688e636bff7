import { z } from 'zod';
import { baseConfigSchema, ConfigError, grpcServerConfigSchema, loadConfig } from './index';

describe('loadConfig', () => {
  const schema = baseConfigSchema.extend(grpcServerConfigSchema(50051).shape).extend({ MONGO_DB: z.string().default('onestop_intake') });

  it('applies defaults when variables are unset or empty', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: '' });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.GRPC_PORT).toBe(50051);
    expect(config.MONGO_DB).toBe('onestop_intake');
  });

  it('parses lists and numbers', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'a:1, b:2', GRPC_PORT: '6000' });
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.GRPC_PORT).toBe(6000);
  });

  it('names every bad variable', () => {
    let caught: unknown;
    try {
      loadConfig(schema, { GRPC_PORT: 'ninety', MONGO_URL: 'postgres://x', AUTH_JWT_SECRET: 'short' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const vars = (caught as ConfigError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['AUTH_JWT_SECRET', 'GRPC_PORT', 'MONGO_URL']);
    expect((caught as ConfigError).message).toContain('GRPC_PORT');
  });
});
