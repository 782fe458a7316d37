import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadServerCredentials, type ServerCredentials } from '../../../../src/gateway/tls/credentials.js';
import { KEY_DIR_PREFIX, keyDirectoryRoot, withEphemeralKeyFiles } from '../../../../src/gateway/tls/key-files.js';
import { createSslApp } from '../../../../src/gateway/tls/ssl-app.js';
import { makeTestPki, type TestPki } from '../../../helpers/pki.js';

describe('ephemeral key files for the SSLApp', () => {
  let pki: TestPki;
  let creds: ServerCredentials;
  let root = '';
  before(() => {
    pki = makeTestPki();
    creds = loadServerCredentials({ kind: 'pem', certFile: pki.server.certFile, keyFile: pki.server.keyFile, chainFile: null });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-keyroot-'));
  });
  after(() => {
    fs.rmSync(pki.dir, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('prefers /dev/shm when it exists', () => {
    assert.equal(keyDirectoryRoot(), fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir());
  });

  it('writes an encrypted key (0600) in a private directory (0700) and removes it after use', () => {
    const seen = withEphemeralKeyFiles(creds, (files) => {
      const dir = path.dirname(files.keyFile);
      assert.ok(path.basename(dir).startsWith(KEY_DIR_PREFIX));
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(files.keyFile).mode & 0o777, 0o600);
      const text = fs.readFileSync(files.keyFile, 'utf8');
      assert.match(text, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
      assert.throws(() => createPrivateKey({ key: text, format: 'pem', passphrase: 'wrong' }));
      const key = createPrivateKey({ key: text, format: 'pem', passphrase: files.passphrase });
      assert.ok(key.equals(creds.key));
      assert.equal(fs.readFileSync(files.certFile, 'utf8'), creds.certChainPem);
      return dir;
    }, root);
    assert.equal(fs.existsSync(seen), false);
  });

  it('removes the directory when the callback throws, and uses a fresh passphrase each time', () => {
    const passphrases: string[] = [];
    let dir = '';
    assert.throws(() => withEphemeralKeyFiles(creds, (files) => {
      dir = path.dirname(files.keyFile);
      passphrases.push(files.passphrase);
      throw new Error('boom');
    }, root), /boom/);
    assert.equal(fs.existsSync(dir), false);
    withEphemeralKeyFiles(creds, (files) => { passphrases.push(files.passphrase); }, root);
    assert.notEqual(passphrases[0], passphrases[1]);
    assert.deepEqual(fs.readdirSync(root), []);
  });

  it('builds an SSLApp and leaves no key directory behind', () => {
    const before = fs.readdirSync(keyDirectoryRoot()).filter((n) => n.startsWith(KEY_DIR_PREFIX));
    const app = createSslApp(creds);
    assert.equal(typeof app.listen, 'function');
    assert.deepEqual(fs.readdirSync(keyDirectoryRoot()).filter((n) => n.startsWith(KEY_DIR_PREFIX) && !before.includes(n)), []);
  });
});
