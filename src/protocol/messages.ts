/**
 * The typed messages between the supervisor (main thread) and the actor hosts (worker threads).
 * Every command carries an id and is answered by exactly one Done or Fault with that id.
 * @module
 */
import type { WireError } from './wire-error.js';
import type { ResultReason } from '../kmip/kmip-error.js';

/** Version of this message set; both sides refuse anything else. */
export const PROTOCOL_VERSION = 1;

/** Which database an actor serves. */
export type DatabaseRef = { readonly kind: 'plain' } | { readonly kind: 'encrypted'; readonly groupId: string };

/** Why an actor is being closed. */
export type DeactivationReason = 'idle' | 'capacity' | 'shutdown' | 'requested';

/**
 * What a request asks an actor to do. `attach` only opens the database and proves the key;
 * `owned`/`obtained` list the caller's objects; `grant`/`revoke` (JSON body) and `list-access`
 * (body: the object id, UTF-8) manage access rights; `api-token` (body: the presented token bytes)
 * answers one byte, 1 when it equals the configured token key, else 0. `kmip-binary` carries a
 * binary TTLV request Message (any KMIP version) and is answered with binary TTLV, failures included.
 */
export type RequestKind = 'kmip' | 'kmip-binary' | 'owned' | 'attach' | 'obtained' | 'grant' | 'revoke' | 'list-access' | 'api-token';

/** Every request kind, for shape checks. */
export const REQUEST_KINDS: readonly RequestKind[] = ['kmip', 'owned', 'attach', 'obtained', 'grant', 'revoke', 'list-access', 'api-token', 'kmip-binary'];

/**
 * What a request is counted as in the metrics: its KMIP operation name, `Batch` for a Message
 * whose items are not all the same operation, or the request kind (`kmip` when the operation
 * could not be read). Never anything a client chose: unknown names count as `kmip`.
 */
export type RequestLabel = string;

/** The longest RequestLabel a worker may send. */
export const MAX_REQUEST_LABEL = 40;

/** What one operation did, for the audit log: never key material, secrets or plaintext. */
export interface AuditRecord {
  /** KMIP operation name, or the request kind for non-KMIP requests. */
  readonly operation: string;
  /** The object acted on (created, for Create-like operations), or null. */
  readonly objectId: string | null;
  /** `Success`, or the KMIP result reason / error code of the failure. */
  readonly result: string;
}

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

/**
 * How an injected fault ends a host: an uncaught exception, a hard `process.exit`, or (child
 * processes only: in a thread it would take the whole server down) a real SIGSEGV.
 */
export type FaultKind = 'exception' | 'exit' | 'segv';

/** Every fault kind, for shape checks. */
export const FAULT_KINDS: readonly FaultKind[] = ['exception', 'exit', 'segv'];

/**
 * Fault tests only (Supervisor.injectFault; no route or setting sends it): the host fails this way
 * on the next request for `actorId`, before answering it. Never answered unless refused.
 */
export interface InjectFaultCommand {
  readonly type: 'inject-fault';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
  readonly actorId: string;
  readonly fault: FaultKind;
}

/**
 * Everything that can cross to a host: its commands, plus the fault-test hook, which the host
 * entry consumes itself (the actors never see it).
 */
export type HostCommand = WorkerCommand | InjectFaultCommand;

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
  /** What the request did, item by item (requests only; absent when there is nothing to record). */
  readonly audit?: readonly AuditRecord[];
  /** Requests only: what the request was, for metrics (see RequestLabel). */
  readonly operation?: RequestLabel;
  /** Requests only: the KMIP result reason of the first failed item of a batch answered with failures. */
  readonly failure?: ResultReason;
}

/** A command failed. */
export interface FaultEvent {
  readonly type: 'fault';
  readonly v: typeof PROTOCOL_VERSION;
  readonly id: number;
  readonly error: WireError;
  /** What the request did before it failed, when known. */
  readonly audit?: readonly AuditRecord[];
  /** Requests only: what the request was, for metrics (see RequestLabel). */
  readonly operation?: RequestLabel;
}

/** Everything a worker sends the main thread. */
export type WorkerEvent = ReadyEvent | DoneEvent | FaultEvent;

/** The configuration a worker starts with. */
export interface WorkerConfig {
  readonly sqlitePath: string;
  /** The main thread's log level ('off' silences the worker too). */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'off';
  /** The main thread's log line format (default text). */
  readonly logFormat?: 'json' | 'text';
  /** Append log lines to this file instead of stderr, when set. */
  readonly logFile?: string;
  /** Identifier of the API token key (`api-token` requests); absent or null when off. */
  readonly apiTokenId?: string | null;
  /** When set, only these users may create or import objects. */
  readonly privilegedUsers?: readonly string[] | null;
  /** Whether done/fault events carry audit records (false when no audit log is kept; default true). */
  readonly audit?: boolean;
  /** JSON TTLV decoding bounds (defaults: DEFAULT_TTLV_LIMITS). */
  readonly maxJsonDepth?: number;
  readonly maxJsonNodes?: number;
}
