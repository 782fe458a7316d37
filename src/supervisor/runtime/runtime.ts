/**
 * Where actor hosts run: worker threads (default), child processes (`--actor-runtime process`),
 * or the same thread in some tests. The supervisor only sees this interface.
 * @module
 */
import type { FaultKind, HostCommand, WorkerEvent } from '../../protocol/messages.js';

/** How a worker ended. */
export interface ExitInfo {
  /** The exit code; 128 + the signal number for a process killed by a signal. */
  readonly code: number;
  /** The signal that killed a host process (e.g. SIGSEGV), when one did. */
  readonly signal?: NodeJS.Signals;
}

/** A running actor host. */
export interface WorkerChannel {
  send(cmd: HostCommand): void;
  onEvent(listener: (e: WorkerEvent) => void): void;
  onExit(listener: (info: ExitInfo) => void): void;
  /** Stops the host at once, abandoning whatever it was doing. */
  terminate(): Promise<void>;
}

/** Starts actor hosts. */
export interface ActorRuntime {
  start(index: number): WorkerChannel;
  /** The faults its hosts can be made to suffer (Supervisor.injectFault, fault tests); none when absent. */
  readonly faults?: readonly FaultKind[];
}
