/**
 * Actor hosts on the calling thread, for tests: the same framing as worker threads (every message
 * is encoded and decoded), delivered asynchronously, and a terminate that behaves like a crash.
 * @module
 */
import { decodeCommands, decodeEvents, encodeFrame } from '../../protocol/codec.js';
import type { WorkerCommand, WorkerEvent } from '../../protocol/messages.js';
import type { ActorRuntime, ExitInfo, WorkerChannel } from './runtime.js';

/** Builds a host: given ways to emit events and to exit, returns its command handler. The host must emit `ready`. */
export type InlineHostFactory = (index: number, emit: (e: WorkerEvent) => void, exit: (code: number) => void) => (cmd: WorkerCommand) => void;

/** Runs hosts built by the factory in this thread. */
export class InlineRuntime implements ActorRuntime {
  constructor(private readonly factory: InlineHostFactory) {}

  start(index: number): WorkerChannel {
    let alive = true;
    const events: ((e: WorkerEvent) => void)[] = [];
    const exits: ((i: ExitInfo) => void)[] = [];
    const emit = (e: WorkerEvent): void => {
      const bytes = encodeFrame([e]).bytes;
      setImmediate(() => {
        if (!alive) return;
        for (const decoded of decodeEvents(bytes)) for (const l of events) l(decoded);
      });
    };
    const exit = (code: number): void => {
      if (!alive) return;
      alive = false;
      setImmediate(() => { for (const l of exits) l({ code }); });
    };
    const handle = this.factory(index, emit, exit);
    return {
      send(cmd) {
        if (!alive) return;
        const bytes = encodeFrame([cmd]).bytes;
        setImmediate(() => {
          if (!alive) return;
          for (const decoded of decodeCommands(bytes)) {
            handle(decoded);
            if (decoded.type === 'shutdown') exit(0);
          }
        });
      },
      onEvent: (l) => { events.push(l); },
      onExit: (l) => { exits.push(l); },
      terminate: () => {
        exit(1);
        return Promise.resolve();
      },
    };
  }
}
