/**
 * The API bearer token: base64 of the bytes of a symmetric key stored in the shared database.
 * The actor compares it in constant time; a match is remembered for a minute under an HMAC of
 * the token with a key drawn once per process, so the token itself is never kept.
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import { PLAIN_TARGET } from './actor-target.js';
import { ExpiringCache } from './expiring-cache.js';
import type { Clock } from '../../lib/clock.js';
import type { KmsBackend } from '../routes.js';

const REMEMBER_MS = 60_000;
const REMEMBERED_TOKENS = 1_000;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
/** Longer bearer values cannot be a key's bytes; refusing them early bounds the work. */
const MAX_TOKEN_CHARS = 2048;

/** Checks API bearer tokens against the actor holding the token key. */
export class ApiTokenVerifier {
  readonly #hmacKey = randomBytes(32);
  readonly #accepted: ExpiringCache<true>;

  constructor(
    private readonly backend: KmsBackend,
    private readonly user: string,
    private readonly clock: Clock,
  ) {
    this.#accepted = new ExpiringCache(clock, REMEMBERED_TOKENS);
  }

  /** True when the bearer value is base64 of the token key's bytes. Any failure is a refusal. */
  async verify(bearer: string): Promise<boolean> {
    if (bearer === '' || bearer.length > MAX_TOKEN_CHARS || !BASE64.test(bearer)) return false;
    const tag = createHmac('sha256', this.#hmacKey).update(bearer).digest('base64url');
    if (this.#accepted.get(tag) === true) return true;
    const pooled = Buffer.from(bearer, 'base64');
    // A copy outside Buffer's shared pool: the backend may transfer it to a worker.
    const bytes = Uint8Array.from(pooled);
    pooled.fill(0);
    let answer: Uint8Array;
    try {
      answer = await this.backend.dispatch(PLAIN_TARGET, 'api-token', this.user, bytes);
    } catch {
      return false;
    } finally {
      bytes.fill(0);
    }
    if (answer.length !== 1 || answer[0] !== 1) return false;
    this.#accepted.set(tag, true, this.clock.now() + REMEMBER_MS);
    return true;
  }
}
