/**
 * KMIP Validate over certificate sets made with the openssl CLI: path building in any order,
 * time checks driven by the `at` argument, signatures, CA constraints and the Unknown verdict.
 * @module
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateChain, type ChainVerdict } from '../../../../src/crypto/x509/chain-validation.js';

interface Made {
  readonly name: string;
  readonly der: Uint8Array;
}

const CA_EXT = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'];
const LEAF_EXT = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'];

const DAY = 86_400_000;

describe('certificate chain validation', () => {
  let dir: string;
  let serial = 1;
  // Set once the certificates exist, so every notBefore lies behind it.
  let now = new Date();

  function openssl(args: readonly string[]): void {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** Issues `name` signed by `issuer` (self-signed when absent); `keyOf` reuses another cert's key. */
  function make(name: string, subject: string, ext: readonly string[], issuer?: string, days = 30, keyOf?: string, rsa = false): Made {
    const key = `${keyOf ?? name}.key`;
    if (keyOf === undefined) {
      openssl(['genpkey', ...(rsa ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']), '-out', key]);
    }
    fs.writeFileSync(path.join(dir, `${name}.ext`), `${ext.join('\n')}\n`);
    openssl(['req', '-new', '-key', key, '-subj', subject, '-out', `${name}.csr`]);
    const signer = issuer === undefined ? ['-signkey', key] : ['-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-set_serial', String(serial++)];
    openssl(['x509', '-req', '-in', `${name}.csr`, ...signer, '-days', String(days), '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
    return { name, der: new X509Certificate(fs.readFileSync(path.join(dir, `${name}.crt`))).raw };
  }

  const c: Record<string, Made> = {};
  const ders = (...names: string[]): Uint8Array[] => names.map((n) => (c[n] as Made).der);
  const check = (names: string[], at: Date = now): ChainVerdict => validateChain(ders(...names), at);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-chain-'));
    // The root expires first (5 days) so a late `at` shows which position is named.
    c.root = make('root', '/CN=Test Root CA', CA_EXT, undefined, 5, undefined, true);
    c.inter = make('inter', '/CN=Test Intermediate CA/O=Acme', [...CA_EXT, 'basicConstraints=critical,CA:TRUE,pathlen:0'].filter((e) => e !== 'basicConstraints=critical,CA:TRUE'), 'root');
    c.leaf = make('leaf', '/CN=leaf.example', LEAF_EXT, 'inter');
    // pathlen:0 broken: the intermediate issues another CA, which issues a leaf.
    c.sub = make('sub', '/CN=Test Sub CA', CA_EXT, 'inter');
    c.deepLeaf = make('deep-leaf', '/CN=deep.example', LEAF_EXT, 'sub');
    // An issuer without CA:TRUE, and one whose keyUsage lacks keyCertSign.
    c.notCa = make('not-ca', '/CN=Not A CA', ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyCertSign'], 'root');
    c.notCaLeaf = make('not-ca-leaf', '/CN=under-not-ca.example', LEAF_EXT, 'not-ca');
    c.noSign = make('no-sign', '/CN=No CertSign CA', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,digitalSignature'], 'root');
    c.noSignLeaf = make('no-sign-leaf', '/CN=under-no-sign.example', LEAF_EXT, 'no-sign');
    // Same intermediate name, another key: the leaf it signs does not verify under the real one.
    c.impostor = make('impostor', '/CN=Test Intermediate CA/O=Acme', CA_EXT, 'root');
    c.forgedLeaf = make('forged-leaf', '/CN=forged.example', LEAF_EXT, 'impostor');
    c.criticalLeaf = make('critical-leaf', '/CN=critical.example', [...LEAF_EXT, '1.2.3.4.5=critical,ASN1:NULL'], 'inter');
    c.selfSigned = make('self', '/CN=Lonely Self Signed', LEAF_EXT);
    c.otherLeaf = make('other-leaf', '/CN=other.example', LEAF_EXT, 'inter');
    now = new Date(Date.now() + 60_000);
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is Valid for leaf, intermediate and root in any order', () => {
    for (const order of [['leaf', 'inter', 'root'], ['root', 'leaf', 'inter'], ['inter', 'root', 'leaf']]) {
      assert.equal(check(order).indicator, 'Valid', order.join(','));
    }
  });

  it('is Valid for a lone self-signed certificate', () => {
    assert.equal(check(['selfSigned']).indicator, 'Valid');
  });

  it('is Unknown when the chain holds but stops short of a self-signed root', () => {
    assert.deepEqual(check(['leaf', 'inter']), { indicator: 'Unknown', reason: 'the chain does not end at a self-signed root' });
    assert.equal(check(['leaf']).indicator, 'Unknown');
  });

  it('is Invalid when the certificates do not form one chain', () => {
    const notOne = { indicator: 'Invalid', reason: 'the certificates do not form one chain' };
    assert.deepEqual(check(['leaf', 'root']), notOne);
    assert.deepEqual(check(['leaf', 'otherLeaf', 'inter', 'root']), notOne);
    assert.deepEqual(check(['leaf', 'inter', 'root', 'selfSigned']), notOne);
    assert.deepEqual(check(['leaf', 'leaf', 'inter', 'root']), notOne);
  });

  it('is Invalid for no certificates or an unreadable one', () => {
    assert.equal(validateChain([], now).indicator, 'Invalid');
    const v = validateChain([...ders('leaf', 'inter'), Uint8Array.from([0x30, 0x03, 1, 2, 3])], now);
    assert.deepEqual(v, { indicator: 'Invalid', reason: 'certificate 3 of the request cannot be read' });
  });

  it('judges validity periods at the given time and names the position', () => {
    const before = check(['leaf', 'inter', 'root'], new Date(now.getTime() - DAY));
    assert.equal(before.indicator, 'Invalid');
    assert.match(before.reason, /^certificate 1 \(CN=leaf\.example\) is not yet valid$/);
    const late = check(['root', 'inter', 'leaf'], new Date(now.getTime() + 10 * DAY));
    assert.deepEqual(late, { indicator: 'Invalid', reason: 'certificate 3 (CN=Test Root CA) expired' });
    const later = check(['leaf', 'inter', 'root'], new Date(now.getTime() + 40 * DAY));
    assert.equal(later.reason, 'certificate 1 (CN=leaf.example) expired');
    assert.equal(check(['leaf', 'inter', 'root'], new Date(Number.NaN)).indicator, 'Invalid');
  });

  it('is Invalid when a signature does not verify with its issuer key', () => {
    const v = check(['forgedLeaf', 'inter', 'root']);
    assert.equal(v.indicator, 'Invalid');
    assert.match(v.reason, /^certificate 1 \(CN=forged\.example\) has a signature that does not verify with the key of certificate 2 \(CN=Test Intermediate CA, O=Acme\)$/);
  });

  it('is Invalid when an issuer is not a CA or may not sign certificates', () => {
    const notCa = check(['notCaLeaf', 'notCa', 'root']);
    assert.equal(notCa.indicator, 'Invalid');
    assert.match(notCa.reason, /certificate 2 \(CN=Not A CA\) .*not a CA/);
    const noSign = check(['noSignLeaf', 'noSign', 'root']);
    assert.equal(noSign.indicator, 'Invalid');
    assert.match(noSign.reason, /certificate 2 \(CN=No CertSign CA\) .*keyCertSign/);
  });

  it('is Invalid when a pathLenConstraint is exceeded, and Valid right at the limit', () => {
    const v = check(['deepLeaf', 'sub', 'inter', 'root']);
    assert.equal(v.indicator, 'Invalid');
    assert.match(v.reason, /certificate 3 \(CN=Test Intermediate CA, O=Acme\) allows 0 intermediate CA certificates below it but the chain has 1/);
    assert.equal(check(['sub', 'inter', 'root']).indicator, 'Valid');
  });

  it('is Invalid when a certificate carries an unknown critical extension', () => {
    const v = check(['criticalLeaf', 'inter', 'root']);
    assert.deepEqual(v, { indicator: 'Invalid', reason: 'certificate 1 (CN=critical.example) has an unsupported critical extension 1.2.3.4.5' });
  });
});
