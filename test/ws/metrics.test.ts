import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KmsWebSocketClient } from '../../src/client/index.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { kmipOk } from '../helpers/http-client.js';
import { createRequest, encryptRequest, textField } from '../helpers/kmip-requests.js';
import { scrape, type Scrape } from '../helpers/metrics-text.js';

/** Scrapes until `done` holds (a closing socket reaches the server asynchronously); bounded, no sleeping. */
async function scrapeUntil(url: string, done: (m: Scrape) => boolean): Promise<Scrape> {
  let m = await scrape(url);
  for (let i = 0; i < 200 && !done(m); i++) m = await scrape(url);
  return m;
}

describe('/metrics and WebSocket sessions', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ databaseType: 'sqlite' }); });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('shows open sessions and counts their binding and requests like HTTP ones', async () => {
    const uid = textField(await kmipOk(server.url, createRequest()), 'UniqueIdentifier');
    const before = await scrape(server.url);
    assert.equal(before.value('kms_websocket_sessions'), 0);
    const a = await KmsWebSocketClient.connect({ url: server.url });
    const b = await KmsWebSocketClient.connect({ url: server.url });
    for (let i = 0; i < 4; i++) await a.kmip(encryptRequest(uid, new Uint8Array(8)));
    let m = await scrape(server.url);
    assert.equal(m.value('kms_websocket_sessions'), 2);
    const delta = (labels: Readonly<Record<string, string>>): number => m.count('kms_requests_total', labels) - before.count('kms_requests_total', labels);
    assert.equal(delta({ operation: 'attach', outcome: 'success' }), 2);
    assert.equal(delta({ operation: 'Encrypt', outcome: 'success' }), 4);
    await Promise.all([a.close(), b.close()]);
    m = await scrapeUntil(server.url, (x) => x.value('kms_websocket_sessions') === 0);
    assert.equal(m.value('kms_websocket_sessions'), 0);
  });
});
