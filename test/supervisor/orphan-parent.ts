/**
 * Fixture for process-runtime.test.ts: starts one actor host process over the directory given,
 * keeps it busy (an open database, and a cipher pool thread started by a large Encrypt, which
 * would keep an orphaned host alive on its own), prints `ready`, and waits to be killed.
 * @module
 */
import { ProcessRuntime } from '../../src/supervisor/runtime/process-runtime.js';
import { PROTOCOL_VERSION } from '../../src/protocol/messages.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createRequest, encryptRequest, toJson } from '../helpers/kmip-requests.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: orphan-parent <sqlite dir>');
const host = new ProcessRuntime({ sqlitePath: dir, logLevel: 'off' }, silentLogger).start(0);
const v = PROTOCOL_VERSION;
const request = (id: number, json: string): void => {
  host.send({ type: 'request', v, id, actorId: 'kms', kind: 'kmip', user: 'admin', body: Buffer.from(json, 'utf8') });
};
host.onEvent((e) => {
  if (e.type === 'fault') throw new Error(`the host refused command ${e.id}: ${e.error.code}`);
  if (e.type === 'ready') {
    host.send({ type: 'activate', v, id: 1, actorId: 'kms', database: { kind: 'plain' }, key: null });
    request(2, toJson(createRequest({ uid: 'orphan-key' })));
    request(3, toJson(encryptRequest('orphan-key', Buffer.alloc(1024 * 1024, 1))));
  }
  if (e.type === 'done' && e.id === 3) process.stdout.write('ready\n');
});
setInterval(() => undefined, 60_000);
