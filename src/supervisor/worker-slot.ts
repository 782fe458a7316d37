/**
 * One worker of the pool, seen as an RPC endpoint: numbered commands, one Done or Fault each,
 * buffered while the worker boots, all failed at once if it dies.
 * @module
 */
import { KmsError } from '../protocol/wire-error.js';
import { PROTOCOL_VERSION, type AuditRecord, type HostCommand, type RequestLabel } from '../protocol/messages.js';
import type { ResultReason } from '../kmip/kmip-error.js';
import type { ActorRuntime, ExitInfo, WorkerChannel } from './runtime/runtime.js';

/** A command before the slot numbers it. */
export type Unsent<T> = T extends unknown ? Omit<T, 'id' | 'v'> : never;

/** Slot lifecycle. */
export type SlotState = 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed';

interface Pending {
  readonly resolve: (body: Uint8Array | null) => void;
  readonly reject: (err: KmsError) => void;
  /** Who asked, for the audit trail (requests only). */
  readonly caller: AuditCaller | null;
  /** Where the worker's description of the request goes (requests only). */
  readonly note: AnswerNote | null;
}

/**
 * What the worker said a request was, written before the request settles (the metrics read it):
 * null when the worker did not say, e.g. it crashed first.
 */
export interface AnswerNote {
  operation: RequestLabel | null;
  failure: ResultReason | null;
}

/** The request an audit record belongs to. */
export interface AuditCaller {
  readonly actorId: string;
  readonly user: string;
}

/** Told what each request did, as the actor reported it. */
export type AuditListener = (caller: AuditCaller, records: readonly AuditRecord[]) => void;

/** Told when a worker exits on its own; `booted` says whether it had reported ready. */
export type SlotExitListener = (slot: WorkerSlot, info: ExitInfo, booted: boolean) => void;

/** The supervisor's handle on one worker. */
export class WorkerSlot {
  state: SlotState = 'starting';
  /** Actors placed on this worker (open or opening). */
  actors = 0;
  #channel: WorkerChannel;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #buffered: HostCommand[] = [];
  #booted = false;
  #readyWaiters: { resolve: () => void; reject: (e: KmsError) => void }[] = [];

  constructor(
    readonly index: number,
    private readonly runtime: ActorRuntime,
    private readonly onUnexpectedExit: SlotExitListener,
    private readonly onAudit: AuditListener | null = null,
  ) {
    this.#channel = this.#spawn();
  }

  #spawn(): WorkerChannel {
    const channel = this.runtime.start(this.index);
    this.#booted = false;
    channel.onEvent((e) => {
      if (channel !== this.#channel) return;
      if (e.type === 'ready') {
        this.#booted = true;
        if (this.state === 'starting') this.state = 'ready';
        for (const cmd of this.#buffered.splice(0)) channel.send(cmd);
        for (const w of this.#readyWaiters.splice(0)) w.resolve();
        return;
      }
      const p = this.#pending.get(e.id);
      if (!p) return;
      this.#pending.delete(e.id);
      if (p.caller !== null && e.audit !== undefined && this.onAudit !== null) this.onAudit(p.caller, e.audit);
      const note = p.note;
      if (note !== null) note.operation = e.operation ?? null;
      if (e.type === 'done') {
        if (note !== null) note.failure = e.failure ?? null;
        p.resolve(e.body);
      } else {
        p.reject(KmsError.fromWire(e.error));
      }
    });
    channel.onExit((info) => { this.#onExit(channel, info); });
    return channel;
  }

  #onExit(channel: WorkerChannel, info: ExitInfo): void {
    if (channel !== this.#channel) return;
    const expected = this.state === 'stopping' || this.state === 'stopped';
    const err = expected
      ? new KmsError('SHUTTING_DOWN', 'the server is shutting down')
      : new KmsError('ACTOR_CRASHED', 'the worker serving this database stopped unexpectedly; the request was not completed and will not be retried');
    this.state = expected ? 'stopped' : 'failed';
    this.actors = 0;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const cmd of this.#buffered.splice(0)) if ('key' in cmd) cmd.key?.fill(0);
    for (const p of pending) {
      // The actor could not say what ran, so the trail records the request as lost.
      if (p.caller !== null && this.onAudit !== null) this.onAudit(p.caller, [{ operation: 'request', objectId: null, result: err.code }]);
      p.reject(err);
    }
    for (const w of this.#readyWaiters.splice(0)) w.reject(err);
    if (!expected) this.onUnexpectedExit(this, info, this.#booted);
  }

  /** Resolves once the worker reported ready; rejects if it dies first. */
  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.state !== 'starting') return Promise.reject(new KmsError('ACTOR_UNAVAILABLE', 'worker is not running'));
    return new Promise((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  /** True when the slot can take new work. */
  get usable(): boolean {
    return this.state === 'starting' || this.state === 'ready';
  }

  /** Sends a command and resolves with its Done body; a request's `note` learns what the worker said it was. */
  call(cmd: Unsent<HostCommand>, note: AnswerNote | null = null): Promise<Uint8Array | null> {
    if (!this.usable) return Promise.reject(new KmsError('ACTOR_UNAVAILABLE', 'no worker is available for this database'));
    const id = this.#nextId++;
    // New fields first: V8 (Node 20) builds `{ ...a, newField }` through a slow path, ~1 us per object.
    // An Unsent command has no id or v of its own (the type omits them), so nothing overrides these.
    const full = { id, v: PROTOCOL_VERSION, ...cmd } as HostCommand;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, caller: cmd.type === 'request' ? { actorId: cmd.actorId, user: cmd.user } : null, note });
      if (this.state === 'ready') this.#channel.send(full);
      else this.#buffered.push(full);
    });
  }

  /** Starts a fresh worker in this slot after a crash. */
  restart(): void {
    this.state = 'starting';
    this.#channel = this.#spawn();
  }

  /** Asks the worker to close everything and exit; terminates it if it has not exited in time. */
  async stop(timeoutMs: number, wait: (ms: number) => Promise<void>): Promise<void> {
    if (this.state === 'stopped' || this.state === 'failed') return;
    if (this.state === 'starting') {
      // Never booted: nothing to drain.
      this.state = 'stopping';
      await this.#channel.terminate();
      this.state = 'stopped';
      return;
    }
    const closing = this.state === 'ready' ? this.call({ type: 'shutdown' }).then(() => undefined, () => undefined) : Promise.resolve();
    this.state = 'stopping';
    const channel = this.#channel;
    const exited = new Promise<void>((resolve) => { channel.onExit(() => { resolve(); }); });
    await Promise.race([closing.then(() => exited), wait(timeoutMs)]);
    // #onExit may have run while we waited; TypeScript cannot see that.
    if ((this.state as SlotState) !== 'stopped') await channel.terminate();
    this.state = 'stopped';
  }

  /** Kills the worker at once, as a crash would (tests use it to prove crash handling). */
  async kill(): Promise<void> {
    await this.#channel.terminate();
  }
}
