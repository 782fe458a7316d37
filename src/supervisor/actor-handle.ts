/**
 * The supervisor's record of one actor: where it lives, its lifecycle state, the verifier of its
 * key, and the requests waiting for it to become ready.
 * @module
 */
import { SecretVerifier } from '../crypto/secret-verifier.js';
import { zeroize } from '../crypto/zeroize.js';
import { nextState, type ActivationState } from './activation-state.js';
import type { KmsError } from '../protocol/wire-error.js';
import type { DatabaseRef, RequestKind } from '../protocol/messages.js';
import type { TimerHandle } from '../lib/clock.js';
import type { AnswerNote, WorkerSlot } from './worker-slot.js';

/** One request on its way to an actor; the worker slot notes what the worker said it was. */
export interface Envelope extends AnswerNote {
  readonly kind: RequestKind;
  readonly user: string;
  readonly body: Uint8Array;
  /** Keyed hash of the presented database key (null in plain mode). */
  readonly verifier: Buffer | null;
  /** The presented key, kept only until the request is admitted (it may have to open the database). */
  key: Uint8Array | null;
  /** Produces a fresh copy of the presented key when `key` is null in encrypted mode (see ActorTarget.unlock). */
  unlock: (() => Uint8Array) | null;
  readonly resolve: (body: Uint8Array) => void;
  readonly reject: (err: KmsError) => void;
  /** performance.now() when the request reached the gateway, for its duration (0 when nothing measures it). */
  readonly startedAt: number;
}

/** One actor as the supervisor tracks it. */
export class ActorHandle {
  #state: ActivationState = 'activating';
  /** Requests waiting for activation to finish, in arrival order. */
  readonly mailbox: Envelope[] = [];
  /** Requests sent to the worker and not yet answered. */
  inFlight = 0;
  /** Why activation failed; requests sent behind it fail with this rather than the worker's "not open". */
  activationError: KmsError | null = null;
  lastUsed: number;
  idleTimer: TimerHandle | null = null;

  constructor(
    readonly actorId: string,
    readonly database: DatabaseRef,
    readonly slot: WorkerSlot,
    /** Verifier of the key the actor is opened with. */
    readonly verifier: Buffer | null,
    now: number,
  ) {
    this.lastUsed = now;
  }

  get state(): ActivationState {
    return this.#state;
  }

  /** Moves to the next lifecycle state (throws on an illegal move). */
  moveTo(to: ActivationState): void {
    this.#state = nextState(this.#state, to);
  }

  /** Nothing queued or running. */
  get idle(): boolean {
    return this.inFlight === 0 && this.mailbox.length === 0;
  }

  /** True when the envelope presents the key this actor was opened with (constant time). */
  admits(env: Envelope): boolean {
    if (this.verifier === null || env.verifier === null) return this.verifier === env.verifier;
    return SecretVerifier.matches(this.verifier, env.verifier);
  }

  /** Stops the idle timer, if armed. */
  cancelIdleTimer(): void {
    this.idleTimer?.cancel();
    this.idleTimer = null;
  }
}

/** Wipes the key an envelope still holds. */
export function dropKey(env: Envelope): void {
  zeroize(env.key);
  env.key = null;
  env.unlock = null;
}
