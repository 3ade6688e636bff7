import { z } from 'zod';
import { ConfigError, loadServiceConfig } from './load';
import { baseConfigSchema } from './schemas';
import { DEVELOPMENT_WEBHOOK_SECRET } from './development-secrets';

const postalLike = baseConfigSchema.extend({ PROVIDER_WEBHOOK_SECRET: z.string().default(DEVELOPMENT_WEBHOOK_SECRET) });
const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadServiceConfig(postalLike, env);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => p.variable);
  }
};

describe('a service started with a published development secret (issue 15 §12)', () => {
  it('refuses to start outside development mode, naming each variable', () => {
    expect(problemsOf({})).toEqual(['AUTH_JWT_SECRET', 'PROVIDER_WEBHOOK_SECRET']);
    expect(problemsOf({ ONESTOP_ENV: 'production' })).toEqual(['AUTH_JWT_SECRET', 'PROVIDER_WEBHOOK_SECRET']);
    // setting the published value explicitly is no better than the default
    expect(
      problemsOf({
        AUTH_JWT_SECRET: 'local-development-secret-change-me-0123456789',
        PROVIDER_WEBHOOK_SECRET: 'a-real-webhook-secret-xyz',
      }),
    ).toEqual(['AUTH_JWT_SECRET']);
  });

  it('starts with secrets of its own, or in development mode', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: 'x'.repeat(40), PROVIDER_WEBHOOK_SECRET: 'y'.repeat(20) })).toEqual([]);
    expect(problemsOf({ ONESTOP_ENV: 'development' })).toEqual([]);
  });

  it('says what to do', () => {
    expect(() => loadServiceConfig(postalLike, {})).toThrow(
      /AUTH_JWT_SECRET: is the development value published in the repository; set a secret of your own \(or ONESTOP_ENV=development/,
    );
  });

  it('caps token lifetimes by configuration', () => {
    expect(loadServiceConfig(baseConfigSchema, { ONESTOP_ENV: 'development' }).AUTH_TOKEN_MAX_TTL_SECONDS).toBe(43200);
    expect(() => loadServiceConfig(baseConfigSchema, { ONESTOP_ENV: 'development', AUTH_TOKEN_MAX_TTL_SECONDS: '60' })).toThrow(
      /AUTH_TOKEN_MAX_TTL_SECONDS/,
    );
  });
});
