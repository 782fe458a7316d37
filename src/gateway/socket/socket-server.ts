/**
 * The KMIP socket server (`--socket-server-start`): binary TTLV over TLS 1.2/1.3, Cosmian 5.x's
 * port 5696. A client certificate verified against `--authority-cert-file` is mandatory and its
 * subject CN is the user; SNI is not needed (PyKMIP sends none). Node's `tls` serves it (uWS does
 * not do raw TCP); each message then goes to the supervisor like an HTTP request would.
 * @module
 */
import tls from 'node:tls';
import type net from 'node:net';
import { commonNameOf } from '../tls/client-cert-front.js';
import { loadClientCa, loadServerCredentials } from '../tls/credentials.js';
import { MIN_TLS_VERSION, NODE_CIPHERS } from '../tls/tls-policy.js';
import { TlsSetupError } from '../tls/tls-error.js';
import { RateLimiter, type RateLimitSettings } from '../http/rate-limiter.js';
import { KmipConnection, type ConnectionSocket } from './connection.js';
import { createMessageHandler } from './message-handler.js';
import { HandshakeGate, type SocketRefusal } from './handshake-gate.js';
import type { BinaryKmip } from './binary-kmip.js';
import type { KmsBackend } from '../routes.js';
import type { AuditLog } from '../../lib/audit-log.js';
import type { Clock, TimerHandle } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { DatabaseType, TlsSource } from '../../config/schema.js';
import type { KmsError } from '../../protocol/wire-error.js';

/** Defaults of the settings that have no flag. */
export const SOCKET_DEFAULTS = Object.freeze({
  /** A connection with nothing received and nothing running for this long is closed. */
  idleTimeoutMs: 300_000,
  /** Time a message may take to arrive, from its first byte. */
  messageTimeoutMs: 30_000,
  /** Authenticated connections at most; more are dropped once their handshake completes. */
  maxConnections: 4096,
  /** Connections still in their TLS handshake at most, in total and from one address. */
  maxPendingHandshakes: 256,
  maxPendingHandshakesPerAddress: 32,
  /** Time for a client to complete its TLS handshake. */
  handshakeTimeoutMs: 10_000,
  /** Messages read ahead of the one being answered before reading pauses. */
  maxQueuedMessages: 32,
});

/** Reading pauses above this many times the largest message held by a connection. */
const BUFFERED_MESSAGES = 2;

/** How long a closing connection may take to flush before it is cut. */
const END_GRACE_MS = 5_000;

/** What the socket server is built from. */
export interface SocketServerOptions {
  readonly hostname: string;
  readonly port: number;
  /** The server certificate (the HTTPS flags) and the client CA bundle (`--authority-cert-file`). */
  readonly tls: { readonly source: TlsSource; readonly authorityCertFile: string };
  readonly backend: KmsBackend;
  readonly databaseType: DatabaseType;
  readonly kmip: BinaryKmip;
  /** Largest message, header included (`--max-body-size`). */
  readonly maxMessageBytes: number;
  /** Every caller acts as this user when set (`--force-default-username`). */
  readonly forcedUser?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Per-address message rate (`--rate-limit-per-second`, `--rate-limit-burst`). */
  readonly rateLimit?: RateLimitSettings;
  readonly audit?: AuditLog;
  /** Counts a message that failed before it reached the supervisor. */
  readonly failed?: (operation: string, err: KmsError, ms: number) => void;
  /** Counts a connection refused before any message. */
  readonly refused?: (reason: SocketRefusal) => void;
  readonly idleTimeoutMs?: number;
  readonly messageTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly maxPendingHandshakes?: number;
  readonly maxPendingHandshakesPerAddress?: number;
  readonly handshakeTimeoutMs?: number;
}

/** A listening socket server. */
export interface SocketServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  /** Open connections that completed their handshake. */
  readonly connections: () => number;
  /** Connections still in their TLS handshake. */
  readonly pendingHandshakes: () => number;
  /** Stops accepting; open connections answer what they received, then close. */
  close(): void;
  /** Closes every remaining connection at once. */
  destroyAll(): void;
}

/** Adapts a TLS socket to what a connection needs. */
function connectionSocket(socket: tls.TLSSocket, clock: Clock): ConnectionSocket {
  let grace: TimerHandle | null = null;
  socket.once('close', () => { grace?.cancel(); });
  return {
    write: (bytes) => socket.write(bytes),
    drained: () => new Promise((resolve) => {
      const done = (): void => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    }),
    end: () => {
      socket.end();
      // A peer that never closes its side would otherwise hold the socket.
      grace = clock.setTimer(END_GRACE_MS, () => { socket.destroy(); });
    },
    destroy: () => { socket.destroy(); },
    pause: () => { socket.pause(); },
    resume: () => { socket.resume(); },
  };
}

