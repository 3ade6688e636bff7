import type { WorkingCalendar } from '@onestop/calendar';
import type { AccountStore, Session, StaffRole } from '../adapters/accounts';
import type { Gateway } from '../adapters/gateway';
import type { Reference } from '../adapters/reference';
import type { RateLimiter } from '../domain/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { OidcOptions } from './oidc';

export interface AppContext {
  store: AccountStore;
  gateway: Gateway;
  reference: Reference;
  trackingLimiter: RateLimiter;
  loginLimiter: RateLimiter;
  sessionHours: number;
  cookieSecure: boolean;
  portalUnitCode: string;
  /** Working hours, for the time left to a deadline. */
  calendar: WorkingCalendar;
  /** Processing's DueSoon lead, in working hours. */
  dueSoonLeadHours: number;
  /** How often the dashboard's live stream asks reporting whether its figures moved. */
  liveRefreshMs: number;
  /** Set when an OpenID Connect provider replaces local accounts. */
  oidc?: OidcOptions | undefined;
  requireStaff(req: FastifyRequest, roles?: readonly StaffRole[]): Promise<Session>;
}
