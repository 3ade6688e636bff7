// Bearer tokens: HS256 JWTs naming the officer id (sub), role and unit, signed with the key from
// configuration (AUTH_JWT_SECRET).
import { jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import { type Identity, isRole } from './identity';
import { UnauthenticatedError } from './errors';

const ISSUER = 'onestop';
const AUDIENCE = 'onestop-platform';

function keyOf(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('the token signing secret must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

export class TokenIssuer {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = keyOf(secret);
  }

  /** Issues a token for `identity`, valid for `ttlSeconds` (default 12 hours: one working day). */
  async issue(identity: Identity, ttlSeconds = 12 * 3600): Promise<string> {
    return new SignJWT({ role: identity.role, unit: identity.unitCode })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(identity.officerId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }
}

export class TokenVerifier {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = keyOf(secret);
  }

  /** Verifies a bearer token; throws UnauthenticatedError saying what is wrong. */
  async verify(token: string): Promise<Identity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('the bearer token has expired');
      throw new UnauthenticatedError('the bearer token is not valid');
    }
    const { sub, role, unit } = payload as { sub?: unknown; role?: unknown; unit?: unknown };
    if (typeof sub !== 'string' || !sub) throw new UnauthenticatedError('the bearer token names no officer (sub)');
    if (!isRole(role)) throw new UnauthenticatedError('the bearer token names no known role');
    if (typeof unit !== 'string' || !unit) throw new UnauthenticatedError('the bearer token names no unit');
    return { officerId: sub, role, unitCode: unit };
  }
}
