import type { AccountStore, Session, StaffRole } from '../adapters/accounts';
import type { Gateway } from '../adapters/gateway';
import type { Reference } from '../adapters/reference';
import type { RateLimiter } from '../domain/rate-limit';
import type { FastifyRequest } from 'fastify';

export interface AppContext {
  store: AccountStore;
  gateway: Gateway;
  reference: Reference;
  trackingLimiter: RateLimiter;
  loginLimiter: RateLimiter;
  sessionHours: number;
  cookieSecure: boolean;
  portalUnitCode: string;
  requireStaff(req: FastifyRequest, roles?: readonly StaffRole[]): Promise<Session>;
}
