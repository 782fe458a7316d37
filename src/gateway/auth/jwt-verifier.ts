/**
 * Bearer JWTs from one or more identity providers: the token's `iss` picks the provider, whose
 * key set verifies the signature (RS256, ES256 or EdDSA); issuer, audience, exp and nbf are
 * checked on the injected clock, and the user is one claim (`email` by default). Successful
 * verifications are remembered for up to a minute, keyed by a hash of the token.
 * @module
 */
import { createHash } from 'node:crypto';
import { decodeJwt, jwtVerify, type JWTVerifyOptions } from 'jose';
import { ExpiringCache } from './expiring-cache.js';
import { DEFAULT_KEY_SET_TIMING, KeySetCache, type FetchLike, type KeySetTiming } from './jwks-cache.js';
import type { Clock } from '../../lib/clock.js';
import type { JwtIssuer } from '../../config/schema.js';

/** Signature algorithms accepted (never `none`, never HMAC: the keys are public). */
export const JWT_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/** How long a verified token is trusted without verifying it again (capped by its exp). */
const REMEMBER_MS = 60_000;
/** Verified tokens remembered at once. */
const REMEMBERED_TOKENS = 10_000;

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
  readonly #verified: ExpiringCache<string>;

  constructor(private readonly o: JwtVerifierOptions) {
    this.#providers = o.issuers.map((issuer) => ({
      issuer,
      keys: new KeySetCache(issuer.jwksUri, o.clock, o.timing ?? DEFAULT_KEY_SET_TIMING, o.fetch),
    }));
    this.#verified = new ExpiringCache(o.clock, REMEMBERED_TOKENS);
  }

  /** The token's user, or null when the token is not acceptable (whatever the reason). */
  async verify(token: string): Promise<string | null> {
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
    const user = payload[this.o.userClaim];
    if (typeof user !== 'string' || user === '') return null;
    const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
    this.#verified.set(digest, user, Math.min(exp, this.o.clock.now() + REMEMBER_MS));
    return user;
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
