import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import uWS from 'uWebSockets.js';
import { loadClientCa, loadServerCredentials } from '../../../../src/gateway/tls/credentials.js';
import { listenInternal, type InternalListener } from '../../../../src/gateway/tls/internal-listener.js';
import { startClientCertFront, type ClientCertFront } from '../../../../src/gateway/tls/client-cert-front.js';
import { proxyV2Header, TOKEN_BYTES } from '../../../../src/gateway/tls/proxy-header.js';
import { makeTestPki, type Issued, type TestPki } from '../../../helpers/pki.js';
import { httpsRequest } from '../../../helpers/tls-client.js';
import type { Logger } from '../../../../src/lib/logger.js';

/** A logger that keeps its debug lines. */
function recordingLogger(lines: string[]): Logger {
  const keep = (msg: string): void => { lines.push(msg); };
  return { level: 'debug', format: 'text', debug: keep, info: keep, warn: keep, error: keep };
}

/** Raw HTTP over the internal unix socket, optionally behind a PROXY header. */
function direct(socketPath: string, prefix: Buffer | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(socketPath, () => {
      if (prefix !== null) c.write(prefix);
      c.write('GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    let text = '';
    c.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    c.on('close', () => { resolve(text.slice(text.indexOf('\r\n\r\n') + 4)); });
    c.on('error', reject);
  });
}

describe('the client-certificate front', () => {
  let pki: TestPki;
  let internal: InternalListener;
  let front: ClientCertFront;
  const lines: string[] = [];
  const app = uWS.App();
  // Answers "<user or -> <address or -> <token hex>", as the gateway's peerUser would see it.
  app.get('/who', (res) => {
    const token = Buffer.from(res.getProxiedRemoteAddress()).toString('hex');
    res.end(`${front.peerUser(res) ?? '-'} ${front.peerAddress(res) ?? '-'} ${token === '' ? '-' : token}`);
  });

  before(async () => {
    pki = makeTestPki();
    internal = await listenInternal(app);
    front = await startClientCertFront({
      hostname: '127.0.0.1',
      port: 0,
      creds: loadServerCredentials({ kind: 'pem', certFile: pki.server.certFile, keyFile: pki.server.keyFile, chainFile: null }),
      caPem: loadClientCa(pki.ca.certFile),
      backendPath: internal.path,
      logger: recordingLogger(lines),
    });
  });
  after(() => {
    front.destroyAll();
    front.close();
    internal.close();
    fs.rmSync(pki.dir, { recursive: true, force: true });
  });

  const who = (client: Issued): Promise<string> =>
    httpsRequest(`https://127.0.0.1:${front.port}/who`, { ca: pki.ca.cert, cert: client.cert, key: client.key }).then((r) => r.text);

  it('names the certificate CN and the real client address for each connection', async () => {
    const [user, address, token] = (await who(pki.alice)).split(' ');
    assert.equal(user, 'alice');
    assert.equal(address, '127.0.0.1');
    assert.equal(token?.length, TOKEN_BYTES * 2);
    const [bob, , bobToken] = (await who(pki.bob)).split(' ');
    assert.equal(bob, 'bob');
    assert.notEqual(bobToken, token, 'every connection gets its own token');
  });

  it('forgets a token once its connection closes, so replaying it gets no identity', async () => {
    const token = (await who(pki.alice)).split(' ')[2] ?? '';
    assert.equal(await direct(internal.path, proxyV2Header(Buffer.from(token, 'hex'))), `- - ${token}`);
  });

  it('gives no identity straight on the internal listener, with no header or a made-up token', async () => {
    assert.equal(await direct(internal.path, null), '- - -');
    const madeUp = randomBytes(TOKEN_BYTES);
    assert.equal(await direct(internal.path, proxyV2Header(madeUp)), `- - ${madeUp.toString('hex')}`);
  });

  it('refuses an untrusted certificate in the handshake and a CN-less one right after it', async () => {
    lines.length = 0;
    await assert.rejects(who(pki.mallory));
    assert.ok(lines.includes('TLS handshake refused'), lines.join('; '));
    lines.length = 0;
    await assert.rejects(who(pki.noCn));
    assert.deepEqual(lines, ['client certificate refused: no usable subject CN']);
  });

  it('makes the internal socket directory private', () => {
    const dir = internal.path.slice(0, internal.path.lastIndexOf('/'));
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  });
});
