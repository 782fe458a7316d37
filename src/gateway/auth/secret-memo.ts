/**
 * Remembers, per `KmsDatabaseSecret` header value, which actor it names and its key's verifier,
 * so a caller that presents the same secret again costs one salted SHA-256 of the header instead
 * of a decode and an HMAC. Only digests are kept: neither the header nor the key outlives its
 * request. A hit carries no key; `unlock` decodes the header again only when the actor has to be
 * opened. Wrong secrets are remembered like right ones (the verifier still will not match), within
 * a bounded number of entries.
 * @module
 */
import { hash, randomBytes } from 'node:crypto';
import { parseDatabaseSecret } from './database-secret.js';
import { encryptedTarget } from './actor-target.js';
import type { ActorTarget } from '../../supervisor/supervisor.js';
import type { DatabaseRef } from '../../protocol/messages.js';

/** Secrets remembered at most; past it the oldest is forgotten. */
export const DEFAULT_MEMO_ENTRIES = 1024;

interface Entry {
  readonly actorId: string;
  readonly database: DatabaseRef;
  readonly verifier: Buffer;
}

/** Computes the verifier the supervisor compares (Supervisor.verifierFor). */
export type VerifierOf = (actorId: string, key: Uint8Array) => Buffer;

/** Header value -> (actor, verifier), keyed by a salted digest of the value. */
export class SecretMemo {
  // Process-local and random: a digest says nothing outside this process.
  readonly #salt = randomBytes(32).toString('base64');
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly verifierOf: VerifierOf,
    private readonly maxEntries = DEFAULT_MEMO_ENTRIES,
  ) {}

  /** The target a header names; throws like parseDatabaseSecret for a malformed one. */
  target(header: string): ActorTarget {
    const digest = hash('sha256', this.#salt + header, 'base64');
    const hit = this.#entries.get(digest);
    if (hit !== undefined) {
      return { actorId: hit.actorId, database: hit.database, key: null, verifier: hit.verifier, unlock: () => parseDatabaseSecret(header).key };
    }
    const target = encryptedTarget(parseDatabaseSecret(header));
    const key = target.key ?? new Uint8Array(0);
    const verifier = this.verifierOf(target.actorId, key);
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(digest, { actorId: target.actorId, database: target.database, verifier });
    return { ...target, verifier };
  }

  /** Secrets remembered now (tests). */
  get size(): number {
    return this.#entries.size;
  }
}
