/**
 * What the supervisor counts: requests (see request-metrics.ts), actor activations, evictions by
 * reason and crashes as they happen, and at each scrape the open actors, their queued requests
 * and the worker slots by state. No series is per database: group ids are tenants' identities.
 * @module
 */
import { RequestMetrics } from './request-metrics.js';
import type { CounterChild, GaugeChild, Registry } from '../lib/metrics.js';
import type { DeactivationReason } from '../protocol/messages.js';
import type { SlotState } from './worker-slot.js';

const REASONS: readonly DeactivationReason[] = ['idle', 'capacity', 'shutdown', 'requested'];
const SLOT_STATES: readonly SlotState[] = ['starting', 'ready', 'stopping', 'stopped', 'failed'];

/** The supervisor's state at a scrape. */
export interface SupervisorLoad {
  readonly openActors: number;
  /** Requests waiting for or running in an actor, all actors together. */
  readonly queued: number;
  /** The same for the actor with the most. */
  readonly maxQueued: number;
  readonly workers: readonly { readonly state: SlotState }[];
}

/** The supervisor's metric families. */
export class SupervisorMetrics {
  readonly requests: RequestMetrics;
  /** Actors whose database opened. */
  readonly activations: CounterChild;
  /** Workers that exited on their own (each restarts). */
  readonly workerCrashes: CounterChild;
  /** Actors lost with a crashed worker. */
  readonly actorCrashes: CounterChild;
  readonly #evictions: ReadonlyMap<DeactivationReason, CounterChild>;
  readonly #open: GaugeChild;
  readonly #queued: GaugeChild;
  readonly #maxQueued: GaugeChild;
  readonly #workers: ReadonlyMap<SlotState, GaugeChild>;

  constructor(private readonly registry: Registry) {
    this.requests = new RequestMetrics(registry);
    this.activations = registry.counter('kms_actor_activations_total', 'Actors activated: a database opened and ready for requests.').child();
    const evictions = registry.counter('kms_actor_evictions_total', 'Actors closed, by reason: idle, capacity (the open-actor cap), shutdown, requested.', ['reason']);
    this.#evictions = new Map(REASONS.map((r) => [r, evictions.child([r])]));
    this.actorCrashes = registry.counter('kms_actor_crashes_total', 'Actors lost because the worker thread hosting them crashed.').child();
    this.workerCrashes = registry.counter('kms_worker_crashes_total', 'Worker threads that exited unexpectedly (each is restarted).').child();
    this.#open = registry.gauge('kms_actors_open', 'Actors holding an open database (or opening one); one per database in use.').child();
    this.#queued = registry.gauge('kms_actor_mailbox_requests', 'Requests waiting for or running in an actor, all actors together.').child();
    this.#maxQueued = registry.gauge('kms_actor_mailbox_requests_max', 'Requests waiting for or running in the busiest actor.').child();
    const workers = registry.gauge('kms_workers', 'Worker threads by state (starting, ready, stopping, stopped, failed).', ['state']);
    this.#workers = new Map(SLOT_STATES.map((s) => [s, workers.child([s])]));
  }

  /** Counts an actor starting to close for `reason`. */
  evicted(reason: DeactivationReason): void {
    this.#evictions.get(reason)?.inc();
  }

  /** Reads the gauges from `load` at each scrape. */
  watch(load: () => SupervisorLoad): void {
    this.registry.onCollect(() => {
      const l = load();
      this.#open.set(l.openActors);
      this.#queued.set(l.queued);
      this.#maxQueued.set(l.maxQueued);
      for (const g of this.#workers.values()) g.set(0);
      for (const w of l.workers) {
        const g = this.#workers.get(w.state);
        if (g !== undefined) g.value++;
      }
    });
  }
}
