/**
 * The typed messages between the supervisor (main thread) and the actor hosts (worker threads).
 * Every command carries an id and is answered by exactly one Done or Fault with that id.
 * @module
 */
import type { WireError } from './wire-error.js';

/** Version of this message set; both sides refuse anything else. */
export const PROTOCOL_VERSION = 1;

/** Which database an actor serves. */
export type DatabaseRef = { readonly kind: 'plain' } | { readonly kind: 'encrypted'; readonly groupId: string };

/** Why an actor is being closed. */
export type DeactivationReason = 'idle' | 'capacity' | 'shutdown' | 'requested';

/** What a request asks an actor to do; `attach` only opens the database and proves the key. */
export type RequestKind = 'kmip' | 'owned' | 'attach';

/** Open a database and hold it as an actor. The key is transferred, never copied. */
export interface ActivateCommand {
  readonly type: 'activate';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
  readonly actorId: string;
  readonly database: DatabaseRef;
  readonly key: Uint8Array | null;
}

/** One request for an active actor. */
export interface RequestCommand {
  readonly type: 'request';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
  readonly actorId: string;
  readonly kind: RequestKind;
  readonly user: string;
  readonly body: Uint8Array;
}

/** Close an actor's database and wipe its key. */
export interface DeactivateCommand {
  readonly type: 'deactivate';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
  readonly actorId: string;
  readonly reason: DeactivationReason;
}

/** Create and initialise a new encrypted database. */
export interface CreateDatabaseCommand {
  readonly type: 'create-database';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
  readonly groupId: string;
  readonly key: Uint8Array;
}

/** Close every actor; the worker exits after answering. */
export interface ShutdownCommand {
  readonly type: 'shutdown';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
}

/** Everything the main thread sends a worker. */
export type WorkerCommand = ActivateCommand | RequestCommand | DeactivateCommand | CreateDatabaseCommand | ShutdownCommand;

/** The worker is initialised and takes commands. Sent once, unprompted, with id 0. */
export interface ReadyEvent {
  readonly type: 'ready';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: 0;
}

/** A command succeeded; requests carry the response body. */
export interface DoneEvent {
  readonly type: 'done';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
  readonly body: Uint8Array | null;
}

/** A command failed. */
export interface FaultEvent {
  readonly type: 'fault';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
  readonly error: WireError;
}

/** Everything a worker sends the main thread. */
export type WorkerEvent = ReadyEvent | DoneEvent | FaultEvent;

/** The configuration a worker starts with. */
export interface WorkerConfig {
  readonly sqlitePath: string;
  /** The main thread's log level ('off' silences the worker too). */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'off';
}
