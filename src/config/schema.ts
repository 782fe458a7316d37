/**
 * The server's effective configuration: one frozen object built at startup by load.ts.
 * @module
 */

import type { LogFormat, LogLevel } from '../lib/logger.js';

/** The storage modes. */
export type DatabaseType = 'sqlite' | 'sqlite-enc';

/** Where the actor hosts run: worker threads, or child processes (a native crash in one spares the gateway). */
export type ActorRuntimeKind = 'thread' | 'process';

/** Where the gateway's TLS certificate and private key come from. */
export type TlsSource =
  | { readonly kind: 'pem'; readonly certFile: string; readonly keyFile: string; readonly chainFile: string | null }
  | { readonly kind: 'p12'; readonly file: string; readonly password: string };

/** One trusted identity provider: tokens it issues are checked against its key set. */
export interface JwtIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  /** The audience its tokens must name, or null to accept any. */
  readonly audience: string | null;
}

/** Everything the server needs to run; paths are absolute. */
export interface Config {
  readonly port: number;
  readonly hostname: string;
  readonly databaseType: DatabaseType;
  /** Absolute root data directory (`--root-data-path`). */
  readonly rootDataPath: string;
  /** Absolute directory holding the database files (`--sqlite-path` resolved under the root). */
  readonly sqlitePath: string;
  readonly defaultUsername: string;
  /** Delete the databases in sqlitePath at startup. */
  readonly clearDatabase: boolean;
  /** Workers hosting actors. */
  readonly workers: number;
  /** Whether the workers are threads of this process or child processes. */
  readonly actorRuntime: ActorRuntimeKind;
  /** Seconds an actor may stay idle before it is closed. */
  readonly actorIdleTimeoutSeconds: number;
  /** Open actors allowed at once before the least recently used idle one is closed. */
  readonly maxOpenActors: number;
  /** Largest accepted request body, in bytes (also the largest WebSocket or KMIP socket message). */
  readonly maxBodySize: number;
  /** Requests one WebSocket session may have running at once; later ones wait in order. */
  readonly wsMaxInFlight: number;
  /** Seconds a WebSocket client may stay silent (no request, no pong) before its session is closed. */
  readonly wsIdleTimeoutSeconds: number;
  /** Seconds a WebSocket client has to send its hello when it gave no secret header. */
  readonly wsHelloTimeoutSeconds: number;
  /** HTTPS/WSS instead of plain HTTP when set. */
  readonly tls: TlsSource | null;
  /** PEM CA bundle: when set, a client certificate it verifies is mandatory and its subject CN is the user. */
  readonly authorityCertFile: string | null;
  /** Serve binary KMIP over mutually authenticated TLS (needs `tls` and `authorityCertFile`). */
  readonly socketServerStart: boolean;
  /** Port of the KMIP socket server; 0 picks a free ephemeral port. */
  readonly socketServerPort: number;
  /** Address the KMIP socket server listens on. */
  readonly socketServerHostname: string;
  /** Identity providers whose JWTs authenticate callers; empty when JWT is off. */
  readonly jwtIssuers: readonly JwtIssuer[];
  /** The JWT claim naming the user. */
  readonly jwtUserClaim: string;
  /** Identifier of the symmetric key whose bytes (base64) are the API bearer token; null when off. */
  readonly apiTokenId: string | null;
  /** Every authenticated caller acts as the default user. */
  readonly forceDefaultUsername: boolean;
  /** When set, only these users may create or import objects. */
  readonly privilegedUsers: readonly string[] | null;
  /** Largest total size of a request's headers, in bytes. */
  readonly maxHeaderSize: number;
  /** Deepest JSON TTLV nesting accepted. */
  readonly maxJsonDepth: number;
  /** Most JSON TTLV nodes one request may hold. */
  readonly maxJsonNodes: number;
  /** Requests per second each client address may make on average; 0 turns the limit off. */
  readonly rateLimitPerSecond: number;
  /** Requests a client may burst above the average rate. */
  readonly rateLimitBurst: number;
  /** Databases each client address may create per minute, and at once; 0 turns the limit off. */
  readonly newDatabaseRateLimit: number;
  /** The least severe log lines written. */
  readonly logLevel: LogLevel;
  /** How log lines are written. */
  readonly logFormat: LogFormat;
  /** JSON-lines audit log file; null when off. */
  readonly auditLog: string | null;
}

/** Defaults, as documented in `--help`. */
export const DEFAULTS = {
  port: 9998,
  hostname: '0.0.0.0',
  databaseType: 'sqlite',
  rootDataPath: './cosmian-kms',
  sqlitePath: 'sqlite-data',
  defaultUsername: 'admin',
  clearDatabase: false,
  actorRuntime: 'thread',
  actorIdleTimeoutSeconds: 300,
  maxOpenActors: 100,
  maxBodySize: 64 * 1024 * 1024,
  wsMaxInFlight: 256,
  wsIdleTimeoutSeconds: 300,
  wsHelloTimeoutSeconds: 5,
  socketServerStart: false,
  socketServerPort: 5696,
  socketServerHostname: '0.0.0.0',
  jwtUserClaim: 'email',
  forceDefaultUsername: false,
  maxHeaderSize: 4 * 1024,
  maxJsonDepth: 64,
  maxJsonNodes: 100_000,
  rateLimitPerSecond: 0,
  rateLimitBurst: 200,
  newDatabaseRateLimit: 60,
  logLevel: 'info',
  logFormat: 'json',
} as const;
