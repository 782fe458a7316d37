/**
 * One identity provider's key set, fetched from its JWKS URI and kept for ten minutes. A token
 * whose `kid` is unknown triggers a refetch (key rotation), at most once per cooldown, so forged
 * key ids cannot make the server hammer the provider. jose's createRemoteJWKSet does the same but
 * times its cooldown with Date.now(); this one runs on the injected Clock so tests need no sleeps.
 * @module
 */
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../lib/clock.js';

/** How a key set is fetched (the global fetch in production). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Timing of a key set cache. */
export interface KeySetTiming {
  /** Least time between two fetches (one a minute). */
  readonly cooldownMs: number;
  /** Refetch keys older than this even when every kid is known. */
  readonly maxAgeMs: number;
  /** Give up on a fetch after this long. */
  readonly timeoutMs: number;
}

/** Defaults: refetch at most once a minute, keys kept ten minutes, fetches time out after 5 s. */
export const DEFAULT_KEY_SET_TIMING: KeySetTiming = { cooldownMs: 60_000, maxAgeMs: 600_000, timeoutMs: 5_000 };

type LocalSet = ReturnType<typeof createLocalJWKSet>;

function isKeySet(v: unknown): v is JSONWebKeySet {
  if (typeof v !== 'object' || v === null) return false;
  const keys = (v as Record<string, unknown>)['keys'];
  return Array.isArray(keys) && keys.every((k) => typeof k === 'object' && k !== null && !Array.isArray(k));
}

/** The cached key set of one JWKS URI. */
export class KeySetCache {
  #local: LocalSet | null = null;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  /** Time of the last fetch attempt, successful or not: the cooldown counts from it. */
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<void> | null = null;
  #fetches = 0;

  constructor(
    private readonly url: string,
    private readonly clock: Clock,
    private readonly timing: KeySetTiming = DEFAULT_KEY_SET_TIMING,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  /** The key resolver jose's jwtVerify calls. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const now = this.clock.now();
    if (this.#local === null || now - this.#fetchedAt >= this.timing.maxAgeMs) await this.#reload(false);
    const local = this.#local;
    if (local === null) throw new errors.JWKSNoMatchingKey();
    try {
      return await local(header, token);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
      // An unknown kid may be a freshly rotated key: refetch, unless we did so very recently.
      if (!(await this.#reload(true))) throw err;
      return (this.#local ?? local)(header, token);
    }
  };

  /** Fetches made so far (tests, stats). */
  get fetches(): number {
    return this.#fetches;
  }

  /** Refetches unless within the cooldown; resolves true when a fetch ran (or was joined). */
  async #reload(forKid: boolean): Promise<boolean> {
    if (this.#pending === null) {
      if (this.clock.now() - this.#attemptedAt < this.timing.cooldownMs) {
        // Within the cooldown an expired set is still better than none.
        return false;
      }
      this.#attemptedAt = this.clock.now();
      this.#fetches++;
      this.#pending = this.#fetch().finally(() => { this.#pending = null; });
    }
    try {
      await this.#pending;
    } catch {
      if (forKid || this.#local === null) return false;
    }
    return true;
  }

  async #fetch(): Promise<void> {
    const res = await this.fetchImpl(this.url, {
      method: 'GET',
      redirect: 'manual',
      headers: { accept: 'application/json, application/jwk-set+json' },
      signal: AbortSignal.timeout(this.timing.timeoutMs),
    });
    if (res.status !== 200) throw new Error(`the JWKS endpoint answered HTTP ${res.status}`);
    const body: unknown = await res.json();
    if (!isKeySet(body)) throw new Error('the JWKS endpoint did not answer a JSON Web Key Set');
    this.#local = createLocalJWKSet(body);
    this.#fetchedAt = this.clock.now();
  }
}
