/**
 * The server's effective configuration: one frozen object built at startup by load.ts.
 * @module
 */

/** The storage modes. */
export type DatabaseType = 'sqlite' | 'sqlite-enc';

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
  /** Worker threads hosting actors. */
  readonly workers: number;
  /** Seconds an actor may stay idle before it is closed. */
  readonly actorIdleTimeoutSeconds: number;
  /** Open actors allowed at once before the least recently used idle one is closed. */
  readonly maxOpenActors: number;
  /** Largest accepted request body, in bytes (also the largest WebSocket message). */
  readonly maxBodySize: number;
  /** Requests one WebSocket session may have running at once; later ones wait in order. */
  readonly wsMaxInFlight: number;
  /** Seconds a WebSocket client may stay silent (no request, no pong) before its session is closed. */
  readonly wsIdleTimeoutSeconds: number;
  /** Seconds a WebSocket client has to send its hello when it gave no secret header. */
  readonly wsHelloTimeoutSeconds: number;
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
  actorIdleTimeoutSeconds: 300,
  maxOpenActors: 100,
  maxBodySize: 64 * 1024 * 1024,
  wsMaxInFlight: 256,
  wsIdleTimeoutSeconds: 300,
  wsHelloTimeoutSeconds: 5,
} as const;
