/**
 * Worker thread entry: decodes commands from the supervisor, runs them on this thread's actors
 * and posts one answer per command. The host keeps each actor's requests in arrival order, one
 * at a time, so operations need no locking.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeCommands } from '../protocol/codec.js';
import { Outbox } from '../protocol/outbox.js';
import { PROTOCOL_VERSION, type WorkerConfig, type WorkerEvent } from '../protocol/messages.js';
import { createLogger, silentLogger } from '../lib/logger.js';
import { ActorHost } from './actor-host.js';

const LEVELS = ['debug', 'info', 'warn', 'error', 'off'] as const;

function readConfig(data: unknown): WorkerConfig {
  const o = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const sqlitePath = o['sqlitePath'];
  const logLevel = LEVELS.find((l) => l === o['logLevel']);
  if (typeof sqlitePath !== 'string' || logLevel === undefined) throw new Error('worker started without a valid configuration');
  return { sqlitePath, logLevel };
}

const port = parentPort;
if (port === null) throw new Error('worker-entry must run in a worker thread');
const config = readConfig(workerData);
const logger = config.logLevel === 'off' ? silentLogger : createLogger(config.logLevel);
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
    void host.closeThreads().finally(() => { port.close(); });
  }
});

outbox.push({ type: 'ready', v: PROTOCOL_VERSION, id: 0 });
outbox.flush();
