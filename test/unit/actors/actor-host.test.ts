import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ActorHost } from '../../../src/actors/actor-host.js';
import { AeadRunner } from '../../../src/crypto/aead-runner.js';
import { PROTOCOL_VERSION, type WorkerCommand, type WorkerEvent } from '../../../src/protocol/messages.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { bytesField, createRequest, decryptRequest, encryptRequest, getRequest, parseResponse, toJson } from '../../helpers/kmip-requests.js';

const v = PROTOCOL_VERSION;

describe('ActorHost', () => {
  let dir = '';
  let host: ActorHost;
  const events: WorkerEvent[] = [];
  let waiters: (() => void)[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kms-host-'));
    // A tiny offload threshold sends the "large" payloads below to the cipher pool.
    host = new ActorHost({ sqlitePath: dir, logLevel: 'off' }, silentLogger, (e) => {
      events.push(e);
      for (const w of waiters) w();
    }, new AeadRunner(1024));
    for (const group of ['1', '2']) {
      host.handle({ type: 'create-database', v, id: 0, groupId: group, key: new Uint8Array(32).fill(Number(group)) });
      host.handle({ type: 'activate', v, id: 0, actorId: group, database: { kind: 'encrypted', groupId: group }, key: new Uint8Array(32).fill(Number(group)) });
    }
  });

  after(async () => {
    host.handle({ type: 'shutdown', v, id: 0 });
    await host.closeThreads();
    rmSync(dir, { recursive: true, force: true });
  });

  function request(id: number, actorId: string, body: string): WorkerCommand {
    return { type: 'request', v, id, actorId, kind: 'kmip', user: 'admin', body: Buffer.from(body) };
  }

  function answer(id: number): Promise<WorkerEvent> {
    return new Promise((resolve) => {
      const check = (): void => {
        const e = events.find((x) => x.id === id);
        if (e) {
          waiters = waiters.filter((w) => w !== check);
          resolve(e);
        }
      };
      waiters.push(check);
      check();
    });
  }

  function body(e: WorkerEvent): Uint8Array {
    assert.equal(e.type, 'done', e.type === 'fault' ? e.error.message : '');
    return e.type === 'done' && e.body ? e.body : new Uint8Array(0);
  }

  it('keeps one actor\'s requests in order behind a large one while serving other actors at once', async () => {
    host.handle(request(1, '1', toJson(createRequest({ uid: 'a' }))));
    host.handle(request(2, '2', toJson(createRequest({ uid: 'b' }))));
    await Promise.all([answer(1), answer(2)]);
    const big = randomBytes(4096);
    const start = events.length;
    host.handle(request(10, '1', toJson(encryptRequest('a', big))));
    host.handle(request(11, '1', toJson(getRequest('a'))));
    host.handle(request(12, '2', toJson(getRequest('b'))));
    await Promise.all([answer(10), answer(11), answer(12)]);
    assert.deepEqual(events.slice(start).map((e) => e.id), [12, 10, 11]);

    const enc = parseResponse(body(await answer(10)));
    host.handle(request(13, '1', toJson(decryptRequest('a', bytesField(enc, 'Data'), bytesField(enc, 'IvCounterNonce'), bytesField(enc, 'AuthenticatedEncryptionTag')))));
    assert.deepEqual(Buffer.from(bytesField(parseResponse(body(await answer(13))), 'Data')), big);
  });

  it('reports a failed large decryption as a KMIP failure', async () => {
    const enc = parseResponse(body(await answer(10)));
    const tag = Uint8Array.from(bytesField(enc, 'AuthenticatedEncryptionTag'));
    tag[0] = (tag[0] ?? 0) ^ 1;
    host.handle(request(20, '1', toJson(decryptRequest('a', bytesField(enc, 'Data'), bytesField(enc, 'IvCounterNonce'), tag))));
    const e = await answer(20);
    assert.equal(e.type, 'fault');
    assert.equal(e.type === 'fault' ? e.error.reason : undefined, 'Cryptographic_Failure');
  });

  it('answers a request for an actor it does not host with a typed fault', async () => {
    host.handle(request(30, '99', '{}'));
    const e = await answer(30);
    assert.equal(e.type === 'fault' ? e.error.code : e.type, 'ACTOR_UNAVAILABLE');
  });
});
