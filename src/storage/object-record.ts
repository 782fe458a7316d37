/**
 * What the store keeps per managed object. The KMIP-level content (the object and its attributes)
 * is opaque text to the store; the columns beside it exist for lookups.
 * @module
 */

/** KMIP object states, spelled as Cosmian's REST API reports them. */
export type ObjectState = 'PreActive' | 'Active' | 'Deactivated' | 'Compromised' | 'Destroyed' | 'Destroyed_Compromised';

/** One stored managed object. */
export interface ObjectRecord {
  /** The KMIP UniqueIdentifier. */
  readonly id: string;
  /** KMIP ObjectType name, e.g. `SymmetricKey`. */
  readonly objectType: string;
  readonly state: ObjectState;
  /** The user who created or imported the object. */
  readonly owner: string;
  /** Searchable copies of attributes (null when the object has none). */
  readonly cryptographicAlgorithm: string | null;
  readonly cryptographicLength: number | null;
  readonly keyFormatType: string | null;
  /** The object's own encoding (JSON TTLV text of the KMIP Object), written by the actor layer. */
  readonly object: string;
  /** The object's attributes (JSON TTLV text of an Attributes structure), written by the actor layer. */
  readonly attributes: string;
  /** User and system tags; order is not significant. */
  readonly tags: readonly string[];
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /**
   * When a date attribute next changes the object's state (activation or deactivation date), in
   * milliseconds; null or absent when nothing is scheduled.
   */
  readonly transitionAt?: number | null;
}

/** Filters for Locate; every given field must match. */
export interface ObjectFilter {
  /** Objects carrying every one of these tags. */
  readonly tags?: readonly string[];
  readonly objectType?: string;
  readonly cryptographicAlgorithm?: string;
  readonly cryptographicLength?: number;
  readonly keyFormatType?: string;
  readonly states?: readonly ObjectState[];
  /** Only objects with a state transition due at or before this time (ms). */
  readonly transitionDueBy?: number;
  /** Only objects owned by this user. */
  readonly owner?: string;
  /** Only objects this user owns or holds a grant on (a row for the user or for `*`). */
  readonly visibleTo?: string;
  /** With visibleTo: a grant counts only when it names one of these operations. */
  readonly rights?: readonly string[];
  /** Paging, applied after ordering by creation time then id. */
  readonly offset?: number;
  readonly limit?: number;
}

/** The operations one user (or `*`, every user) was granted on an object. */
export interface AccessGrant {
  readonly user: string;
  /** Operation names, sorted, each once. */
  readonly operations: readonly string[];
}

/** An object granted to a user by its owner, with the operations granted (own and `*` rows merged). */
export interface ObtainedAccess {
  readonly id: string;
  readonly owner: string;
  readonly state: ObjectState;
  readonly operations: readonly string[];
}
