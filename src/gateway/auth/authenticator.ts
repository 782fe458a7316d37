/**
 * Who is calling, in Cosmian's order: a verified client certificate (its CN), else a bearer JWT
 * from a configured identity provider, else the API token, else the default user. With
 * `forceDefaultUsername` an authenticated caller always acts as the default user.
 * @module
 */
import { ApiTokenVerifier } from './api-token.js';
import { JwtVerifier } from './jwt-verifier.js';
import type { FetchLike, KeySetTiming } from './jwks-cache.js';
import type { Clock } from '../../lib/clock.js';
import type { JwtIssuer } from '../../config/schema.js';
import type { KmsBackend } from '../routes.js';

/** Authentication settings (RouteOptions.auth). */
export interface AuthSettings {
  readonly jwtIssuers: readonly JwtIssuer[];
  readonly jwtUserClaim: string;
  readonly apiTokenId: string | null;
  readonly forceDefaultUsername: boolean;
}

/** The credentials of one request, read from its headers (and its connection) synchronously. */
export interface Credentials {
  /** The `Authorization` header, '' when absent. */
  readonly authorization: string;
  /**
   * When client certificates are required: the certificate's user, or undefined without one.
   * Null when certificates play no part.
   */
  readonly certUser: string | undefined | null;
}

/** What an authenticator is built from. */
export interface AuthenticatorOptions {
  readonly settings: AuthSettings | undefined;
  readonly defaultUsername: string;
  readonly backend: KmsBackend;
  readonly clock: Clock;
  /** JWKS fetching (tests inject timing and fetch). */
  readonly keySetTiming?: KeySetTiming;
  readonly fetch?: FetchLike;
}

/**
 * An authenticated caller: its user, and when its credential stops being valid (a JWT's `exp`, in
 * clock milliseconds; null for credentials without one: default user, API token, certificate).
 */
export interface Identity {
  readonly user: string;
  readonly expiresAt: number | null;
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(authorization: string): string | null {
  const m = /^Bearer +(\S+) *$/i.exec(authorization);
  return m?.[1] ?? null;
}

/** Names the user of a request, or null when it must be refused with 401. */
export class Authenticator {
  readonly #jwt: JwtVerifier | null;
  readonly #apiToken: ApiTokenVerifier | null;

  /** True when no authentication method is configured: every caller is the default user. */
  get open(): boolean {
    return this.#jwt === null && this.#apiToken === null;
  }

  constructor(private readonly o: AuthenticatorOptions) {
    const s = o.settings;
    this.#jwt = s !== undefined && s.jwtIssuers.length > 0
      ? new JwtVerifier({
        issuers: s.jwtIssuers,
        userClaim: s.jwtUserClaim,
        clock: o.clock,
        ...(o.keySetTiming === undefined ? {} : { timing: o.keySetTiming }),
        ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
      })
      : null;
    this.#apiToken = this.#jwt === null && s?.apiTokenId != null ? new ApiTokenVerifier(o.backend, o.defaultUsername, o.clock) : null;
  }

  /** The JWT verifier, when JWTs authenticate (tests, stats). */
  get jwt(): JwtVerifier | null {
    return this.#jwt;
  }

  /** The caller and its credential's expiry, or null (refuse with 401). Never logs or keeps the credentials. */
  async authenticate(c: Credentials): Promise<Identity | null> {
    const id = await this.#identify(c);
    if (id === null) return null;
    // A forced default user still expires with the token that authenticated it.
    return this.o.settings?.forceDefaultUsername === true ? { ...id, user: this.o.defaultUsername } : id;
  }

  async #identify(c: Credentials): Promise<Identity | null> {
    const forever = (user: string): Identity => ({ user, expiresAt: null });
    // A required certificate is the whole authentication: bearer tokens are not looked at.
    if (c.certUser !== null) return c.certUser === undefined || c.certUser === '' ? null : forever(c.certUser);
    if (this.#jwt !== null) {
      const token = bearerToken(c.authorization);
      return token === null ? null : this.#jwt.verify(token);
    }
    if (this.#apiToken !== null) {
      const token = bearerToken(c.authorization);
      return token !== null && (await this.#apiToken.verify(token)) ? forever(this.o.defaultUsername) : null;
    }
    return forever(this.o.defaultUsername);
  }
}
