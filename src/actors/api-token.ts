/**
 * The API token check: the presented bytes against the raw bytes of the configured token key (an
 * Active symmetric key, whoever owns it). Both sides are HMAC'd under a random key first, so the
 * constant-time comparison sees equal lengths and the token's length does not leak.
 * @module
 */
import { SecretVerifier } from '../crypto/secret-verifier.js';
import { symmetricKeyOf } from './stored-object.js';
import type { OperationContext } from './context.js';

/** Answers whether presented token bytes equal the token key's. */
export class ApiTokenCheck {
  readonly #verifier = new SecretVerifier();

  /** tokenId: the token key's identifier, or null when API tokens are off. */
  constructor(readonly tokenId: string | null) {}

  /** True only when the token key exists, is an Active symmetric key, and its bytes equal the presented ones. */
  matches(ctx: OperationContext, presented: Uint8Array): boolean {
    if (this.tokenId === null) return false;
    let key: Uint8Array;
    try {
      const rec = ctx.store.get(this.tokenId);
      if (rec?.state !== 'Active' || rec.objectType !== 'SymmetricKey') return false;
      key = symmetricKeyOf(ctx, rec);
    } catch {
      return false; // a key stored wrapped, or unreadable, is no token
    }
    try {
      return SecretVerifier.matches(this.#verifier.verifierFor(this.tokenId, key), this.#verifier.verifierFor(this.tokenId, presented));
    } finally {
      key.fill(0);
    }
  }
}
