// Secrets whose values are published in this repository (defaults for local work). Anyone can mint
// an it_admin token or sign a provider callback with them, so a service refuses to start with one
// unless ONESTOP_ENV=development says this is a developer's machine (`npm start` and the test
// harnesses set it). See docs/security.md.

export const DEVELOPMENT_JWT_SECRET = 'local-development-secret-change-me-0123456789';
export const DEVELOPMENT_WEBHOOK_SECRET = 'local-postal-webhook-secret';

/** Variable → the published values it must not hold outside development mode. */
export const DEVELOPMENT_SECRETS: Readonly<Record<string, readonly string[]>> = {
  AUTH_JWT_SECRET: [DEVELOPMENT_JWT_SECRET],
  PROVIDER_WEBHOOK_SECRET: [DEVELOPMENT_WEBHOOK_SECRET],
};

/** The variable that marks a developer's machine, and its value there. */
export const MODE_VARIABLE = 'ONESTOP_ENV';
export const DEVELOPMENT_MODE = 'development';

export function isDevelopmentMode(env: NodeJS.ProcessEnv): boolean {
  return env[MODE_VARIABLE] === DEVELOPMENT_MODE;
}

/** The published secrets `config` holds, named by variable — none in development mode. */
export function developmentSecretProblems(
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): { variable: string; message: string }[] {
  if (isDevelopmentMode(env)) return [];
  return Object.entries(DEVELOPMENT_SECRETS)
    .filter(([variable, published]) => typeof config[variable] === 'string' && published.includes(config[variable]))
    .map(([variable]) => ({
      variable,
      message: `is the development value published in the repository; set a secret of your own (or ${MODE_VARIABLE}=${DEVELOPMENT_MODE} on a developer's machine)`,
    }));
}
