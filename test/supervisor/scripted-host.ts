/**
 * A programmable actor host for supervisor tests: records every command, answers requests by
 * echoing their body, and can hold or fail activations and requests on demand. Like a real worker
 * it runs commands in order (nothing overtakes a held activation on its worker) and refuses
 * requests for an actor it has not opened.
 * @module
 */
import { PROTOCOL_VERSION, type WorkerCommand, type WorkerEvent } from '../../src/protocol/messages.js';
import type { WireError } from '../../src/protocol/wire-error.js';
import type { InlineHostFactory } from '../../src/supervisor/runtime/inline-runtime.js';

/** One recorded command. */
export interface Seen {
  readonly worker: number;
  readonly cmd: WorkerCommand;
}

/** Hosts whose behaviour a test scripts. */
export class ScriptedHosts {
  readonly seen: Seen[] = [];
  /** Hold answers to these command types until `release()`. */
  hold = new Set<WorkerCommand['type']>();
  /** Fail an activation with this error when it returns one. */
  failActivation: (cmd: Extract<WorkerCommand, { type: 'activate' }>) => WireError | undefined = () => undefined;
  /** Workers that die before reporting ready. */
  bootFailures = new Set<number>();
  readonly #held: (() => void)[] = [];
  /** Actors open on each worker. */
  readonly #open = new Map<number, Set<string>>();
  /** Workers with an activation answer held back. */
  readonly #blocked = new Set<number>();

  /** How many times each worker index was started. */
  readonly starts = new Map<number, number>();

  readonly factory: InlineHostFactory = (index, emit, exit) => {
    this.starts.set(index, (this.starts.get(index) ?? 0) + 1);
    if (this.bootFailures.has(index)) exit(1);
    else emit({ type: 'ready', v: PROTOCOL_VERSION, id: 0 });
    const open = new Set<string>();
    this.#open.set(index, open);
    return (cmd) => {
      this.seen.push({ worker: index, cmd });
      const answer = (): void => { emit(this.#answer(cmd, open)); };
      if (this.hold.has(cmd.type) || this.#blocked.has(index)) {
        if (cmd.type === 'activate') this.#blocked.add(index);
        this.#held.push(answer);
      } else answer();
    };
  };

  #answer(cmd: WorkerCommand, open: Set<string>): WorkerEvent {
    if (cmd.type === 'activate') {
      const error = this.failActivation(cmd);
      if (error) return { type: 'fault', v: PROTOCOL_VERSION, id: cmd.id, error };
      open.add(cmd.actorId);
    }
    if (cmd.type === 'deactivate') open.delete(cmd.actorId);
    if (cmd.type === 'request' && !open.has(cmd.actorId)) {
      return { type: 'fault', v: PROTOCOL_VERSION, id: cmd.id, error: { code: 'ACTOR_UNAVAILABLE', message: 'the database is not open on this worker' } };
    }
    const body = cmd.type === 'request' ? Uint8Array.from(cmd.body) : null;
    return { type: 'done', v: PROTOCOL_VERSION, id: cmd.id, body };
  }

  /** Sends every held answer, in order. */
  release(): void {
    this.#blocked.clear();
    for (const a of this.#held.splice(0)) a();
  }

  /** Commands of one type, in order. */
  ofType<T extends WorkerCommand['type']>(type: T): (Extract<WorkerCommand, { type: T }> & { worker: number })[] {
    return this.seen.flatMap((s) => (s.cmd.type === type ? [{ ...(s.cmd as Extract<WorkerCommand, { type: T }>), worker: s.worker }] : []));
  }
}

/** Lets queued setImmediate deliveries run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}
