import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
// The package's own entry point, as a user imports it.
import { KmsHttpClient, KmsWebSocketClient, ttlv } from 'actor-kms';
import { removeDir, startTestServer } from '../helpers/test-server.js';

describe('the client package entry point', () => {
  it('runs the README example over WebSocket and HTTP', async () => {
    const server = await startTestServer({ databaseType: 'sqlite' });
    try {
      const create = ttlv.struct('Create', [
        ttlv.enumeration('ObjectType', 'SymmetricKey'),
        ttlv.struct('Attributes', [ttlv.enumeration('CryptographicAlgorithm', 'AES'), ttlv.int('CryptographicLength', 256)]),
      ]);
      const ws = await KmsWebSocketClient.connect({ url: server.url });
      assert.equal((await ws.kmip(create)).tag, 'CreateResponse');
      await ws.close();
      assert.equal((await new KmsHttpClient({ url: server.url }).kmip(create)).tag, 'CreateResponse');
    } finally {
      await server.stop();
      removeDir(server.rootDir);
    }
  });
});
