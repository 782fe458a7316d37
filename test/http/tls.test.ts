/**
 * HTTPS and WSS end to end: PEM, PKCS#12 and chain files; protocol and cipher floors; no key
 * file left behind; startup errors; and mandatory client certificates naming the user.
 * @module
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { parseCommand } from '../../src/config/load.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { KEY_DIR_PREFIX, keyDirectoryRoot } from '../../src/gateway/tls/key-files.js';
import { TlsSetupError } from '../../src/gateway/tls/tls-error.js';
import { createRequest, parseResponse, textField, toJson } from '../helpers/kmip-requests.js';
import { makeTestPki, type Issued, type TestPki } from '../helpers/pki.js';
import { makeTempRoot, removeDir } from '../helpers/test-server.js';
import { closeWs, httpsRequest, openWss, postKmipTls, sClient, wsRequest, type TlsClientOptions } from '../helpers/tls-client.js';
import type { TlsSource } from '../../src/config/schema.js';

interface Started {
  readonly server: RunningServer;
  readonly url: string;
}

let pki: TestPki;
const running: RunningServer[] = [];
const roots: string[] = [];

before(() => { pki = makeTestPki(); });
after(() => { removeDir(pki.dir); });
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  for (const r of roots.splice(0)) removeDir(r);
});

async function startTls(tls: TlsSource, authorityCertFile: string | null = null): Promise<Started> {
  const rootDir = makeTempRoot();
  roots.push(rootDir);
  const argv = ['--port', '0', '--hostname', '127.0.0.1', '--root-data-path', rootDir, '--database-type', 'sqlite', '--workers', '1'];
  const command = parseCommand(argv, {}, rootDir, 2);
  if (command.action !== 'run') throw new Error(`expected a run command, got ${command.action}`);
  const server = await startServer({ ...command.config, tls, authorityCertFile }, silentLogger);
  running.push(server);
  return { server, url: `https://127.0.0.1:${server.port}` };
}

function pem(issued: Issued, o: { readonly keyFile?: string; readonly chainFile?: string } = {}): TlsSource {
  return { kind: 'pem', certFile: issued.certFile, keyFile: o.keyFile ?? issued.keyFile, chainFile: o.chainFile ?? null };
}

function trusting(client?: Issued): TlsClientOptions {
  return client === undefined ? { ca: pki.ca.cert } : { ca: pki.ca.cert, cert: client.cert, key: client.key };
}

async function createKey(url: string, tls: TlsClientOptions, uid: string): Promise<void> {
  const r = await postKmipTls(url, tls, toJson(createRequest({ uid })));
  assert.equal(r.status, 200, r.text);
  assert.equal(textField(parseResponse(r.text), 'UniqueIdentifier'), uid);
}

async function ownedIds(url: string, tls: TlsClientOptions): Promise<string[]> {
  const r = await httpsRequest(`${url}/objects/owned`, tls);
  assert.equal(r.status, 200, r.text);
  const parsed: unknown = JSON.parse(r.text);
  assert.ok(Array.isArray(parsed));
  return parsed.map((o: unknown) => String((o as Record<string, unknown>)['object_id']));
}

async function createOverWss(url: string, tls: TlsClientOptions, uid: string): Promise<void> {
  const ws = await openWss(url, tls);
  try {
    const frame = await wsRequest(ws, 1, JSON.parse(toJson(createRequest({ uid }))));
    assert.ok('response' in frame, JSON.stringify(frame));
    assert.equal(textField(parseResponse(JSON.stringify(frame['response'])), 'UniqueIdentifier'), uid);
  } finally {
    await closeWs(ws);
  }
}

async function assertStartupFails(tls: TlsSource, code: string, mentions: string, authority: string | null = null): Promise<TlsSetupError> {
  const err = await startTls(tls, authority).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof TlsSetupError, `expected a TlsSetupError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assert.ok(err.message.includes(mentions), err.message);
  assert.doesNotMatch(err.message, /BEGIN|PRIVATE KEY/);
  return err;
}

function keyDirs(): string[] {
  return fs.readdirSync(keyDirectoryRoot()).filter((n) => n.startsWith(KEY_DIR_PREFIX));
}

describe('HTTPS and WSS', () => {
  it('serves HTTPS (TLS 1.3 and 1.2) and WSS from a PEM certificate and key', async () => {
    const { url } = await startTls(pem(pki.server));
    const v13 = await httpsRequest(`${url}/version`, trusting());
    assert.equal(v13.status, 200);
    assert.equal(v13.protocol, 'TLSv1.3');
    const v12 = await httpsRequest(`${url}/version`, { ...trusting(), maxVersion: 'TLSv1.2' });
    assert.equal(v12.protocol, 'TLSv1.2');
    await createKey(url, trusting(), 'over-https');
    await createOverWss(url, trusting(), 'over-wss');
    assert.deepEqual((await ownedIds(url, trusting())).sort(), ['over-https', 'over-wss']);
  });

  it('serves HTTPS from a PKCS#12 bundle, with OpenSSL 3 default and with legacy algorithms', async () => {
    for (const file of [pki.p12File, pki.legacyP12File]) {
      const { url, server } = await startTls({ kind: 'p12', file, password: pki.p12Password });
      assert.equal((await httpsRequest(`${url}/version`, trusting())).status, 200, file);
      await server.stop();
    }
  });

  it('sends the chain file, so a client trusting only the root verifies a certificate from an intermediate', async () => {
    const withChain = await startTls(pem(pki.chainedServer, { chainFile: pki.intermediate.certFile }));
    assert.equal((await httpsRequest(`${withChain.url}/version`, trusting())).status, 200);
    // Without the chain file the same client cannot build the path: the chain is what made it work.
    const withoutChain = await startTls(pem(pki.chainedServer));
    await assert.rejects(httpsRequest(`${withoutChain.url}/version`, trusting()), /unable to verify|UNABLE_TO_VERIFY/i);
  });

  it('refuses TLS 1.1 and 1.0, and TLS 1.2 suites without ECDHE or AEAD', async () => {
    const { server } = await startTls(pem(pki.server));
    // SECLEVEL=0 lets the client offer the old versions, so the refusal is the server's alert.
    for (const version of ['-tls1_1', '-tls1']) {
      const r = await sClient(server.port, [version, '-cipher', 'DEFAULT:@SECLEVEL=0']);
      assert.equal(r.ok, false, r.output);
      assert.match(r.output, /alert protocol version/, r.output);
    }
    const cbc = await sClient(server.port, ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-SHA:AES128-GCM-SHA256']);
    assert.equal(cbc.ok, false, cbc.output);
    assert.match(cbc.output, /alert handshake failure/, cbc.output);
    const modern = await sClient(server.port, ['-tls1_2']);
    assert.equal(modern.ok, true, modern.output);
    assert.match(modern.output, /Cipher is ECDHE-RSA-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)/, modern.output);
  });

  it('leaves no private-key temporary directory behind once started', async () => {
    const before = keyDirs();
    const { url } = await startTls(pem(pki.server));
    assert.deepEqual(keyDirs().filter((d) => !before.includes(d)), []);
    assert.equal((await httpsRequest(`${url}/version`, trusting())).status, 200, 'the server still serves TLS with its files gone');
  });

  it('fails startup on a wrong PKCS#12 password with an error that names the file but not the password', async () => {
    const err = await assertStartupFails({ kind: 'p12', file: pki.p12File, password: 'wrong-Passw0rd-xyz' }, 'TLS_BAD_PKCS12', pki.p12File);
    assert.ok(!err.message.includes('wrong-Passw0rd-xyz'));
    assert.ok(!err.message.includes(pki.p12Password));
  });

  it('fails startup on a missing file, a key not matching its certificate, and client certificates without HTTPS', async () => {
    const missing = path.join(pki.dir, 'missing.key');
    await assertStartupFails(pem(pki.server, { keyFile: missing }), 'TLS_FILE_UNREADABLE', missing);
    await assertStartupFails(pem(pki.server, { keyFile: pki.alice.keyFile }), 'TLS_KEY_MISMATCH', 'does not match');
    const rootDir = makeTempRoot();
    roots.push(rootDir);
    const command = parseCommand(['--port', '0', '--root-data-path', rootDir, '--workers', '1'], {}, rootDir, 2);
    if (command.action !== 'run') throw new Error('expected a run command');
    await assert.rejects(
      startServer({ ...command.config, tls: null, authorityCertFile: pki.ca.certFile }, silentLogger),
      /--authority-cert-file needs HTTPS/,
    );
  });
});

describe('mandatory client certificates', () => {
  let url = '';
  let port = 0;
  let socketPath = '';
  let server: RunningServer | undefined;
  let rootDir = '';

  before(async () => {
    const gwDirs = new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('kms-gw-')));
    rootDir = makeTempRoot();
    const command = parseCommand(['--port', '0', '--hostname', '127.0.0.1', '--root-data-path', rootDir, '--workers', '1'], {}, rootDir, 2);
    if (command.action !== 'run') throw new Error('expected a run command');
    server = await startServer({ ...command.config, tls: pem(pki.server), authorityCertFile: pki.ca.certFile }, silentLogger);
    url = `https://127.0.0.1:${server.port}`;
    port = server.port;
    const fresh = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('kms-gw-') && !gwDirs.has(n));
    assert.equal(fresh.length, 1, 'one private socket directory appeared');
    socketPath = path.join(os.tmpdir(), fresh[0] ?? '', 'gateway.sock');
  });
  after(async () => {
    await server?.stop();
    removeDir(rootDir);
  });

  it('refuses a connection without a client certificate', async () => {
    await assert.rejects(httpsRequest(`${url}/version`, trusting()), /alert certificate required/);
    await assert.rejects(httpsRequest(`${url}/version`, { ...trusting(), maxVersion: 'TLSv1.2' }), /alert handshake failure/);
  });

  // The front closes these connections without a word, so the client sees a reset;
  // the unit test of the front checks each was refused for its own reason.
  it('refuses a client certificate from an untrusted CA', async () => {
    await assert.rejects(httpsRequest(`${url}/version`, { ca: pki.ca.cert, cert: pki.mallory.cert, key: pki.mallory.key }), { code: 'ECONNRESET' });
  });

  it('refuses a trusted client certificate without a subject CN', async () => {
    await assert.rejects(httpsRequest(`${url}/version`, trusting(pki.noCn)), { code: 'ECONNRESET' });
  });

  it('refuses TLS 1.1 on the client-certificate port too', async () => {
    const r = await sClient(port, ['-tls1_1', '-cipher', 'DEFAULT:@SECLEVEL=0', '-cert', pki.alice.certFile, '-key', pki.alice.keyFile]);
    assert.equal(r.ok, false, r.output);
    assert.match(r.output, /alert protocol version/, r.output);
  });

  it('makes the certificate CN the user: alice owns the key she creates and bob does not see it', async () => {
    await createKey(url, trusting(pki.alice), 'alice-https');
    assert.ok((await ownedIds(url, trusting(pki.alice))).includes('alice-https'));
    assert.ok(!(await ownedIds(url, trusting(pki.bob))).includes('alice-https'));
  });

  it('serves WSS with a client certificate, as that certificate\'s user', async () => {
    await createOverWss(url, trusting(pki.bob), 'bob-wss');
    assert.ok((await ownedIds(url, trusting(pki.bob))).includes('bob-wss'));
    assert.ok(!(await ownedIds(url, trusting(pki.alice))).includes('bob-wss'));
  });

  it('answers 401 to a local process that connects straight to the internal listener', async () => {
    const response = await new Promise<string>((resolve, reject) => {
      const c = net.connect(socketPath, () => { c.write('GET /objects/owned HTTP/1.1\r\nHost: x\r\n\r\n'); });
      let text = '';
      c.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (text.includes('\r\n\r\n')) c.destroy();
      });
      c.on('close', () => { resolve(text); });
      c.on('error', reject);
    });
    assert.match(response, /^HTTP\/1\.1 401 /, response);
  });
});
