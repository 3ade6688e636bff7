import { parseCookies, serializeCookie } from './cookies';

describe('cookies', () => {
  it('parses a Cookie header', () => {
    expect(parseCookies('fo_sid=abc; fo_csrf=x%2By; bad; =v')).toEqual({ fo_sid: 'abc', fo_csrf: 'x+y' });
    expect(parseCookies(undefined)).toEqual({});
  });

  it('writes HttpOnly, SameSite=Strict, Secure when asked, and expires on clear', () => {
    expect(serializeCookie('fo_sid', 'abc', { httpOnly: true, secure: true, maxAgeSeconds: 3600 })).toBe(
      'fo_sid=abc; Path=/; SameSite=Strict; Max-Age=3600; HttpOnly; Secure',
    );
    expect(serializeCookie('fo_csrf', '', { httpOnly: false, secure: false, maxAgeSeconds: 0 })).toBe(
      'fo_csrf=; Path=/; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
  });
});
