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

/** Longest bearer token read at all (a real one is a few hundred bytes). */
export const MAX_TOKEN_CHARS = 4096;
/** Default cap on a token's lifetime (exp − iat): one working day. AUTH_TOKEN_MAX_TTL_SECONDS sets it. */
export const DEFAULT_MAX_TOKEN_TTL_SECONDS = 12 * 3600;
const OFFICER_ID = /^[\w.:@-]{1,128}$/;
const UNIT_CODE = /^[\w.:-]{1,64}$/;

export interface TokenVerifierOptions {
  /** Longest lifetime (exp − iat) accepted, in seconds. */
  maxTtlSeconds?: number;
  /** The time now, in ms (default Date.now; tests move it). */
  now?: () => number;
}

/** Tokens whose verification is remembered (a desk sends the same token with every call). */
const VERIFIED_CACHE_SIZE = 1000;

export class TokenVerifier {
  private readonly key: Uint8Array;
  private readonly maxTtlSeconds: number;
  private readonly now: () => number;
  /**
   * Tokens verified before, exactly as sent, with their identity and expiry: a token's signature
   * and claims cannot change, so only its expiry is checked again (an HMAC and a JSON parse less
   * per call). Bounded; the oldest entry goes first.
   */
  private readonly verified = new Map<string, { identity: Identity; exp: number }>();
  constructor(secret: string, options: TokenVerifierOptions = {}) {
    this.key = keyOf(secret);
    this.maxTtlSeconds = options.maxTtlSeconds ?? DEFAULT_MAX_TOKEN_TTL_SECONDS;
    this.now = options.now ?? Date.now;
  }

  /** Verifies a bearer token; throws UnauthenticatedError saying what is wrong. */
  async verify(token: string): Promise<Identity> {
    if (token.length > MAX_TOKEN_CHARS) throw new UnauthenticatedError(`the bearer token is longer than ${MAX_TOKEN_CHARS} characters`);
    const known = this.verified.get(token);
    if (known) {
      if (this.now() < known.exp * 1000) return known.identity;
      this.verified.delete(token); // expired: the full check below says so
    }
    return this.verifyFully(token);
  }

  private async verifyFully(token: string): Promise<Identity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iat'],
        currentDate: new Date(this.now()),
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('the bearer token has expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed && (err.claim === 'exp' || err.claim === 'iat')) {
        throw new UnauthenticatedError(`the bearer token has no valid ${err.claim} (tokens must expire)`);
      }
      throw new UnauthenticatedError('the bearer token is not valid');
    }
    const { sub, role, unit, exp, iat } = payload as { sub?: unknown; role?: unknown; unit?: unknown; exp: number; iat: number };
    const nowSeconds = Math.floor(this.now() / 1000);
    if (exp - iat > this.maxTtlSeconds || exp - nowSeconds > this.maxTtlSeconds) {
      throw new UnauthenticatedError(`the bearer token lives longer than the ${this.maxTtlSeconds} s allowed (exp − iat)`);
    }
    if (typeof sub !== 'string' || !sub) throw new UnauthenticatedError('the bearer token names no officer (sub)');
    if (!OFFICER_ID.test(sub)) throw new UnauthenticatedError("the bearer token's sub must be 1-128 letters, digits, or . _ : @ -");
    if (!isRole(role)) throw new UnauthenticatedError('the bearer token names no known role');
    if (typeof unit !== 'string' || !unit) throw new UnauthenticatedError('the bearer token names no unit');
    if (!UNIT_CODE.test(unit)) throw new UnauthenticatedError("the bearer token's unit must be 1-64 letters, digits, or . _ : -");
    const identity: Identity = { officerId: sub, role, unitCode: unit };
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { identity, exp });
    return identity;
  }
}
