import * as path from 'node:path';
import { z } from 'zod';
import { baseConfigSchema } from '@onestop/config';

const addr = z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port');
const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

export const frontOfficeConfigSchema = baseConfigSchema
  .pick({ MONGO_URL: true, LOG_LEVEL: true, AUTH_JWT_SECRET: true })
  .extend({
    /** Where the web app and its JSON API listen. */
    FRONT_OFFICE_HOST: z.string().default('127.0.0.1'),
    FRONT_OFFICE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Accounts and sessions (the front office owns no dossier data). */
    FRONT_OFFICE_MONGO_DB: z
      .string()
      .regex(/^[\w-]+$/, 'a database name')
      .default('onestop_front_office'),
    INTAKE_GRPC_ADDR: addr.default('127.0.0.1:50051'),
    PROCESSING_GRPC_ADDR: addr.default('127.0.0.1:50052'),
    POSTAL_GRPC_ADDR: addr.default('127.0.0.1:50053'),
    REPORTING_GRPC_ADDR: addr.default('127.0.0.1:50054'),
    /** The procedure catalogue to search in (intake's; details always come from intake over gRPC). */
    CATALOGUE_FILE: z.string().default(path.resolve(__dirname, '../../intake/data/catalogue.json')),
    /** Seeds one demo account per role with a printed password. Development only. */
    DEMO_ACCOUNTS: flag,
    NODE_ENV: z.string().default('development'),
    /** Session lifetime in hours (one working day by default). */
    SESSION_HOURS: z.coerce.number().min(0.1).max(72).default(10),
    /** Set when served over HTTPS so cookies carry the Secure attribute. */
    COOKIE_SECURE: flag,
    /** Citizen lookups allowed per address per minute. */
    TRACKING_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
    /** Unit code of the citizen portal identity the BFF uses for tracking lookups. */
    PORTAL_UNIT_CODE: z.string().default('PORTAL'),
    /** The working calendar (office hours, holidays) for the time left to a deadline; processing's by default. */
    CALENDAR_FILE: z.string().optional(),
    /** How long before a deadline a dossier counts as due soon, in working hours (processing's DUE_SOON_LEAD_WORKING_HOURS). */
    /** How often the dashboard's live stream checks reporting for new figures, in seconds. */
    DASHBOARD_LIVE_SECONDS: z.coerce.number().min(1).max(300).default(5),
    DUE_SOON_LEAD_WORKING_HOURS: z.coerce.number().gt(0).max(80).default(8),
    /** OpenID Connect: set OIDC_ISSUER to sign staff in through a provider instead of local accounts. */
    OIDC_ISSUER: z.string().url('must be the provider’s issuer URL').optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    /** This front office's address as browsers reach it (for the redirect URI). */
    FRONT_OFFICE_PUBLIC_URL: z.string().url('must be a URL').optional(),
    OIDC_SCOPES: z.string().default('openid profile'),
    OIDC_ROLE_CLAIM: z.string().default('onestop_role'),
    OIDC_UNIT_CLAIM: z.string().default('onestop_unit'),
    OIDC_LABEL: z.string().default('tài khoản công vụ'),
    /** Plain-HTTP provider (development and tests only). */
    OIDC_ALLOW_HTTP: flag,
  })
  .refine((c) => !c.OIDC_ISSUER || (c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET), {
    path: ['OIDC_CLIENT_ID'],
    message: 'OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required with OIDC_ISSUER',
  })
  .refine((c) => !(c.OIDC_ALLOW_HTTP && c.NODE_ENV === 'production'), {
    path: ['OIDC_ALLOW_HTTP'],
    message: 'plain HTTP to the OpenID provider is for development only',
  })
  .refine((c) => !(c.DEMO_ACCOUNTS && c.NODE_ENV === 'production'), {
    path: ['DEMO_ACCOUNTS'],
    message: 'demo accounts are for development only; unset DEMO_ACCOUNTS when NODE_ENV=production',
  });

export type FrontOfficeConfig = z.infer<typeof frontOfficeConfigSchema>;
