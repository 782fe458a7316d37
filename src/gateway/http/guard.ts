/**
 * The gate in front of every route but /version, shared by HTTP and the WebSocket upgrade:
 * header size (431), per-client rate (429), cross-site origin (403), then authentication (401,
 * always answered at the same delay after arrival). Refusals are audited; credentials never are.
 * @module
 */
import { Authenticator, type AuthSettings, type Identity } from '../auth/authenticator.js';
import { DEFAULT_FAILURE_DELAY_MS, untilFailureDelay } from '../auth/failure-delay.js';
import { httpFailure } from '../errors.js';
import { KmsError } from '../../protocol/wire-error.js';
import { RateLimiter } from './rate-limiter.js';
import { sameOrigin, type PeerLookup, type RequestHead } from './request-head.js';
import type { FetchLike, KeySetTiming } from '../auth/jwks-cache.js';
import type { AuditLog } from '../../lib/audit-log.js';
import type { Clock } from '../../lib/clock.js';
import type { HttpResponse } from 'uWebSockets.js';
import type { KmsBackend } from '../routes.js';

/** How a refusal is audited. */
export type RefusalResult = 'Unauthorized' | 'Forbidden' | 'Rate_Limited' | 'Header_Too_Large';

/** A refused request: the response to send. */
export interface Refusal {
  readonly status: number;
  readonly body: string;
  /** Whole seconds, for a `Retry-After` header (429 only). */
  readonly retryAfterSeconds?: number;
  readonly result: RefusalResult;
}

/** The outcome of the gate: the caller (with its credential's expiry), or the refusal to send. */
export type Admission = ({ readonly ok: true } & Identity) | { readonly ok: false; readonly refusal: Refusal };

/** What the gate is built from (a subset of RouteOptions plus test hooks). */
export interface GuardOptions {
  readonly backend: KmsBackend;
  readonly defaultUsername: string;
  readonly clock: Clock;
  readonly auth?: AuthSettings & { readonly failureDelayMs?: number };
  readonly limits?: { readonly maxHeaderSize: number; readonly rateLimitPerSecond: number; readonly rateLimitBurst: number; readonly newDatabasesPerMinute?: number };
  readonly audit?: AuditLog;
  readonly peerUser?: (res: HttpResponse) => string | undefined;
  readonly peerAddress?: (res: HttpResponse) => string | undefined;
  readonly keySetTiming?: KeySetTiming;
  readonly fetch?: FetchLike;
}

function refusal(code: 'FORBIDDEN_ORIGIN' | 'RATE_LIMITED' | 'HEADERS_TOO_LARGE', message: string, result: RefusalResult): Refusal {
  const f = httpFailure(new KmsError(code, message));
  return { status: f.status, body: f.body, result };
}

// The same empty 401 for every kind of authentication failure, as Cosmian's middlewares answer.
const UNAUTHORIZED: Refusal = { status: 401, body: '', result: 'Unauthorized' };

/** Admits or refuses requests; one per server so HTTP and WebSocket share the rate limits. */
export class RequestGuard {
  readonly authenticator: Authenticator;
  readonly rateLimiter: RateLimiter;
  /** Database creations per client address: each makes a file, so a flood must not fill the disk. */
  readonly creationLimiter: RateLimiter;

  constructor(private readonly o: GuardOptions) {
    this.authenticator = new Authenticator({
      settings: o.auth,
      defaultUsername: o.defaultUsername,
      backend: o.backend,
      clock: o.clock,
      ...(o.keySetTiming === undefined ? {} : { keySetTiming: o.keySetTiming }),
      ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
    });
    this.rateLimiter = new RateLimiter({ perSecond: o.limits?.rateLimitPerSecond ?? 0, burst: o.limits?.rateLimitBurst ?? 1 }, o.clock);
    const perMinute = o.limits?.newDatabasesPerMinute ?? 0;
    this.creationLimiter = new RateLimiter({ perSecond: perMinute / 60, burst: Math.max(1, perMinute) }, o.clock);
  }

