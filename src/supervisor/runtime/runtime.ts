/**
 * Where actor hosts run: worker threads in production, the same thread in some tests. The
 * supervisor only sees this interface.
 * @module
 */
import type { WorkerCommand, WorkerEvent } from '../../protocol/messages.js';

/** How a worker ended. */
export interface ExitInfo {
  readonly code: number;
}

/** A running actor host. */
export interface WorkerChannel {
  send(cmd: WorkerCommand): void;
  onEvent(listener: (e: WorkerEvent) => void): void;
  onExit(listener: (info: ExitInfo) => void): void;
  /** Stops the host at once, abandoning whatever it was doing. */
  terminate(): Promise<void>;
}

/** Starts actor hosts. */
export interface ActorRuntime {
  start(index: number): WorkerChannel;
}
