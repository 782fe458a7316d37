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
  /**
   * Which KMIP the request speaks: JSON TTLV follows Cosmian 4.19 ('cosmian', the default: new
   * objects start Active, Get and Locate see Active objects only, DiscoverVersions offers 2.1 and
   * 2.0); binary TTLV follows the KMIP specification as KMIP 1.x clients such as PyKMIP expect it
   * ('kmip': new objects start PreActive, Get serves any state but Destroyed, Locate matches every
   * state, DiscoverVersions offers 2.1, 2.0 and 1.4 to 1.0).
   */
  readonly dialect?: Dialect;
}

/** See OperationContext.dialect. */
export type Dialect = 'cosmian' | 'kmip';

/** Whether this request follows the KMIP specification rather than Cosmian's behaviour. */
export function speaksKmip(ctx: OperationContext): boolean {
  return ctx.dialect === 'kmip';
}
