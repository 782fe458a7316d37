/**
 * Worker thread entry: decodes commands from the supervisor, runs them on this thread's actors
 * and posts one answer per command. The host keeps each actor's requests in arrival order, one
 * at a time, so operations need no locking.
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
function post(event: WorkerEvent): void {
  const frame = encodeMessage(event);
  port?.postMessage(frame.bytes, frame.transfer);
}

const host = new ActorHost(readConfig(workerData), logger, post);

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
  host.handle(cmd);
  // Decoded byte fields are views into the frame: wipe frames that carried a key once used.
  if (cmd.type === 'activate' || cmd.type === 'create-database') data.fill(0);
  if (cmd.type === 'shutdown') {
    void host.closeThreads().finally(() => { port.close(); });
  }
});

post({ type: 'ready', v: PROTOCOL_VERSION, id: 0 });
