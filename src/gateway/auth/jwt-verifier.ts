/**
 * Bearer JWTs from one or more identity providers: the token's `iss` picks the provider, whose
 * key set verifies the signature (RS256, ES256 or EdDSA); issuer, audience, exp and nbf are
 * checked on the injected clock, and the user is one claim (`email` by default): printable, at most
 * 255 characters, and not an address the provider says it has not verified. Successful
 * verifications are remembered for up to a minute, keyed by a hash of the token.
 * @module
 */
import { createHash } from 'node:crypto';
import { decodeJwt, jwtVerify, type JWTVerifyOptions } from 'jose';
import { ExpiringCache } from './expiring-cache.js';
import { DEFAULT_KEY_SET_TIMING, KeySetCache, type FetchLike, type KeySetTiming } from './jwks-cache.js';
import type { Identity } from './authenticator.js';
import type { Clock } from '../../lib/clock.js';
import type { JwtIssuer } from '../../config/schema.js';

/** Signature algorithms accepted (never `none`, never HMAC: the keys are public). */
export const JWT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/** How long a verified token is trusted without verifying it again (capped by its exp). */
const REMEMBER_MS = 60_000;
/** Verified tokens remembered at once. */
const REMEMBERED_TOKENS = 10_000;
/** Longest user name taken from a token, in characters (code points). */
export const MAX_USER_CHARS = 255;
// C0 controls and DEL: a user name ends up in audit lines, logs and access grants.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const SURROGATE_PAIRS = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Characters (code points) in a string: a surrogate pair is one. */
function charCount(s: string): number {
  return s.length - (s.match(SURROGATE_PAIRS)?.length ?? 0);
}

/**
 * The user a verified token's claims name, or null when the claim is missing, empty, too long or
 * holds control characters, or is an `email` the provider marks unverified (a provider that lets
 * anyone register could otherwise hand out someone else's address). Some providers send the flag
 * as the string "false"; that counts too.
 */
export function userOfClaims(payload: Readonly<Record<string, unknown>>, claim: string): string | null {
  const user = payload[claim];
  if (typeof user !== 'string' || user === '' || CONTROL_CHARS.test(user)) return null;
  if (user.length > MAX_USER_CHARS && charCount(user) > MAX_USER_CHARS) return null;
  if (claim === 'email') {
    const verified = payload['email_verified'];
    if (verified === false || verified === 'false') return null;
  }
  return user;
}

/** What a JWT verifier is built from. */
export interface JwtVerifierOptions {
  readonly issuers: readonly JwtIssuer[];
  readonly userClaim: string;
  readonly clock: Clock;
  readonly timing?: KeySetTiming;
  readonly fetch?: FetchLike;
}

interface Provider {
  readonly issuer: JwtIssuer;
  readonly keys: KeySetCache;
}

/** Verifies bearer JWTs and names their user. */
export class JwtVerifier {
  readonly #providers: readonly Provider[];
  readonly #verified: ExpiringCache<Identity>;

  constructor(private readonly o: JwtVerifierOptions) {
    this.#providers = o.issuers.map((issuer) => ({
      issuer,
      keys: new KeySetCache(issuer.jwksUri, o.clock, o.timing ?? DEFAULT_KEY_SET_TIMING, o.fetch),
    }));
    this.#verified = new ExpiringCache(o.clock, REMEMBERED_TOKENS);
  }

  /** The token's user and expiry, or null when the token is not acceptable (whatever the reason). */
  async verify(token: string): Promise<Identity | null> {
    // A hash, not the token, is the cache key: the cache must not become a store of credentials.
    const digest = createHash('sha256').update(token).digest('base64url');
    const remembered = this.#verified.get(digest);
    if (remembered !== undefined) return remembered;
    const provider = this.#providerOf(token);
    if (provider === undefined) return null;
    const options: JWTVerifyOptions = {
      issuer: provider.issuer.issuer,
      algorithms: [...JWT_ALGORITHMS],
      currentDate: new Date(this.o.clock.now()),
      requiredClaims: ['exp'],
      ...(provider.issuer.audience === null ? {} : { audience: provider.issuer.audience }),
    };
    let payload;
    try {
      ({ payload } = await jwtVerify(token, provider.keys.getKey, options));
    } catch {
      return null;
    }
    const user = userOfClaims(payload, this.o.userClaim);
    if (user === null) return null;
    // exp is required above; jose accepts the token while the clock is before exp * 1000.
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
    const identity: Identity = { user, expiresAt };
    this.#verified.set(digest, identity, Math.min(expiresAt, this.o.clock.now() + REMEMBER_MS));
    return identity;
  }

  /** JWKS fetches per issuer, in configuration order (tests, stats). */
  get fetches(): readonly number[] {
    return this.#providers.map((p) => p.keys.fetches);
  }

  /** The provider whose issuer the (still unverified) token names. */
  #providerOf(token: string): Provider | undefined {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      return undefined;
    }
    return typeof iss === 'string' ? this.#providers.find((p) => p.issuer.issuer === iss) : undefined;
  }
}
