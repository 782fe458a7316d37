/**
 * Assembles a running server from a configuration: storage directory, supervisor, HTTP gateway
 * and, with --socket-server-start, the binary KMIP socket server.
 * Used by main.ts and by the HTTP tests (which listen on port 0).
 * @module
 */
import { readFileSync } from 'node:fs';
import { clearDatabaseDirectory, ensureDirectory } from './storage/database-files.js';
import { Supervisor } from './supervisor/supervisor.js';
import { ThreadRuntime } from './supervisor/runtime/thread-runtime.js';
import { ProcessRuntime } from './supervisor/runtime/process-runtime.js';
import { startGateway } from './gateway/server.js';
import { startSocketServer, type SocketServer } from './gateway/socket/socket-server.js';
import { BINARY_KMIP } from './binary-kmip.js';
import type { SocketRefusal } from './gateway/socket/handshake-gate.js';
import type { KmsError } from './protocol/wire-error.js';
import { systemClock, type Clock } from './lib/clock.js';
import type { Config } from './config/schema.js';
import type { Logger } from './lib/logger.js';
import type { WorkerConfig } from './protocol/messages.js';
import type { ActorRuntime } from './supervisor/runtime/runtime.js';
import { noAudit, openAuditLog, type AuditLog } from './lib/audit-log.js';
import { Registry } from './lib/metrics.js';
import { watchProcess } from './lib/process-metrics.js';
import { cachedFileCount } from './lib/file-count.js';
import { SupervisorMetrics } from './supervisor/supervisor-metrics.js';
import { HttpMetrics } from './gateway/http/http-metrics.js';
import type { GatewayMetrics } from './gateway/http/metrics-route.js';

/** A started server. */
export interface RunningServer {
  readonly port: number;
  /** The KMIP socket server's port, or null when it is off. */
  readonly socketPort: number | null;
  readonly supervisor: Supervisor;
  /** Open WebSocket sessions. */
  readonly sessions: () => number;
  /** Stops accepting, drains, closes every database and stops the workers. */
  stop(): Promise<void>;
}

/** The package version. */
function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return typeof pkg === 'object' && pkg !== null && typeof (pkg as Record<string, unknown>)['version'] === 'string'
    ? (pkg as Record<string, string>)['version'] ?? '0.0.0'
    : '0.0.0';
}

/** The version string `/version` reports. */
export function serverVersion(): string {
  return `${packageVersion()} (KMIP 2.1; Node ${process.versions.node})`;
}

/** Process-level choices that are not configuration flags. */
export interface ServerExtras {
  /** Workers append their log lines to this file instead of stderr. */
  readonly workerLogFile?: string;
  /** Count requests and serve /metrics (default true); false takes the counting and its clock reads off the request path. */
  readonly metrics?: boolean;
}

// How stale the count of database files may be: listing a directory of many databases is not free.
const DATABASE_COUNT_MAX_AGE_MS = 5_000;

/** The server's metrics: the supervisor's and gateway's families, process figures, and gauges read at each scrape. */
interface ServerMetrics {
  readonly supervisor: SupervisorMetrics;
  readonly gateway: GatewayMetrics;
  /** Adds the gauges only a started gateway can answer. */
  watchGateway(sessions: () => number): void;
  /** Adds the gauges of open KMIP socket connections and pending handshakes. */
  watchSocket(connections: () => number, pendingHandshakes: () => number): void;
  /** Counts a KMIP socket connection refused before any message. */
  socketRefused(reason: SocketRefusal): void;
  stop(): void;
}

function serverMetrics(config: Config, clock: Clock): ServerMetrics {
  const registry = new Registry();
  const supervisor = new SupervisorMetrics(registry);
  const http = new HttpMetrics(registry, supervisor.requests);
  const databases = registry.gauge(
    'kms_databases_stored',
    'Database files on disk: encrypted databases in sqlite-enc mode, the one database in sqlite mode (open ones: kms_actors_open).',
  ).child();
  const count = cachedFileCount(config.sqlitePath, config.databaseType === 'sqlite' ? /^kms\.db$/ : /^\d+\.sqlite$/, DATABASE_COUNT_MAX_AGE_MS, clock);
  registry.onCollect(async () => { databases.set(await count()); });
  const runtime = watchProcess(registry, { version: packageVersion() });
  const refusals = registry.counter('kms_kmip_socket_refused_total', 'Binary KMIP socket connections refused before any message, by reason.', ['reason']);
  return {
    supervisor,
    gateway: { http, render: () => registry.render() },
    watchGateway: (sessions) => {
      const open = registry.gauge('kms_websocket_sessions', 'Open WebSocket sessions.').child();
      registry.onCollect(() => { open.set(sessions()); });
    },
    watchSocket: (connections, pendingHandshakes) => {
      const open = registry.gauge('kms_kmip_socket_connections', 'Open binary KMIP socket connections (TLS handshake done).').child();
      const pending = registry.gauge('kms_kmip_socket_pending_handshakes', 'Binary KMIP socket connections still in their TLS handshake.').child();
      registry.onCollect(() => {
        open.set(connections());
        pending.set(pendingHandshakes());
      });
    },
    socketRefused: (reason) => { refusals.child([reason]).inc(); },
    stop: () => { runtime.stop(); },
  };
}

