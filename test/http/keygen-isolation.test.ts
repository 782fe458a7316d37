/**
 * Key generation runs off the actor's thread: while one database waits for an RSA-4096 key pair,
 * another database on the same (single) worker keeps answering, and the waiting database still
 * answers its own requests in the order they came.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kmipOk, newDatabase } from '../helpers/http-client.js';
import { createRequest, encryptRequest, textField } from '../helpers/kmip-requests.js';
import { enumeration, int, struct } from '../../src/kmip/ttlv/build.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';

function rsaKeyPairRequest(bits: number): TtlvNode {
  return struct('CreateKeyPair', [
    struct('CommonAttributes', [enumeration('CryptographicAlgorithm', 'RSA'), int('CryptographicLength', bits)]),
  ]);
}

describe('key generation and other databases', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite-enc', extraArgs: ['--workers', '1'] });
  });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('keeps serving another database on the same worker while an RSA-4096 key pair is generated', async () => {
    const slow = await newDatabase(server.url);
    const busy = await newDatabase(server.url);
    const key = textField(await kmipOk(server.url, createRequest(), busy), 'UniqueIdentifier');
    const order: string[] = [];
    const generating = kmipOk(server.url, rsaKeyPairRequest(4096), slow).then((r) => {
      order.push('key pair');
      return r;
    });
    // Sent after the key pair request; on one worker these must not queue behind it.
    for (let i = 0; i < 5; i += 1) {
      await kmipOk(server.url, encryptRequest(key, Buffer.from(`message ${i}`)), busy);
      order.push(`encrypt ${i}`);
    }
    // The slow database answers its own later request after the key pair: one request at a time, in order.
    const later = kmipOk(server.url, createRequest(), slow).then(() => order.push('create after key pair'));
    const pair = await generating;
    await later;
    assert.deepEqual(order, ['encrypt 0', 'encrypt 1', 'encrypt 2', 'encrypt 3', 'encrypt 4', 'key pair', 'create after key pair']);
    assert.notEqual(textField(pair, 'PrivateKeyUniqueIdentifier'), textField(pair, 'PublicKeyUniqueIdentifier'));
  });
});
