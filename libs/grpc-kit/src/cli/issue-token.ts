#!/usr/bin/env node
// Issues a bearer token for local use:
//   npm run token -- --officer desk01 --role desk_officer --unit H_TRUCNINH [--ttl 43200]
// Signs with AUTH_JWT_SECRET: from the environment, else the one `npm start` generated for this
// installation (.local/secrets.env, or ONESTOP_SECRETS_FILE), as the services it starts get it;
// the published development value only when ONESTOP_ENV=development.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigOrExit, baseConfigSchema } from '@onestop/config';
import { TokenIssuer } from '../auth';
import { ROLES, isRole } from '../identity';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(message: string): never {
  process.stderr.write(
    `issue-token: ${message}\nusage: issue-token --officer ID --role ROLE --unit UNIT [--ttl SECONDS]\nroles: ${ROLES.join(', ')}\n`,
  );
  process.exit(2);
}

function useInstallationSecret(): void {
  if (process.env.AUTH_JWT_SECRET) return;
  const file = process.env.ONESTOP_SECRETS_FILE || resolve(__dirname, '../../../../.local/secrets.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // no `npm start` yet: the development default applies
  }
  const m = /^AUTH_JWT_SECRET=(.+)$/m.exec(text);
  if (m?.[1]) process.env.AUTH_JWT_SECRET = m[1].trim();
}

async function main(): Promise<void> {
  useInstallationSecret();
  const config = loadConfigOrExit(baseConfigSchema.pick({ AUTH_JWT_SECRET: true, AUTH_TOKEN_MAX_TTL_SECONDS: true }));
  const officerId = arg('officer') ?? fail('--officer is required');
  const role = arg('role') ?? fail('--role is required');
  const unitCode = arg('unit') ?? fail('--unit is required');
  if (!isRole(role)) fail(`unknown role "${role}"`);
  const ttl = Number(arg('ttl') ?? 12 * 3600);
  if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a positive number of seconds');
  if (ttl > config.AUTH_TOKEN_MAX_TTL_SECONDS)
    fail(`--ttl must be at most ${config.AUTH_TOKEN_MAX_TTL_SECONDS} s (AUTH_TOKEN_MAX_TTL_SECONDS): services refuse longer-lived tokens`);
  process.stdout.write(`${await new TokenIssuer(config.AUTH_JWT_SECRET).issue({ officerId, role, unitCode }, ttl)}\n`);
}

void main();