/** Starts the KMIP socket server when the configuration asks for it. */
function startSocket(config: Config, logger: Logger, clock: Clock, supervisor: Supervisor, audit: AuditLog, metrics: ServerMetrics | null): Promise<SocketServer | null> {
  if (!config.socketServerStart) return Promise.resolve(null);
  if (config.tls === null || config.authorityCertFile === null) {
    return Promise.reject(new Error('the KMIP socket server needs the server certificate and --authority-cert-file'));
  }
  const http = metrics?.gateway.http;
  return startSocketServer({
    hostname: config.socketServerHostname,
    port: config.socketServerPort,
    tls: { source: config.tls, authorityCertFile: config.authorityCertFile },
    backend: supervisor,
    databaseType: config.databaseType,
    kmip: BINARY_KMIP,
    maxMessageBytes: config.maxBodySize,
    ...(config.forceDefaultUsername ? { forcedUser: config.defaultUsername } : {}),
    clock,
    logger,
    rateLimit: { perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst },
    ...(config.auditLog === null ? {} : { audit }),
    ...(http === undefined ? {} : { failed: (operation: string, err: KmsError, ms: number) => { http.failed(operation, err, ms); } }),
    ...(metrics === null ? {} : { refused: (reason: SocketRefusal) => { metrics.socketRefused(reason); } }),
  });
}

/** Starts everything the configuration describes. */
export async function startServer(config: Config, logger: Logger, clock: Clock = systemClock, extras: ServerExtras = {}): Promise<RunningServer> {
  ensureDirectory(config.sqlitePath);
  if (config.clearDatabase) clearDatabaseDirectory(config.sqlitePath, config.databaseType);
  const audit = config.auditLog === null ? noAudit : openAuditLog(config.auditLog, () => clock.now());
  const metrics = extras.metrics === false ? null : serverMetrics(config, clock);
  const workerConfig: WorkerConfig = {
    sqlitePath: config.sqlitePath,
    logLevel: logger.level,
    logFormat: logger.format,
    ...(extras.workerLogFile === undefined ? {} : { logFile: extras.workerLogFile }),
    apiTokenId: config.apiTokenId,
    audit: config.auditLog !== null,
    privilegedUsers: config.privilegedUsers,
    maxJsonDepth: config.maxJsonDepth,
    maxJsonNodes: config.maxJsonNodes,
  };
  const runtime: ActorRuntime = config.actorRuntime === 'process' ? new ProcessRuntime(workerConfig, logger) : new ThreadRuntime(workerConfig, logger);
  const supervisor = new Supervisor({
    runtime,
    workers: config.workers,
    clock,
    logger,
    idleTimeoutMs: config.actorIdleTimeoutSeconds * 1000,
    maxOpenActors: config.maxOpenActors,
    audit,
    ...(metrics === null ? {} : { metrics: metrics.supervisor }),
  });
  try {
    await supervisor.start();
  } catch (err) {
    metrics?.stop();
    await audit.close();
    throw err;
  }
  let gateway;
  try {
    gateway = await startGateway(config.hostname, config.port, {
      backend: supervisor,
      databaseType: config.databaseType,
      defaultUsername: config.defaultUsername,
      maxBodySize: config.maxBodySize,
      version: serverVersion(),
      logger,
      clock,
      auth: {
        jwtIssuers: config.jwtIssuers,
        jwtUserClaim: config.jwtUserClaim,
        apiTokenId: config.apiTokenId,
        forceDefaultUsername: config.forceDefaultUsername,
      },
      limits: {
        maxHeaderSize: config.maxHeaderSize,
        rateLimitPerSecond: config.rateLimitPerSecond,
        rateLimitBurst: config.rateLimitBurst,
        newDatabasesPerMinute: config.newDatabaseRateLimit,
      },
      // Without an audit log the gateway records no refusals, so it need not read each client's
      // address (a getpeername system call per request).
      ...(config.auditLog === null ? {} : { audit }),
      readiness: () => supervisor.readiness(),
      ...(metrics === null ? {} : { metrics: metrics.gateway }),
      wipeBinaryPasswords: (message: Uint8Array) => { BINARY_KMIP.wipePasswords(message); },
    }, {
      clock,
      limits: {
        maxInFlight: config.wsMaxInFlight,
        maxMessageBytes: config.maxBodySize,
        idleTimeoutMs: config.wsIdleTimeoutSeconds * 1000,
        helloTimeoutMs: config.wsHelloTimeoutSeconds * 1000,
        highWaterBytes: 1024 * 1024,
        maxQueuedBytes: Math.max(config.maxBodySize, 16 * 1024 * 1024),
      },
    }, { source: config.tls, authorityCertFile: config.authorityCertFile });
  } catch (err) {
    await supervisor.stop();
    metrics?.stop();
    await audit.close();
    throw err;
  }
  const g = gateway;
  let socket: SocketServer | null;
  try {
    socket = await startSocket(config, logger, clock, supervisor, audit, metrics);
  } catch (err) {
    g.close();
    await supervisor.stop();
    g.disconnectAll();
    metrics?.stop();
    await audit.close();
    throw err;
  }
  metrics?.watchGateway(g.sessions);
  if (socket !== null) metrics?.watchSocket(socket.connections, socket.pendingHandshakes);
  return {
    port: g.port,
    socketPort: socket?.port ?? null,
    supervisor,
    sessions: g.sessions,
    stop: async () => {
      g.close();
      // Socket connections answer what they already received, then close.
      socket?.close();
      await supervisor.stop();
      g.closeSessions();
      g.disconnectAll();
      socket?.destroyAll();
      metrics?.stop();
      await audit.close();
    },
  };
}