  /**
   * The default user when nothing is there to check (no certificate, token or key configured), so a
   * request can be served without waiting on authentication; null otherwise.
   */
  get openUser(): string | null {
    return this.o.peerUser === undefined && this.authenticator.open ? this.o.defaultUsername : null;
  }

  /** Whether anything will use the client's address (rate limit, audit, a front's real address). */
  get wantsClientAddress(): boolean {
    return this.rateLimiter.enabled || this.o.audit !== undefined || this.o.peerAddress !== undefined;
  }

  /** The clock requests are timed on. */
  get clock(): Clock {
    return this.o.clock;
  }

  /** What the connection tells about the client (certificate user, real address). */
  get peer(): PeerLookup {
    return { user: this.o.peerUser, address: this.o.peerAddress };
  }

  /** The checks that need no I/O: header size, rate, origin. Null when they all pass. */
  screen(head: RequestHead, operation: string): Refusal | null {
    const max = this.o.limits?.maxHeaderSize;
    if (max !== undefined && head.headerBytes > max) {
      return refusal('HEADERS_TOO_LARGE', `request headers are limited to ${max} bytes`, 'Header_Too_Large');
    }
    const rate = this.rateLimiter.take(head.client);
    if (!rate.allowed) {
      const r = { ...refusal('RATE_LIMITED', 'rate limit exceeded', 'Rate_Limited'), retryAfterSeconds: rate.retryAfterSeconds };
      this.#audit(r, operation, head.client);
      return r;
    }
    if (!sameOrigin(head.origin, head.host)) {
      const r = refusal('FORBIDDEN_ORIGIN', 'cross-origin request refused', 'Forbidden');
      this.#audit(r, operation, head.client);
      return r;
    }
    return null;
  }

  /**
   * Authenticates a screened request; a 401 leaves no earlier than the failure delay after arrival.
   * `onRefused` runs as soon as the refusal is known, before that delay (to drop a request body).
   */
  async authenticate(head: RequestHead, operation: string, onRefused?: () => void): Promise<Admission> {
    let id: Identity | null;
    try {
      id = await this.authenticator.authenticate(head.credentials);
    } catch {
      id = null;
    }
    if (id !== null) return { ok: true, ...id };
    onRefused?.();
    await untilFailureDelay(this.o.clock, head.startedAt, this.o.auth?.failureDelayMs ?? DEFAULT_FAILURE_DELAY_MS);
    this.#audit(UNAUTHORIZED, operation, head.client);
    return { ok: false, refusal: UNAUTHORIZED };
  }

  /** Screens, then authenticates. */
  async admit(head: RequestHead, operation: string): Promise<Admission> {
    const screened = this.screen(head, operation);
    if (screened !== null) return { ok: false, refusal: screened };
    return this.authenticate(head, operation);
  }

  /** Spends one database creation of the client's allowance; the refusal to send when over it. */
  takeCreation(client: string, operation: string): Refusal | null {
    const rate = this.creationLimiter.take(client);
    if (rate.allowed) return null;
    const r = { ...refusal('RATE_LIMITED', 'too many new databases from this address: retry later', 'Rate_Limited'), retryAfterSeconds: rate.retryAfterSeconds };
    this.#audit(r, operation, client);
    return r;
  }

  /** Spends one request of a WebSocket client's allowance; the error to answer when over it. */
  takeMessage(client: string): KmsError | null {
    const rate = this.rateLimiter.take(client);
    if (rate.allowed) return null;
    this.#audit({ status: 429, body: '', result: 'Rate_Limited' }, 'ws', client);
    return new KmsError('RATE_LIMITED', `rate limit exceeded: retry after ${rate.retryAfterSeconds} s`);
  }

  #audit(r: Refusal, operation: string, client: string): void {
    if (r.result === 'Header_Too_Large') return;
    this.o.audit?.record({ user: null, database: '-', operation, objectId: null, result: r.result, client });
  }
}
