// Sessions in HTTP-only SameSite=Strict cookies; CSRF by double submit (a readable cookie echoed
// in the X-CSRF-Token header and matched against the session) plus a same-origin check.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountStore, Session, StaffRole } from '../adapters/accounts';
import { ApiError } from '../adapters/gateway';
import { parseCookies, serializeCookie } from './cookies';

export const SESSION_COOKIE = 'fo_sid';
export const CSRF_COOKIE = 'fo_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function cookiesOf(req: FastifyRequest): Record<string, string> {
  return parseCookies(req.headers.cookie);
}

/** A state-changing request must come from a page of this origin. */
export function checkSameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (origin && host && new URL(origin).host !== host)
    throw new ApiError(403, 'Yêu cầu không xuất phát từ trang của hệ thống (sai nguồn gốc)');
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json') && req.method !== 'DELETE') {
    throw new ApiError(415, 'Yêu cầu phải gửi dữ liệu dạng JSON');
  }
}

export function sessionGuard(store: AccountStore) {
  return async function requireStaff(req: FastifyRequest, roles?: readonly StaffRole[]): Promise<Session> {
    const cookies = cookiesOf(req);
    const sid = cookies[SESSION_COOKIE];
    const session = sid ? await store.session(sid) : undefined;
    if (!session) throw new ApiError(401, 'Phiên làm việc đã hết hạn; vui lòng đăng nhập lại.');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      checkSameOrigin(req);
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== session.csrf || cookies[CSRF_COOKIE] !== session.csrf) {
        throw new ApiError(403, 'Mã chống giả mạo yêu cầu (CSRF) không hợp lệ; vui lòng tải lại trang.');
      }
    }
    if (roles && !roles.includes(session.user.role)) throw new ApiError(403, 'Tài khoản của bạn không có quyền dùng chức năng này.');
    return session;
  };
}

export function setSessionCookies(reply: FastifyReply, id: string, csrf: string, hours: number, secure: boolean): void {
  const maxAgeSeconds = hours * 3600;
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, id, { httpOnly: true, secure, maxAgeSeconds }),
    serializeCookie(CSRF_COOKIE, csrf, { httpOnly: false, secure, maxAgeSeconds }),
  ]);
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure: false, maxAgeSeconds: 0 }),
    serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure: false, maxAgeSeconds: 0 }),
  ]);
}
