/**
 * Closing actors nobody needs: those idle past the idle timeout, and the least recently used idle
 * ones when more are open than the cap allows.
 * @module
 */
import { isOpen } from './activation-state.js';
import type { ActorHandle } from './actor-handle.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { DeactivationReason } from '../protocol/messages.js';

/** Idle and capacity policy over the supervisor's registry. */
export class IdleCollector {
  #overCap = false;

  constructor(
    private readonly registry: ReadonlyMap<string, ActorHandle>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly idleTimeoutMs: number,
    private readonly maxOpenActors: number,
    private readonly deactivate: (h: ActorHandle, reason: DeactivationReason) => void,
    /** Actors with attached sessions are never closed for idleness. */
    private readonly pinned: (actorId: string) => boolean = () => false,
  ) {}

  /** Arms one idle timer for an idle ready actor; busy actors re-arm when their work completes. */
  armIdle(h: ActorHandle): void {
    if (h.idleTimer !== null || h.state !== 'ready' || !h.idle) return;
    const wait = Math.max(0, h.lastUsed + this.idleTimeoutMs - this.clock.now());
    h.idleTimer = this.clock.setTimer(wait, () => {
      h.idleTimer = null;
      if (h.state !== 'ready' || !h.idle) return;
      if (this.pinned(h.actorId)) return; // re-armed when its last session detaches
      if (this.clock.now() - h.lastUsed >= this.idleTimeoutMs) this.deactivate(h, 'idle');
      else this.armIdle(h);
    });
  }

  /**
   * Closes least recently used idle actors (never `keep`) until the open ones fit under the cap.
   * Runs once an activation has succeeded, so requests naming no real database evict nobody.
   */
  makeRoom(keep: ActorHandle): void {
    let open = 0;
    for (const h of this.registry.values()) if (isOpen(h.state)) open++;
    for (const h of this.registry.values()) {
      if (open <= this.maxOpenActors) break;
      // Actors with sessions stay: closing them would make every session request reopen them.
      if (h !== keep && h.state === 'ready' && h.idle && !this.pinned(h.actorId)) {
        this.deactivate(h, 'capacity');
        open--;
      }
    }
    const over = open > this.maxOpenActors;
    if (over && !this.#overCap) this.logger.warn('open actor cap exceeded: every open actor is busy', { cap: this.maxOpenActors });
    this.#overCap = over;
  }
}
