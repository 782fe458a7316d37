/**
 * Certificates as public keys through the real HTTP endpoint, in both database types: Encrypt with
 * a certificate's id (RSA-OAEP; ECIES on P-256 and X25519) opened by Decrypt with the imported private key, and
 * SignatureVerify of openssl-made signatures; the keyUsage extension refusing what it does not
 * allow, and the certificate's state mirroring a key's; PEM certificates on Register and Import
 * stored as their DER, and more than one PEM block refused. Keys and self-signed certificates are
 * made with the openssl CLI.
 * @module
 */
import assert from 'node:assert/strict';
import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bytesField, decryptRequest, encryptRequest, getAttributesRequest, getRequest, revokeRequest, structField } from '../helpers/kmip-requests.js';
import { bytes, enumeration, struct, text } from '../../src/kmip/ttlv/build.js';
import { enumName, flipBit, hex, kmipModes, MODES, paramsNode, uidOf, type KmipClient, type Params } from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();
const DATA = Buffer.from('sealed to a certificate over HTTP', 'utf8');

/** A key pair made by openssl and its self-signed certificate. */
interface Made {
  readonly algorithm: 'RSA' | 'EC' | 'ECDH';
  readonly keyFile: string;
  readonly certFile: string;
  /** The private key as PKCS#8 DER. */
  readonly pkcs8: Uint8Array;
  /** The certificate as DER, as `openssl x509 -outform DER` writes it. */
  readonly der: Uint8Array;
  readonly pem: string;
}

let dir = '';
const made = new Map<string, Made>();

function openssl(args: readonly string[]): Buffer {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

function make(name: string, algorithm: 'RSA' | 'EC' | 'ED25519', keyUsage?: string): void {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.crt`);
  const newKey = algorithm === 'RSA' ? 'rsa:2048' : algorithm === 'EC' ? 'ec' : 'ed25519';
  const curve = algorithm === 'EC' ? ['-pkeyopt', 'ec_paramgen_curve:P-256'] : [];
  openssl([
    'req', '-x509', '-newkey', newKey, ...curve, '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${name}.example`, '-days', '30', '-nodes',
    ...(keyUsage === undefined ? [] : ['-addext', `keyUsage=${keyUsage}`]),
  ]);
  made.set(name, {
    algorithm: algorithm === 'RSA' ? 'RSA' : 'EC',
    keyFile,
    certFile,
    pkcs8: new Uint8Array(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', keyFile, '-outform', 'DER'])),
    der: new Uint8Array(openssl(['x509', '-in', certFile, '-outform', 'DER'])),
    pem: fs.readFileSync(certFile, 'utf8'),
  });
}