/** Starts the socket server; throws TlsSetupError for unreadable TLS files or a port in use. */
export function startSocketServer(o: SocketServerOptions): Promise<SocketServer> {
  // Read and check everything before listening, so a bad file fails startup cleanly.
  const creds = loadServerCredentials(o.tls.source);
  const caPem = loadClientCa(o.tls.authorityCertFile);
  const handler = createMessageHandler({
    backend: o.backend,
    databaseType: o.databaseType,
    kmip: o.kmip,
    clock: o.clock,
    logger: o.logger,
    ...(o.rateLimit === undefined || o.rateLimit.perSecond <= 0 ? {} : { rateLimiter: new RateLimiter(o.rateLimit, o.clock) }),
    ...(o.audit === undefined ? {} : { audit: o.audit }),
    ...(o.failed === undefined ? {} : { failed: o.failed }),
  });
  const limits = {
    maxMessageBytes: o.maxMessageBytes,
    idleTimeoutMs: o.idleTimeoutMs ?? SOCKET_DEFAULTS.idleTimeoutMs,
    messageTimeoutMs: o.messageTimeoutMs ?? SOCKET_DEFAULTS.messageTimeoutMs,
    maxQueuedMessages: SOCKET_DEFAULTS.maxQueuedMessages,
    maxBufferedBytes: BUFFERED_MESSAGES * o.maxMessageBytes,
  };
  const maxConnections = o.maxConnections ?? SOCKET_DEFAULTS.maxConnections;
  const maxPending = o.maxPendingHandshakes ?? SOCKET_DEFAULTS.maxPendingHandshakes;
  const gate = new HandshakeGate({ maxPending, maxPendingPerAddress: o.maxPendingHandshakesPerAddress ?? SOCKET_DEFAULTS.maxPendingHandshakesPerAddress });
  const raw = new Set<net.Socket>();
  const open = new Map<tls.TLSSocket, KmipConnection>();
  let accepting = true;
  const refuse = (socket: net.Socket, reason: SocketRefusal): void => {
    o.logger.debug('KMIP socket connection refused', { reason });
    o.refused?.(reason);
    socket.destroy();
  };
  const server = tls.createServer({
    key: creds.key.export({ type: 'pkcs8', format: 'pem' }),
    cert: creds.certChainPem,
    ca: caPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: MIN_TLS_VERSION,
    ciphers: NODE_CIPHERS,
    honorCipherOrder: true,
    handshakeTimeout: o.handshakeTimeoutMs ?? SOCKET_DEFAULTS.handshakeTimeoutMs,
  });
  // A hard bound on sockets; the gate and the check after the handshake share it out.
  server.maxConnections = maxConnections + maxPending;
  server.on('connection', (socket: net.Socket) => {
    const { remoteAddress: address, remotePort: port } = socket;
    if (address === undefined || port === undefined) {
      socket.destroy();
      return;
    }
    const refusal = gate.admit(address, port);
    if (refusal !== null) {
      refuse(socket, refusal);
      return;
    }
    raw.add(socket);
    socket.on('close', () => {
      raw.delete(socket);
      gate.settle(address, port);
    });
  });
  server.on('tlsClientError', (err: Error & { code?: string }) => {
    o.logger.debug('KMIP socket TLS handshake refused', { code: err.code ?? 'unknown' });
  });
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    const client = socket.remoteAddress ?? '';
    if (socket.remotePort !== undefined) gate.settle(client, socket.remotePort);
    const cn = commonNameOf(socket);
    if (!accepting) {
      socket.destroy();
      return;
    }
    if (cn === undefined) {
      o.audit?.record({ user: null, database: '-', operation: 'kmip-socket', objectId: null, result: 'Unauthorized', client });
      refuse(socket, 'client-certificate');
      return;
    }
    if (open.size >= maxConnections) {
      refuse(socket, 'connections');
      return;
    }
    // Answers are small and awaited one at a time: do not hold them back for Nagle.
    socket.setNoDelay(true);
    const connection = new KmipConnection(connectionSocket(socket, o.clock), {
      caller: { user: o.forcedUser ?? cn, client },
      handler,
      kmip: o.kmip,
      clock: o.clock,
      limits,
      logger: o.logger,
    });
    open.set(socket, connection);
    socket.on('data', (chunk: Buffer) => { connection.data(chunk); });
    socket.on('error', (err: Error & { code?: string }) => {
      o.logger.debug('KMIP socket connection error', { code: err.code ?? 'unknown' });
      socket.destroy();
    });
    socket.on('close', () => {
      open.delete(socket);
      connection.closed();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: Error & { code?: string }) => {
      reject(new TlsSetupError('TLS_LISTEN_FAILED', `cannot listen on ${o.hostname}:${o.port} for the KMIP socket server (${err.code ?? err.message})`));
    });
    server.listen(o.port, o.hostname, () => {
      server.removeAllListeners('error');
      server.on('error', (err: Error & { code?: string }) => { o.logger.warn('KMIP socket server error', { code: err.code ?? 'unknown' }); });
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : o.port,
        connections: () => open.size,
        pendingHandshakes: () => gate.pending,
        close: () => {
          if (!accepting) return;
          accepting = false;
          server.close();
          for (const c of open.values()) c.drain();
        },
        destroyAll: () => {
          for (const s of [...raw]) s.destroy();
        },
      });
    });
  });
}
