import { z } from 'zod';
import { baseConfigSchema, ConfigError, eventStoreConfigSchema, eventStoreSchemaName, grpcServerConfigSchema, loadConfig } from './index';

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
      loadConfig(schema, { GRPC_PORT: 'ninety', MONGO_URL: 'postgres://x', AUTH_JWT_SECRET: 'short', PG_URL: 'mongodb://x' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const vars = (caught as ConfigError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['AUTH_JWT_SECRET', 'GRPC_PORT', 'MONGO_URL', 'PG_URL']);
    expect((caught as ConfigError).message).toContain('GRPC_PORT');
  });

  it('defaults the event store to the local PostgreSQL and a schema named after the service database', () => {
    const withStore = schema.extend(eventStoreConfigSchema.shape);
    const config = loadConfig(withStore, {});
    expect(config.PG_URL).toBe('postgres://onestop:onestop@127.0.0.1:5432/onestop');
    expect(eventStoreSchemaName(config)).toBe('onestop_intake');
    expect(eventStoreSchemaName(loadConfig(withStore, { MONGO_DB: 'E2E-run7_postal-delivery' }))).toBe('e2e_run7_postal_delivery');
    expect(eventStoreSchemaName(loadConfig(withStore, { MONGO_DB: '7abc' }))).toBe('_7abc');
    expect(eventStoreSchemaName(loadConfig(withStore, { PG_SCHEMA: 'intake' }))).toBe('intake');
    expect(() => loadConfig(withStore, { PG_SCHEMA: 'Intake;drop' })).toThrow(/PG_SCHEMA/);
  });
});
