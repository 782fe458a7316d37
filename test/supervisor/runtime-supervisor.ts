/**
 * The supervisor the runtime tests drive: workers of the given runtime (two by default), a long idle timeout,
 * room for ten actors, on the system clock.
 * @module
 */
import { Supervisor } from '../../src/supervisor/supervisor.js';
import { silentLogger } from '../../src/lib/logger.js';
import { systemClock } from '../../src/lib/clock.js';
import type { ActorRuntime } from '../../src/supervisor/runtime/runtime.js';

/** A supervisor over `runtime` (two workers unless told), not yet started. */
export function runtimeSupervisor(runtime: ActorRuntime, workers = 2): Supervisor {
  return new Supervisor({ runtime, workers, clock: systemClock, logger: silentLogger, idleTimeoutMs: 60_000, maxOpenActors: 10 });
}
