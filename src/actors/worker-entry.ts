/**
 * Worker thread entry: decodes commands from the supervisor, runs them on this thread's actors
 * and posts one answer per command. Commands are handled synchronously, so each actor's
 * requests run one at a time in arrival order without any locking.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeCommand, encodeMessage } from '../protocol/codec.js';
import { PROTOCOL_VERSION, type WorkerConfig, type WorkerEvent } from '../protocol/messages.js';
import { createLogger } from '../lib/logger.js';
import { ActorHost } from './actor-host.js';

function readConfig(data: unknown): WorkerConfig {
  if (typeof data !== 'object' || data === null || typeof (data as Record<string, unknown>)['sqlitePath'] !== 'string') {
    throw new Error('worker started without a configuration');
  }
  return { sqlitePath: (data as Record<string, string>)['sqlitePath'] ?? '' };
}

const port = parentPort;
if (port === null) throw new Error('worker-entry must run in a worker thread');
const logger = createLogger('info');
const host = new ActorHost(readConfig(workerData), logger);

function post(event: WorkerEvent): void {
  const frame = encodeMessage(event);
  port?.postMessage(frame.bytes, frame.transfer);
}

port.on('message', (data: unknown) => {
  if (!(data instanceof Uint8Array)) return;
  let cmd;
  try {
    cmd = decodeCommand(data);
  } catch {
    data.fill(0);
    logger.error('dropped a malformed command');
    return;
  }
  post(host.handle(cmd));
  // Decoded byte fields are views into the frame: wipe frames that carried a key once used.
  if (cmd.type === 'activate' || cmd.type === 'create-database') data.fill(0);
  if (cmd.type === 'shutdown') port.close();
});

post({ type: 'ready', v: PROTOCOL_VERSION, id: 0 });
