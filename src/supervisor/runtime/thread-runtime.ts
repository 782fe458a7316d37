/**
 * Actor hosts on worker_threads; messages are msgpack frames whose buffers are transferred.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { decodeEvents, type Frame } from '../../protocol/codec.js';
import { Outbox } from '../../protocol/outbox.js';
import type { FaultKind, WorkerCommand, WorkerConfig, WorkerEvent } from '../../protocol/messages.js';
import type { Logger } from '../../lib/logger.js';
import type { ActorRuntime, ExitInfo, WorkerChannel } from './runtime.js';
import { hostSender } from './host-sender.js';

const ENTRY = new URL('../../actors/worker-entry.js', import.meta.url);

/** Starts one worker thread per host. */
export class ThreadRuntime implements ActorRuntime {
  /** A SIGSEGV would end the whole process, so a thread host cannot be made to suffer one. */
  readonly faults: readonly FaultKind[] = ['exception', 'exit'];

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: Logger,
  ) {}

  start(index: number): WorkerChannel {
    const worker = new Worker(ENTRY, { workerData: this.config, name: `kms-actor-host-${index}` });
    const events: ((e: WorkerEvent) => void)[] = [];
    const exits: ((i: ExitInfo) => void)[] = [];
    worker.on('message', (data: unknown) => {
      if (!(data instanceof Uint8Array)) return;
      let batch: WorkerEvent[];
      try {
        batch = decodeEvents(data);
      } catch {
        // Its answers are lost; ending the worker fails the requests that waited for them.
        this.logger.error('a worker sent a malformed frame; restarting it', { worker: index });
        void worker.terminate();
        return;
      }
      for (const event of batch) for (const l of events) l(event);
    });
    worker.on('error', (err) => {
      // The error text comes from our own worker code paths and carries no request data.
      this.logger.error('worker failed', { worker: index, error: err.name });
    });
    const post = (frame: Frame): void => { worker.postMessage(frame.bytes, frame.transfer); };
    const outbox = new Outbox<WorkerCommand>(post);
    worker.on('exit', (code) => {
      outbox.clear();
      for (const l of exits) l({ code });
    });
    return {
      send: hostSender(outbox, post),
      onEvent: (l) => { events.push(l); },
      onExit: (l) => { exits.push(l); },
      terminate: async () => { await worker.terminate(); },
    };
  }
}
