import { SignJWT } from 'jose';
import { TokenIssuer, TokenVerifier } from './auth';
import { UnauthenticatedError } from './errors';

const SECRET = 'unit-test-secret-unit-test-secret-000000';
const key = new TextEncoder().encode(SECRET);
const base = () =>
  new SignJWT({ role: 'leader', unit: 'TNMT' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('onestop').setAudience('onestop-platform');

describe('TokenVerifier', () => {
  const verifier = new TokenVerifier(SECRET, { maxTtlSeconds: 3600 });

  it('accepts a token within the lifetime cap', async () => {
    const token = await new TokenIssuer(SECRET).issue({ officerId: 'ld01', role: 'leader', unitCode: 'TNMT' }, 600);
    await expect(verifier.verify(token)).resolves.toEqual({ officerId: 'ld01', role: 'leader', unitCode: 'TNMT' });
  });

  it('refuses a token without exp (it would never expire)', async () => {
    const token = await base().setSubject('ld01').setIssuedAt().sign(key);
    await expect(verifier.verify(token)).rejects.toThrow(
      new UnauthenticatedError('the bearer token has no valid exp (tokens must expire)'),
    );
  });

  it('refuses a token living longer than the configured cap', async () => {
    const now = Math.floor(Date.now() / 1000);
    const long = await base()
      .setSubject('ld01')
      .setIssuedAt(now)
      .setExpirationTime(now + 30 * 24 * 3600)
      .sign(key);
    await expect(verifier.verify(long)).rejects.toThrow(/lives longer than the 3600 s/);
    // backdating iat does not help: exp itself must be within the cap from now
    const backdated = await base()
      .setSubject('ld01')
      .setIssuedAt(now + 30 * 24 * 3600 - 600)
      .setExpirationTime(now + 30 * 24 * 3600)
      .sign(key);
    await expect(verifier.verify(backdated)).rejects.toThrow(/lives longer/);
  });

  it('refuses a sub of 300 characters as UNAUTHENTICATED, naming sub', async () => {
    const token = await base().setSubject('x'.repeat(300)).setIssuedAt().setExpirationTime('10m').sign(key);
    const err = await verifier.verify(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as Error).message).toContain('sub');
  });

  it('remembers a verified token, but not past its expiry, and never a refused one', async () => {
    let now = Date.now();
    const clocked = new TokenVerifier(SECRET, { maxTtlSeconds: 3600, now: () => now });
    const token = await new TokenIssuer(SECRET).issue({ officerId: 'ld01', role: 'leader', unitCode: 'TNMT' }, 600);
    await expect(clocked.verify(token)).resolves.toEqual({ officerId: 'ld01', role: 'leader', unitCode: 'TNMT' });
    await expect(clocked.verify(token)).resolves.toEqual({ officerId: 'ld01', role: 'leader', unitCode: 'TNMT' });
    now += 601_000;
    await expect(clocked.verify(token)).rejects.toThrow(new UnauthenticatedError('the bearer token has expired'));
    // a token signed with another key is refused every time, also after a good one was remembered
    const forged = `${token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
    await expect(clocked.verify(forged)).rejects.toThrow(/not valid/);
    await expect(clocked.verify(forged)).rejects.toThrow(/not valid/);
  });

  it('refuses an oversized token before verifying it', async () => {
    await expect(verifier.verify('a'.repeat(100_000))).rejects.toThrow(/longer than/);
  });
});
