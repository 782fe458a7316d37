/**
 * Worker thread entry: decodes commands from the supervisor, runs them on this thread's actors
 * and posts one answer per command. The host keeps each actor's requests in arrival order, one
 * at a time, so operations need no locking.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeCommands } from '../protocol/codec.js';
import { Outbox } from '../protocol/outbox.js';
import { PROTOCOL_VERSION, type WorkerConfig, type WorkerEvent } from '../protocol/messages.js';
import { createLogger, silentLogger, type Logger } from '../lib/logger.js';
import { ActorHost } from './actor-host.js';

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

const port = parentPort;
if (port === null) throw new Error('worker-entry must run in a worker thread');
const config = readConfig(workerData);
const { logger, close: closeLog } = workerLogger(config);
const outbox = new Outbox<WorkerEvent>((frame) => { port.postMessage(frame.bytes, frame.transfer); });
const host = new ActorHost(config, logger, (e) => { outbox.push(e); });

port.on('message', (data: unknown) => {
  if (!(data instanceof Uint8Array)) return;
  let batch;
  try {
    batch = decodeCommands(data);
  } catch {
    data.fill(0); // it may have carried a key
    // Its commands cannot be answered; exiting lets the supervisor fail them and restart us.
    logger.error('received a malformed command frame; exiting');
    process.exit(70);
  }
  // The host wipes each key where it lies in the frame once it has copied it.
  for (const cmd of batch) host.handle(cmd);
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
