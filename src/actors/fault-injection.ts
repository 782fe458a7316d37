/**
 * Exists for fault tests only (Supervisor.injectFault; no route or setting reaches it): faults
 * armed per actor, fired by the host entry when that actor's next request arrives, before the
 * host touches it, so the request is in flight when the host dies.
 * @module
 */
import type { FaultKind, InjectFaultCommand, WorkerCommand } from '../protocol/messages.js';
import type { WireError } from '../protocol/wire-error.js';
import type { HostKind } from './host-port.js';

/** The exit code of an injected hard exit. */
export const FAULT_EXIT_CODE = 71;

/** The uncaught exception an `exception` fault throws. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
  constructor() {
    super('fault injected by a test');
  }
}

/** Ends the host the way `kind` says; never returns. */
function fail(kind: FaultKind): never {
  if (kind === 'exception') throw new InjectedFault();
  // A signal a process sends itself is delivered before kill() returns: the exit below never runs.
  if (kind === 'segv') process.kill(process.pid, 'SIGSEGV');
  process.exit(FAULT_EXIT_CODE);
}

/** The faults armed in one host. */
export class FaultTrigger {
  readonly #armed = new Map<string, FaultKind>();

  constructor(private readonly host: HostKind) {}

  /** Arms a fault; returns why it is refused instead, if it is. */
  arm(cmd: InjectFaultCommand): WireError | null {
    // In a worker thread the signal would end the whole server, which is what the test must not do.
    if (cmd.fault === 'segv' && this.host !== 'process') return { code: 'INTERNAL', message: 'a SIGSEGV can be injected only into an actor host process' };
    this.#armed.set(cmd.actorId, cmd.fault);
    return null;
  }

  /** Fails the host now when a fault is armed for this request's actor. */
  check(cmd: WorkerCommand): void {
    if (this.#armed.size === 0 || cmd.type !== 'request') return;
    const fault = this.#armed.get(cmd.actorId);
    if (fault !== undefined) fail(fault);
  }
}
