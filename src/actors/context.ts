/**
 * What an operation gets: the actor's store, the calling user, the time and the cipher runner.
 * @module
 */
import type { AeadRunner } from '../crypto/aead-runner.js';
import type { KeyCache } from './key-cache.js';
import type { ObjectStore } from '../storage/object-store.js';

/** The context every operation handler receives. */
export interface OperationContext {
  readonly store: ObjectStore;
  /** The authenticated caller; objects belong to the user who created them. */
  readonly user: string;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Runs AEAD inline, or on a pool thread for large payloads. */
  readonly aead: AeadRunner;
  /** Decoded key material of recently used objects, wiped when the actor closes. */
  readonly keys: KeyCache;
}
