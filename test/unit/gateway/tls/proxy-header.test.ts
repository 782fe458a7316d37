import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import uWS from 'uWebSockets.js';
import { proxyV2Header, tokenKey, TOKEN_BYTES } from '../../../../src/gateway/tls/proxy-header.js';
import { listenInternal, type InternalListener } from '../../../../src/gateway/tls/internal-listener.js';

/** Sends raw bytes to a unix socket and returns the response body (up to the server's close). */
function exchange(socketPath: string, prefix: Buffer | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(socketPath, () => {
      if (prefix !== null) c.write(prefix);
      c.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    let text = '';
    c.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    c.on('close', () => { resolve(text.slice(text.indexOf('\r\n\r\n') + 4)); });
    c.on('error', reject);
  });
}

describe('PROXY protocol v2 tokens', () => {
  it('lays out a v2 TCP6 header with the token as source address', () => {
    const token = randomBytes(TOKEN_BYTES);
    const h = proxyV2Header(token);
    assert.equal(h.length, 16 + 36);
    assert.equal(h.subarray(0, 12).toString('hex'), '0d0a0d0a000d0a515549540a');
    assert.equal(h[12], 0x21);
    assert.equal(h[13], 0x21);
    assert.equal(h.readUInt16BE(14), 36);
    assert.deepEqual(h.subarray(16, 32), token);
    assert.ok(h.subarray(32).every((b) => b === 0));
    assert.throws(() => proxyV2Header(randomBytes(4)), RangeError);
  });

  it('keys only token-sized addresses', () => {
    const token = randomBytes(TOKEN_BYTES);
    assert.equal(tokenKey(new Uint8Array(token).buffer), token.toString('hex'));
    assert.equal(tokenKey(new ArrayBuffer(0)), undefined);
    assert.equal(tokenKey(new ArrayBuffer(4)), undefined);
  });

  describe('through this uWS build, on a private unix socket', () => {
    const app = uWS.App();
    app.get('/*', (res) => { res.end(Buffer.from(res.getProxiedRemoteAddress()).toString('hex')); });
    let listener: InternalListener | undefined;
    after(() => { listener?.close(); });

    it('hands the token back from getProxiedRemoteAddress, and nothing without a header', async () => {
      listener = await listenInternal(app);
      const token = randomBytes(TOKEN_BYTES);
      assert.equal(await exchange(listener.path, proxyV2Header(token)), token.toString('hex'));
      assert.equal(await exchange(listener.path, null), '');
    });
  });
});
