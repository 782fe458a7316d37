/**
 * The host side of a child-process actor host (ProcessRuntime): the configuration arrives as the
 * first IPC message (never in argv or the environment), command and event frames cross the pipe
 * on HOST_PIPE_FD behind their lengths, and the process exits as soon as the parent is gone.
 * @module
 */
import { Socket } from 'node:net';
import { FrameSplitter, HOST_PIPE_FD, writeFramed } from '../protocol/stream-frames.js';
import { tuneV8 } from '../lib/v8-tuning.js';
import type { HostPort } from './host-port.js';

/** The configuration message's shape (ProcessRuntime sends it). */
interface ConfigMessage {
  readonly type: 'config';
  readonly name: string;
  readonly config: unknown;
}

function isConfigMessage(m: unknown): m is ConfigMessage {
  return typeof m === 'object' && m !== null && (m as Record<string, unknown>)['type'] === 'config' && typeof (m as Record<string, unknown>)['name'] === 'string';
}

/** Waits for the configuration, then opens the frame pipe. */
export async function processPort(): Promise<HostPort> {
  // An orphaned host would hold its databases open with nobody to answer: the parent's end of the
  // IPC channel closes when it dies, however it dies.
  process.on('disconnect', () => { process.exit(0); });
  const message = await new Promise<unknown>((resolve) => { process.once('message', resolve); });
  if (!isConfigMessage(message)) throw new Error('the actor host process expected its configuration first');
  process.title = message.name;
  tuneV8(); // the parent's V8 flags do not reach a child process
  const pipe = new Socket({ fd: HOST_PIPE_FD, readable: true, writable: true });
  // The parent's end closing means the parent is gone too.
  pipe.on('end', () => { process.exit(0); });
  pipe.on('error', () => { process.exit(0); });
  return {
    kind: 'process',
    config: message.config,
    onFrame: (listener) => {
      const splitter = new FrameSplitter(listener);
      pipe.on('data', (chunk: Buffer) => { splitter.push(chunk); });
    },
    post: (frame) => { writeFramed(pipe, frame.bytes); },
    close: () => {
      pipe.end(() => { if (process.connected) process.disconnect(); });
    },
  };
}
