/**
 * The actor host entry's link to the supervisor, the one part that differs between a worker
 * thread (a MessagePort, frames transferred) and a child process (frames on a pipe, the IPC
 * channel for the configuration and for noticing that the parent is gone).
 * @module
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Frame } from '../protocol/codec.js';
import { processPort } from './process-port.js';

/** Where the host runs: what its crash takes down with it. */
export type HostKind = 'thread' | 'process';

/** The host's side of the link. */
export interface HostPort {
  readonly kind: HostKind;
  /** The configuration the supervisor started this host with, not yet checked. */
  readonly config: unknown;
  /** Delivers every command frame, in order. */
  onFrame(listener: (frame: Uint8Array) => void): void;
  /** Sends one event frame. */
  post(frame: Frame): void;
  /** Closes the link once posted frames are sent; the host then exits. */
  close(): void;
}

function threadPort(port: MessagePort, config: unknown): HostPort {
  return {
    kind: 'thread',
    config,
    onFrame: (listener) => {
      port.on('message', (data: unknown) => { if (data instanceof Uint8Array) listener(data); });
    },
    post: (frame) => { port.postMessage(frame.bytes, frame.transfer); },
    close: () => { port.close(); },
  };
}

/** The link of this host, once its configuration has arrived. */
export async function openHostPort(): Promise<HostPort> {
  if (parentPort !== null) return threadPort(parentPort, workerData);
  if (process.send !== undefined) return processPort();
  throw new Error('worker-entry must run in a worker thread or a child process forked with an IPC channel');
}