/** An X25519 key (which cannot sign) certified by the key of `issuer`, keyUsage keyAgreement. */
function makeX25519(name: string, issuer: Made): void {
  const keyFile = path.join(dir, `${name}.key`);
  const pubFile = path.join(dir, `${name}.pub`);
  const csrFile = path.join(dir, `${name}.csr`);
  const extFile = path.join(dir, `${name}.ext`);
  const certFile = path.join(dir, `${name}.crt`);
  openssl(['genpkey', '-algorithm', 'x25519', '-out', keyFile]);
  openssl(['pkey', '-in', keyFile, '-pubout', '-out', pubFile]);
  openssl(['req', '-new', '-key', issuer.keyFile, '-subj', `/CN=${name}.example`, '-out', csrFile]);
  fs.writeFileSync(extFile, 'keyUsage=keyAgreement\n');
  openssl(['x509', '-req', '-in', csrFile, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-force_pubkey', pubFile, '-days', '30', '-extfile', extFile, '-out', certFile]);
  made.set(name, {
    algorithm: 'ECDH',
    keyFile,
    certFile,
    pkcs8: new Uint8Array(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', keyFile, '-outform', 'DER'])),
    der: new Uint8Array(openssl(['x509', '-in', certFile, '-outform', 'DER'])),
    pem: fs.readFileSync(certFile, 'utf8'),
  });
}

const get = (name: string): Made => made.get(name) ?? assert.fail(`${name} was not made`);

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-cert-keys-'));
  make('rsa', 'RSA');
  make('rsa-enc', 'RSA', 'critical,digitalSignature,keyEncipherment');
  make('rsa-sign-only', 'RSA', 'digitalSignature');
  make('rsa-encipher-only', 'RSA', 'keyEncipherment');
  make('rsa-agree-only', 'RSA', 'keyAgreement');
  make('ec', 'EC');
  make('ec-agree', 'EC', 'keyAgreement');
  make('ec-sign-only', 'EC', 'digitalSignature,nonRepudiation');
  make('ed', 'ED25519');
  makeX25519('x25519', get('ec'));
});
after(() => { if (dir !== '') fs.rmSync(dir, { recursive: true, force: true }); });

const certificateObject = (value: Uint8Array): TtlvNode => struct('Object', [enumeration('CertificateType', 'X509'), bytes('CertificateValue', value)]);

const importCertificate = (value: Uint8Array, uid = ''): TtlvNode =>
  struct('Import', [text('UniqueIdentifier', uid), enumeration('ObjectType', 'Certificate'), struct('Attributes', []), certificateObject(value)]);

const registerCertificate = (value: Uint8Array): TtlvNode =>
  struct('Register', [enumeration('ObjectType', 'Certificate'), struct('Attributes', []), certificateObject(value)]);

function importPrivateKey(m: Made): TtlvNode {
  return struct('Import', [
    text('UniqueIdentifier', ''),
    enumeration('ObjectType', 'PrivateKey'),
    struct('Attributes', []),
    struct('Object', [
      struct('KeyBlock', [
        enumeration('KeyFormatType', 'PKCS8'),
        struct('KeyValue', [struct('KeyMaterial', [bytes('ByteString', m.pkcs8)])]),
        enumeration('CryptographicAlgorithm', m.algorithm),
      ]),
    ]),
  ]);
}

function verifyRequest(uid: string, signature: Uint8Array, p?: Params): TtlvNode {
  return struct('SignatureVerify', [text('UniqueIdentifier', uid), paramsNode(p), bytes('Data', DATA), bytes('SignatureData', signature)]);
}

/** `openssl dgst -sha256 -sign` over DATA: PKCS#1 v1.5 for RSA, DER ECDSA for EC. */
function opensslSignature(m: Made): Uint8Array {
  const dataFile = path.join(dir, 'data.bin');
  fs.writeFileSync(dataFile, DATA);
  return new Uint8Array(openssl(['dgst', '-sha256', '-sign', m.keyFile, dataFile]));
}

const certificateDerOf = (res: TtlvStructure): Uint8Array => bytesField(structField(res, 'Object'), 'CertificateValue');

const pemBody = (pem: string): string => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

for (const mode of MODES) {
  describe(`certificates as public keys over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const certIds = new Map<string, string>();
    const keyIds = new Map<string, string>();
    const certId = (name: string): string => certIds.get(name) ?? assert.fail(`${name} not imported`);
    const keyId = (name: string): string => keyIds.get(name) ?? assert.fail(`${name} not imported`);

    before(async () => {
      for (const [name, m] of made) {
        certIds.set(name, uidOf(await c().call(importCertificate(m.der))));
        if (name !== 'ed') keyIds.set(name, uidOf(await c().call(importPrivateKey(m))));
      }
    });

    const encrypt = async (uid: string, data: Uint8Array, p?: Params): Promise<Uint8Array> => {
      const res = await c().call(struct('Encrypt', [text('UniqueIdentifier', uid), paramsNode(p), bytes('Data', data)]));
      assert.equal(res.tag, 'EncryptResponse');
      assert.equal(uidOf(res), uid);
      return bytesField(res, 'Data');
    };
    const decrypt = async (uid: string, data: Uint8Array, p?: Params): Promise<Uint8Array> =>
      bytesField(await c().call(struct('Decrypt', [text('UniqueIdentifier', uid), paramsNode(p), bytes('Data', data)])), 'Data');
    const validity = async (uid: string, sig: Uint8Array, p?: Params): Promise<string> => {
      const res = await c().call(verifyRequest(uid, sig, p));
      assert.equal(res.tag, 'SignatureVerifyResponse');
      return enumName(res, 'ValidityIndicator');
    };

    it('imported certificates start Active, like imported keys', async () => {
      const attrs = structField(await c().call(getAttributesRequest(certId('rsa'), ['State'])), 'Attributes');
      assert.equal(enumName(attrs, 'State'), 'Active');
    });

    for (const name of ['rsa', 'rsa-enc']) {
      it(`Encrypt with an RSA certificate id (${name}) is RSA-OAEP SHA-256 that the private key opens, by Decrypt and by node`, async () => {
        const sealed = await encrypt(certId(name), DATA);
        assert.equal(sealed.length, 256);
        assert.equal(hex(await decrypt(keyId(name), sealed)), hex(DATA));
        const key = createPrivateKey(fs.readFileSync(get(name).keyFile));
        const opened = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, sealed);
        assert.equal(hex(opened), hex(DATA));
      });
    }

    it('Encrypt with an RSA certificate honours the parameters, as an RSA public key does (PKCS#1 v1.5)', async () => {
      const p: Params = { padding: 'PKCS1v15' };
      const sealed = await encrypt(certId('rsa'), DATA, p);
      assert.equal(hex(await decrypt(keyId('rsa'), sealed, p)), hex(DATA));
      await c().callError(encryptRequest(certId('rsa'), DATA, { aad: Buffer.from('aad') }), 'Bad_Cryptographic_Parameters');
    });

    for (const name of ['ec', 'ec-agree', 'x25519']) {
      it(`Encrypt with an EC certificate id (${name}) is ECIES that Decrypt with the private key opens, AAD included`, async () => {
        const aad = Buffer.from('bound to this context', 'utf8');
        const res = await c().call(encryptRequest(certId(name), DATA, { aad }));
        const sealed = bytesField(res, 'Data');
        const opened = bytesField(await c().call(decryptRequest(keyId(name), sealed, undefined, undefined, { aad })), 'Data');
        assert.equal(hex(opened), hex(DATA));
        await c().callError(decryptRequest(keyId(name), sealed, undefined, undefined, { aad: Buffer.from('other') }), 'Cryptographic_Failure');
      });
    }

    it('Decrypt stays with the private key: a certificate id cannot decrypt', async () => {
      const sealed = await encrypt(certId('rsa'), DATA);
      await c().callError(decryptRequest(certId('rsa'), sealed, undefined, undefined), 'Incompatible_Cryptographic_Usage_Mask');
    });

    it('an Ed25519 certificate cannot encrypt, and an X25519 one cannot verify, as with public keys', async () => {
      await c().callError(encryptRequest(certId('ed'), DATA), 'Invalid_Object_Type');
      await c().callError(verifyRequest(certId('x25519'), new Uint8Array(64)), 'Invalid_Object_Type');
    });

    for (const [name, p] of [['rsa', { padding: 'PKCS1v15', hash: 'SHA256' }], ['rsa-enc', { padding: 'PKCS1v15', hash: 'SHA256' }], ['ec', undefined], ['ec-sign-only', undefined]] as const) {
      it(`SignatureVerify with a certificate id (${name}) accepts an openssl signature and reports a tampered one Invalid`, async () => {
        const sig = opensslSignature(get(name));
        assert.equal(await validity(certId(name), sig, p), 'Valid');
        assert.equal(await validity(certId(name), flipBit(sig, sig.length - 1), p), 'Invalid');
      });
    }

    it('SignatureVerify with an RSA certificate defaults to RSASSA-PSS, as with an RSA public key', async () => {
      const sig = bytesField(await c().call(struct('Sign', [text('UniqueIdentifier', keyId('rsa')), bytes('Data', DATA)])), 'SignatureData');
      assert.equal(await validity(certId('rsa'), sig), 'Valid');
      assert.equal(await validity(certId('rsa'), sig, { padding: 'PKCS1v15', hash: 'SHA256' }), 'Invalid');
    });

    it('refuses Encrypt when the keyUsage extension allows neither keyEncipherment nor dataEncipherment, naming the certificate', async () => {
      for (const name of ['rsa-sign-only', 'ec-sign-only', 'rsa-agree-only']) {
        const message = await c().callError(encryptRequest(certId(name), DATA), 'Incompatible_Cryptographic_Usage_Mask');
        assert.ok(message.includes(certId(name)), message);
      }
    });

    it('refuses SignatureVerify when the keyUsage extension allows neither digitalSignature nor nonRepudiation', async () => {
      for (const name of ['rsa-encipher-only', 'ec-agree']) {
        const sig = opensslSignature(get(name));
        const p = name.startsWith('rsa') ? { padding: 'PKCS1v15', hash: 'SHA256' } : undefined;
        const message = await c().callError(verifyRequest(certId(name), sig, p), 'Incompatible_Cryptographic_Usage_Mask');
        assert.ok(message.includes(certId(name)), message);
      }
    });

    it('a revoked certificate no longer encrypts but still verifies signatures made before, like a key', async () => {
      const uid = uidOf(await c().call(importCertificate(get('ec').der)));
      await c().call(revokeRequest(uid));
      await c().callError(encryptRequest(uid, DATA), 'Item_Not_Found');
      assert.equal(await validity(uid, opensslSignature(get('ec'))), 'Valid');
    });

    it('Register and Import of one PEM certificate store its DER: Get returns what openssl x509 -outform DER writes, with the same attributes', async () => {
      const m = get('rsa-enc');
      const fromDer = structField(await c().call(getAttributesRequest(certId('rsa-enc'))), 'Attributes');
      const padded = `\r\n  ${m.pem.replaceAll('\n', '\r\n')}\n\n`;
      const ids = [
        uidOf(await c().call(registerCertificate(Buffer.from(m.pem, 'ascii')))),
        uidOf(await c().call(importCertificate(Buffer.from(padded, 'ascii'), `pem-${mode}`))),
      ];
      for (const uid of ids) {
        assert.equal(hex(certificateDerOf(await c().call(getRequest(uid)))), hex(m.der));
        const attrs = structField(await c().call(getAttributesRequest(uid)), 'Attributes');
        for (const tag of ['CertificateLength', 'X509CertificateSubject', 'X509CertificateIdentifier', 'Digest']) {
          assert.deepEqual(attrs.value.find((n) => n.tag === tag), fromDer.value.find((n) => n.tag === tag), tag);
        }
        // Stored as DER, it works as a key like any other certificate.
        assert.equal(hex(await decrypt(keyId('rsa-enc'), await encrypt(uid, DATA))), hex(DATA));
      }
    });

    it('refuses two PEM blocks, junk around a PEM block and a PEM block that is not a certificate, without quoting them', async () => {
      const a = get('rsa').pem;
      const b = get('ec').pem;
      const key = fs.readFileSync(get('ec').keyFile, 'utf8');
      const twoMessage = await c().callError(registerCertificate(Buffer.from(a + b, 'ascii')), 'Invalid_Field');
      assert.match(twoMessage, /2 PEM blocks/);
      for (const bad of [`junk\n${a}`, `${a}trailing junk\n`, key, a.replace('\n', '\nProc-Type: 4,ENCRYPTED\n'), a.replace('M', '*')]) {
        const message = await c().callError(importCertificate(Buffer.from(bad, 'ascii')), 'Invalid_Field');
        assert.ok(!message.includes(pemBody(a).slice(0, 16)), message);
      }
    });
  });
}
