/**
 * Checks a presented database key against the one an actor was opened with, without keeping the
 * key itself outside the actor: the supervisor holds only a keyed hash of it.
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Computes and compares verifiers under one process-local random salt. */
export class SecretVerifier {
  readonly #salt = randomBytes(32);

  /** HMAC-SHA256(salt, database id || key). */
  verifierFor(databaseId: string, key: Uint8Array): Buffer {
    return createHmac('sha256', this.#salt).update(databaseId).update(key).digest();
  }

  /** Constant-time equality of two verifiers. */
  static matches(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
