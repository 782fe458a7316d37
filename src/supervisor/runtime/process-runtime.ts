/**
 * Actor hosts in child processes (`--actor-runtime process`), so that a native crash in one (a
 * SIGSEGV in SQLCipher, an abort in an addon) ends that host and not the gateway.
 *
 * Why `child_process.fork` and not tinypool's child_process runtime (which forks the same way):
 * tinypool runs stateless tasks on whichever worker is free, while an actor's open database
 * handle lives in one host, so every request must reach that host; tinypool has no affinity.
 * This mirrors ThreadRuntime instead: one long-lived host per slot, the same frames, the same
 * entry (actors/worker-entry.ts, whose link host-port.ts hides which kind of host it is).
 *
 * Frames cross a pipe (the child's HOST_PIPE_FD), each behind its length. Measured against IPC
 * with `serialization: 'advanced'` (echo of 400-byte frames, 64 in flight): 86k vs 20k round trips
 * a second; 6 KB frames: 40k vs 22k. The pipe also writes our own buffer, so a frame holding a key
 * is wiped once written, where IPC would leave a serialised copy behind. The IPC channel carries
 * only the configuration, first (never argv or the environment), and tells the child when the
 * parent is gone: it then exits.
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { Socket } from 'node:net';
import { decodeEvents, type Frame } from '../../protocol/codec.js';
import { FrameSplitter, HOST_PIPE_FD, writeFramed } from '../../protocol/stream-frames.js';
import { Outbox } from '../../protocol/outbox.js';
import type { FaultKind, WorkerCommand, WorkerConfig, WorkerEvent } from '../../protocol/messages.js';
import type { Logger } from '../../lib/logger.js';
import type { ActorRuntime, ExitInfo, WorkerChannel } from './runtime.js';
import { hostSender } from './host-sender.js';

const ENTRY = new URL('../../actors/worker-entry.js', import.meta.url);

/** stdio of the child: stdout and stderr shared (its log lines), IPC, then the frame pipe. */
const STDIO = ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'] as const;

/**
 * The parent's variables a host may see: what Node and the C library read. The rest (the server's
 * own KMS_* settings, some secret, and whatever else the parent was given) stays in the parent.
 */
const PASSED_ENV = /^(PATH|HOME|TMPDIR|TZ|LANG|LC_[A-Z_]+|NODE_V8_COVERAGE|UV_THREADPOOL_SIZE)$/;

/** Node flags a host inherits (memory sizing, source maps); never -e, --test, --inspect and the like. */
const PASSED_FLAGS = /^--(max-old-space-size|max-semi-space-size|stack-size|enable-source-maps)(=|$)/;

function hostEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (PASSED_ENV.test(name)) env[name] = value;
  return env;
}

function exitInfo(code: number | null, signal: NodeJS.Signals | null): ExitInfo {
  if (signal === null) return { code: code ?? 1 };
  return { code: 128 + (constants.signals[signal] ?? 0), signal };
}

/** Starts one child process per host. */
export class ProcessRuntime implements ActorRuntime {
  readonly faults: readonly FaultKind[] = ['exception', 'exit', 'segv'];

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: Logger,
  ) {}

  start(index: number): WorkerChannel {
    const child = fork(ENTRY, [], {
      stdio: [...STDIO],
      env: hostEnvironment(),
      execArgv: process.execArgv.filter((f) => PASSED_FLAGS.test(f)),
      serialization: 'json',
    });
    const pipe = child.stdio[HOST_PIPE_FD];
    if (!(pipe instanceof Socket)) throw new Error('the actor host process has no frame pipe');
    const events: ((e: WorkerEvent) => void)[] = [];
    const exits: ((i: ExitInfo) => void)[] = [];
    let gone = false;
    const splitter = new FrameSplitter((frame) => {
      let batch: WorkerEvent[];
      try {
        batch = decodeEvents(frame);
      } catch {
        // Its answers are lost; ending the host fails the requests that waited for them.
        this.logger.error('a worker sent a malformed frame; restarting it', { worker: index });
        child.kill('SIGKILL');
        return;
      }
      for (const event of batch) for (const l of events) l(event);
    });
    pipe.on('data', (chunk: Buffer) => {
      try {
        splitter.push(chunk);
      } catch {
        this.logger.error('a worker broke the frame stream; restarting it', { worker: index });
        child.kill('SIGKILL');
      }
    });
    // EPIPE and the like once the child is gone: its exit reports it.
    pipe.on('error', () => undefined);
    const post = (frame: Frame): void => {
      const wipe = frame.keyed ? () => { frame.bytes.fill(0); } : undefined;
      if (gone || !pipe.writable) {
        wipe?.();
        return;
      }
      writeFramed(pipe, frame.bytes, wipe);
    };
    const outbox = new Outbox<WorkerCommand>(post);
    child.on('error', (err) => {
      // Spawn failures and a closed IPC channel; the text names a system call, never request data.
      this.logger.error('worker process failed', { worker: index, error: err.name });
    });
    // 'close', not 'exit': answers the host wrote before it died are read before it counts as gone.
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      gone = true;
      outbox.clear();
      const info = exitInfo(code, signal);
      for (const l of exits) l(info);
    });
    child.send({ type: 'config', name: `kms-actor-host-${index}`, config: this.config });
    return {
      send: hostSender(outbox, post),
      onEvent: (l) => { events.push(l); },
      onExit: (l) => { exits.push(l); },
      terminate: () => terminate(child, () => gone),
    };
  }
}

/** Kills a host at once and resolves when it is gone. */
function terminate(child: ChildProcess, gone: () => boolean): Promise<void> {
  if (gone()) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => { resolve(); });
    child.kill('SIGKILL');
  });
}
