/**
 * Assembles a running server from a configuration: storage directory, supervisor, gateway.
 * Used by main.ts and by the HTTP tests (which listen on port 0).
 * @module
 */
import { readFileSync } from 'node:fs';
import { clearDatabaseDirectory, ensureDirectory } from './storage/database-files.js';
import { Supervisor } from './supervisor/supervisor.js';
import { ThreadRuntime } from './supervisor/runtime/thread-runtime.js';
import { startGateway } from './gateway/server.js';
import { systemClock, type Clock } from './lib/clock.js';
import type { Config } from './config/schema.js';
import type { Logger } from './lib/logger.js';
import { noAudit, openAuditLog } from './lib/audit-log.js';

/** A started server. */
export interface RunningServer {
  readonly port: number;
  readonly supervisor: Supervisor;
  /** Open WebSocket sessions. */
  readonly sessions: () => number;
  /** Stops accepting, drains, closes every database and stops the workers. */
  stop(): Promise<void>;
}

/** The version string `/version` reports. */
export function serverVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && typeof (pkg as Record<string, unknown>)['version'] === 'string'
    ? (pkg as Record<string, string>)['version'] ?? '0.0.0'
    : '0.0.0';
  return `${version} (KMIP 2.1; Node ${process.versions.node})`;
}

/** Process-level choices that are not configuration flags. */
export interface ServerExtras {
  /** Worker threads append their log lines to this file instead of stderr. */
  readonly workerLogFile?: string;
}

/** Starts everything the configuration describes. */
export async function startServer(config: Config, logger: Logger, clock: Clock = systemClock, extras: ServerExtras = {}): Promise<RunningServer> {
  ensureDirectory(config.sqlitePath);
  if (config.clearDatabase) clearDatabaseDirectory(config.sqlitePath, config.databaseType);
  const audit = config.auditLog === null ? noAudit : openAuditLog(config.auditLog, () => clock.now());
  const supervisor = new Supervisor({
    runtime: new ThreadRuntime({
      sqlitePath: config.sqlitePath,
      logLevel: logger.level,
      logFormat: logger.format,
      ...(extras.workerLogFile === undefined ? {} : { logFile: extras.workerLogFile }),
      apiTokenId: config.apiTokenId,
      audit: config.auditLog !== null,
      privilegedUsers: config.privilegedUsers,
      maxJsonDepth: config.maxJsonDepth,
      maxJsonNodes: config.maxJsonNodes,
    }, logger),
    workers: config.workers,
    clock,
    logger,
    idleTimeoutMs: config.actorIdleTimeoutSeconds * 1000,
    maxOpenActors: config.maxOpenActors,
    audit,
  });
  try {
    await supervisor.start();
  } catch (err) {
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
      },
      audit,
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
    await audit.close();
    throw err;
  }
  const g = gateway;
  return {
    port: g.port,
    supervisor,
    sessions: g.sessions,
    stop: async () => {
      g.close();
      await supervisor.stop();
      g.closeSessions();
      g.disconnectAll();
      await audit.close();
    },
  };
}
