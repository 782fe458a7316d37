/**
 * The lifecycle of one actor, as the supervisor sees it. Transitions outside this table are bugs.
 * @module
 */

/** An actor's lifecycle state. */
export type ActivationState = 'activating' | 'ready' | 'deactivating' | 'stopped' | 'failed';

const ALLOWED: Readonly<Record<ActivationState, readonly ActivationState[]>> = {
  activating: ['ready', 'failed', 'stopped'],
  ready: ['deactivating', 'stopped'],
  deactivating: ['stopped'],
  stopped: [],
  failed: [],
};

/** Returns `to` when the move is legal, throws otherwise. */
export function nextState(from: ActivationState, to: ActivationState): ActivationState {
  if (!ALLOWED[from].includes(to)) throw new Error(`illegal actor transition ${from} -> ${to}`);
  return to;
}

/** True for states that hold (or are about to hold) an open database. */
export function isOpen(state: ActivationState): boolean {
  return state === 'activating' || state === 'ready';
}
