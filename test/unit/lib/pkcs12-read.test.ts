/**
 * The shared PKCS#12 reader against bundles made by `openssl pkcs12 -export`: OpenSSL 3 default,
 * 3DES and -legacy encodings, chain ordering, and each failure code.
 * @module
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pkcs12ReadError, readPkcs12Bundle, type Pkcs12ReadErrorCode } from '../../../src/lib/pkcs12-read.js';

const PASSWORD = 'Read-Passw0rd!';

describe('PKCS#12 reading', () => {
  let dir: string;
  const file = (name: string): string => path.join(dir, name);

  function openssl(args: readonly string[]): void {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  function make(name: string, subject: string, ca: boolean, issuer?: string): void {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
    fs.writeFileSync(file(`${name}.ext`), ca ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n' : 'basicConstraints=CA:FALSE\n');
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
    const signer = issuer === undefined ? ['-signkey', `${name}.key`] : ['-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-set_serial', '5'];
    openssl(['x509', '-req', '-in', `${name}.csr`, ...signer, '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
  }

  function failure(bundle: Uint8Array, password: string): Pkcs12ReadError {
    try {
      readPkcs12Bundle(bundle, password, 'the test bundle');
    } catch (err) {
      assert.ok(err instanceof Pkcs12ReadError, String(err));
      assert.ok(err.message.includes('the test bundle'), err.message);
      assert.ok(!err.message.includes(password) || password === '', err.message);
      return err;
    }
    assert.fail('expected a Pkcs12ReadError');
  }

  const code = (err: Pkcs12ReadError): Pkcs12ReadErrorCode => err.code;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-p12read-'));
    make('root', '/CN=Read Root', true);
    make('inter', '/CN=Read Intermediate', true, 'root');
    make('leaf', '/CN=read.example', false, 'inter');
    make('stray', '/CN=Stray', false);
    // Root listed before the intermediate and a stray certificate mixed in: the reader reorders.
    fs.writeFileSync(file('extra.pem'), ['stray.crt', 'root.crt', 'inter.crt'].map((f) => fs.readFileSync(file(f), 'utf8')).join(''));
    const base = ['pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.crt', '-certfile', 'extra.pem', '-passout', `pass:${PASSWORD}`];
    openssl([...base, '-out', 'default.p12']);
    openssl([...base, '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', '3des.p12']);
    try {
      openssl([...base, '-legacy', '-out', 'legacy.p12']);
    } catch {
      // This openssl lacks -legacy (or the legacy provider); that case is skipped below.
    }
    openssl(['pkcs12', '-export', '-nokeys', '-in', 'leaf.crt', '-passout', `pass:${PASSWORD}`, '-out', 'nokey.p12']);
    openssl(['pkcs12', '-export', '-nocerts', '-inkey', 'stray.key', '-certfile', 'leaf.crt', '-passout', `pass:${PASSWORD}`, '-out', 'mismatch.p12']);
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['default', '3des', 'legacy']) {
    it(`reads the key, leaf and ordered chain of an openssl ${name} bundle`, (t) => {
      if (!fs.existsSync(file(`${name}.p12`))) {
        t.skip('openssl cannot write -legacy bundles here');
        return;
      }
      const { key, leaf, chain } = readPkcs12Bundle(fs.readFileSync(file(`${name}.p12`)), PASSWORD, 'the test bundle');
      assert.equal(key.type, 'private');
      assert.equal(key.asymmetricKeyType, 'ec');
      const expected = createPrivateKey(fs.readFileSync(file('leaf.key')));
      assert.deepEqual(key.export({ format: 'jwk' }), expected.export({ format: 'jwk' }));
      assert.equal(leaf.subject, 'CN=read.example');
      assert.deepEqual(chain.map((c) => c.subject), ['CN=Read Intermediate', 'CN=Read Root', 'CN=Stray']);
    });
  }

  it('refuses a wrong password or a non-PKCS#12 input as PKCS12_UNREADABLE without the password', () => {
    const bundle = fs.readFileSync(file('default.p12'));
    const wrong = failure(bundle, 'Wrong-Passw0rd');
    assert.equal(code(wrong), 'PKCS12_UNREADABLE');
    assert.equal(wrong.message, 'cannot open the test bundle: wrong password or not a PKCS#12 file');
    assert.ok(!wrong.message.includes(PASSWORD));
    assert.equal(code(failure(fs.readFileSync(file('leaf.crt')), PASSWORD)), 'PKCS12_UNREADABLE');
    assert.equal(code(failure(new Uint8Array(), PASSWORD)), 'PKCS12_UNREADABLE');
  });

  it('refuses a bundle without a private key as PKCS12_NO_KEY', () => {
    const err = failure(fs.readFileSync(file('nokey.p12')), PASSWORD);
    assert.equal(code(err), 'PKCS12_NO_KEY');
    assert.equal(err.message, 'the test bundle must hold exactly one private key (it holds 0)');
  });

  it('refuses a key without its certificate as PKCS12_KEY_MISMATCH', () => {
    const err = failure(fs.readFileSync(file('mismatch.p12')), PASSWORD);
    assert.equal(code(err), 'PKCS12_KEY_MISMATCH');
    assert.equal(err.message, 'the test bundle holds no certificate matching its private key');
  });
});
