// front-office — the web app and its backend-for-frontend. Wiring only: config, adapters, start,
// stop on signal.
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { DEFAULT_CALENDAR_PATH, loadCalendar } from '@onestop/calendar';
import { loadConfigOrExit } from '@onestop/config';
import { createLogger } from '@onestop/logging';
import { runService } from '@onestop/runtime';
import { AccountStore } from './adapters/accounts';
import { DEMO_ACCOUNTS, demoAccountLines } from './adapters/demo-accounts';
import { Gateway } from './adapters/gateway';
import { loadReference } from './adapters/reference';
import { buildApp } from './app';
import { frontOfficeConfigSchema } from './config';
import { RateLimiter } from './domain/rate-limit';
import { sessionGuard } from './http/security';

runService('front-office', async () => {
  const config = loadConfigOrExit(frontOfficeConfigSchema);
  const logger = createLogger('front-office', config.LOG_LEVEL);
  const reference = loadReference(config.CATALOGUE_FILE);
  const mongo = await new MongoClient(config.MONGO_URL).connect();
  const store = new AccountStore(mongo.db(config.FRONT_OFFICE_MONGO_DB));
  await store.init();
  if (config.DEMO_ACCOUNTS) {
    for (const { password, ...user } of DEMO_ACCOUNTS) if (!(await store.exists(user.username))) await store.upsert(user, password);
  }
  const gateway = new Gateway({
    secret: config.AUTH_JWT_SECRET,
    intakeAddr: config.INTAKE_GRPC_ADDR,
    processingAddr: config.PROCESSING_GRPC_ADDR,
    postalAddr: config.POSTAL_GRPC_ADDR,
    reportingAddr: config.REPORTING_GRPC_ADDR,
  });
  const app = await buildApp(
    {
      store,
      gateway,
      reference,
      trackingLimiter: new RateLimiter(config.TRACKING_RATE_PER_MINUTE, 60_000),
      loginLimiter: new RateLimiter(20, 60_000),
      sessionHours: config.SESSION_HOURS,
      cookieSecure: config.COOKIE_SECURE,
      portalUnitCode: config.PORTAL_UNIT_CODE,
      requireStaff: sessionGuard(store),
      calendar: loadCalendar(config.CALENDAR_FILE ?? DEFAULT_CALENDAR_PATH),
      dueSoonLeadHours: config.DUE_SOON_LEAD_WORKING_HOURS,
      liveRefreshMs: config.DASHBOARD_LIVE_SECONDS * 1000,
      oidc: config.OIDC_ISSUER
        ? {
            issuer: config.OIDC_ISSUER,
            clientId: config.OIDC_CLIENT_ID ?? '',
            clientSecret: config.OIDC_CLIENT_SECRET ?? '',
            publicUrl: config.FRONT_OFFICE_PUBLIC_URL ?? `http://${config.FRONT_OFFICE_HOST}:${config.FRONT_OFFICE_PORT}`,
            scopes: config.OIDC_SCOPES,
            roleClaim: config.OIDC_ROLE_CLAIM,
            unitClaim: config.OIDC_UNIT_CLAIM,
            allowHttp: config.OIDC_ALLOW_HTTP,
            label: config.OIDC_LABEL,
          }
        : undefined,
    },
    { logger, webRoot: path.resolve(__dirname, 'web') },
  );
  const address = await app.listen({ host: config.FRONT_OFFICE_HOST, port: config.FRONT_OFFICE_PORT });
  logger.info({ http: address }, 'front office listening');
  if (config.OIDC_ISSUER) {
    process.stdout.write(`Front office: ${address}  (staff sign in through OpenID Connect at ${config.OIDC_ISSUER})\n`);
  } else if (config.DEMO_ACCOUNTS) {
    process.stdout.write([`Front office: ${address}  (demo accounts, development only)`, ...demoAccountLines(), ''].join('\n'));
  }
  return {
    logger,
    running: {
      async stop() {
        await app.close();
        gateway.close();
        await mongo.close();
      },
    },
  };
});
