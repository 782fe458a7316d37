/**
 * Actor host entry, in a worker thread or a child process alike (host-port.ts hides which):
 * decodes commands from the supervisor, runs them on this host's actors and posts one answer per
 * command. The host keeps each actor's requests in arrival order, one at a time, so operations
 * need no locking.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { decodeHostCommands } from '../protocol/codec.js';
import { Outbox } from '../protocol/outbox.js';
import { PROTOCOL_VERSION, type HostCommand, type WorkerConfig, type WorkerEvent } from '../protocol/messages.js';
import { createLogger, silentLogger, type Logger } from '../lib/logger.js';
import { ActorHost } from './actor-host.js';
import { FaultTrigger } from './fault-injection.js';
import { openHostPort } from './host-port.js';

const LEVELS = ['debug', 'info', 'warn', 'error', 'off'] as const;

function fail(): never {
  throw new Error('worker started without a valid configuration');
}

function optionalString(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' && v !== '' ? v : fail();
}

function optionalCount(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : fail();
}

function userList(v: unknown): readonly string[] | null {
  if (v === undefined || v === null) return null;
  return Array.isArray(v) && v.every((u): u is string => typeof u === 'string') ? v : fail();
}

/** Checks every WorkerConfig field the main thread sent; anything malformed stops the worker. */
function readConfig(data: unknown): WorkerConfig {
  const o = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const sqlitePath = o['sqlitePath'];
  const logLevel = LEVELS.find((l) => l === o['logLevel']);
  if (typeof sqlitePath !== 'string' || logLevel === undefined) fail();
  const logFile = optionalString(o['logFile']);
  const logFormat = o['logFormat'];
  if (logFormat !== undefined && logFormat !== 'json' && logFormat !== 'text') fail();
  const apiTokenId = o['apiTokenId'] === null ? null : optionalString(o['apiTokenId']) ?? null;
  const maxJsonDepth = optionalCount(o['maxJsonDepth']);
  const maxJsonNodes = optionalCount(o['maxJsonNodes']);
  const audit = o['audit'];
  if (audit !== undefined && typeof audit !== 'boolean') fail();
  return {
    sqlitePath,
    logLevel,
    apiTokenId,
    privilegedUsers: userList(o['privilegedUsers']),
    ...(logFile === undefined ? {} : { logFile }),
    ...(logFormat === undefined ? {} : { logFormat }),
    ...(maxJsonDepth === undefined ? {} : { maxJsonDepth }),
    ...(maxJsonNodes === undefined ? {} : { maxJsonNodes }),
    ...(audit === undefined ? {} : { audit }),
  };
}

/** The worker's logger: silent, to stderr, or appending to the configured file. */
function workerLogger(config: WorkerConfig): { logger: Logger; close: () => void } {
  if (config.logLevel === 'off') return { logger: silentLogger, close: () => undefined };
  const format = config.logFormat ?? 'text';
  if (config.logFile === undefined) return { logger: createLogger(config.logLevel, { format }), close: () => undefined };
  // Written synchronously: the line that explains an exit must be on disk before the exit.
  const fd = openSync(config.logFile, 'a', 0o600);
  const write = (line: string): void => {
    try {
      writeSync(fd, line + '\n');
    } catch {
      // A log that cannot be written must not take the worker down with it.
    }
  };
  return { logger: createLogger(config.logLevel, { sink: write, format }), close: () => { closeSync(fd); } };
}

const port = await openHostPort();
const config = readConfig(port.config);
const { logger, close: closeLog } = workerLogger(config);
if (port.kind === 'process') {
  // A thread's uncaught error reaches the supervisor, which logs its name; a process's would be
  // printed whole to stderr, so it is logged here the same way and ends the process.
  process.on('uncaughtException', (err) => {
    logger.error('uncaught exception in the actor host; exiting', { error: err.name });
    process.exit(1);
  });
}
const outbox = new Outbox<WorkerEvent>((frame) => { port.post(frame); });
const host = new ActorHost(config, logger, (e) => { outbox.push(e); });
const faults = new FaultTrigger(port.kind);

port.onFrame((data) => {
  let batch: HostCommand[];
  try {
    batch = decodeHostCommands(data);
  } catch {
    data.fill(0); // it may have carried a key
    // Its commands cannot be answered; exiting lets the supervisor fail them and restart us.
    logger.error('received a malformed command frame; exiting');
    process.exit(70);
  }
  // The host wipes each key where it lies in the frame once it has copied it.
  for (const cmd of batch) {
    if (cmd.type === 'inject-fault') {
      const refused = faults.arm(cmd);
      if (refused !== null) outbox.push({ type: 'fault', v: PROTOCOL_VERSION, id: cmd.id, error: refused });
      continue;
    }
    faults.check(cmd);
    host.handle(cmd);
  }
  outbox.flush(); // answers ready now leave at once, in one frame
  if (batch.some((c) => c.type === 'shutdown')) {
    void host.closeThreads().finally(() => {
      outbox.flush(); // the answers that waited for the disk, before the port goes
      closeLog();
      port.close();
    });
  }
});

outbox.push({ type: 'ready', v: PROTOCOL_VERSION, id: 0 });
outbox.flush();
