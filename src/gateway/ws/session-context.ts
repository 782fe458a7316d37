/**
 * What a WebSocket KMIP session is built from and talks to: its socket, its limits, and the
 * per-socket context (the authenticated user, the rate limit of its client).
 * @module
 */
import type { HttpResponse } from 'uWebSockets.js';
import type { Clock } from '../../lib/clock.js';
import type { DatabaseType } from '../../config/schema.js';
import type { KmsError } from '../../protocol/wire-error.js';
import type { RequestGuard } from '../http/guard.js';
import type { KmsBackend } from '../routes.js';

/** What a session needs from its socket. */
export interface SessionSocket {
  /** Sends frames in one write (uWS buffers what the client has not read yet). */
  send(frames: readonly { readonly frame: string | Uint8Array; readonly binary: boolean }[]): void;
  /** Bytes waiting to be written to the client. */
  bufferedAmount(): number;
  /** Closes with a code and a reason. */
  end(code: number, reason: string): void;
  /** Sends a ping; a live client answers with a pong. */
  ping(): void;
}

/** Session limits. */
export interface SessionLimits {
  readonly maxInFlight: number;
  readonly maxMessageBytes: number;
  readonly idleTimeoutMs: number;
  readonly helloTimeoutMs: number;
  /** Stop starting requests while this many response bytes wait for the client. */
  readonly highWaterBytes: number;
  /** Close the session when this many bytes of requests wait to start. */
  readonly maxQueuedBytes: number;
}

/** Everything a session is built from. */
export interface SessionContext {
  readonly backend: KmsBackend;
  readonly databaseType: DatabaseType;
  /** The session's user: the default user in the shared context, the authenticated one per socket. */
  readonly user: string;
  /** Per socket: when the user's credential (a JWT) expires, in clock ms; the session ends then. */
  readonly expiresAt?: number | null;
  readonly clock: Clock;
  readonly limits: SessionLimits;
  /** The client certificate's user of an upgrade request's connection (set when client certificates are required). */
  readonly peerUser?: (res: HttpResponse) => string | undefined;
  /** The HTTP routes' guard (createGuard): upgrades are screened and authenticated by it. */
  readonly guard?: RequestGuard;
  /** Per socket: spends one request of the client's rate limit; the error to answer when over it. */
  readonly admitRequest?: () => KmsError | null;
}
