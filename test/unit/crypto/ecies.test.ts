import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createCipheriv, createDecipheriv, createECDH, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject,
} from 'node:crypto';
import { CipherError } from '../../../src/crypto/cipher-error.js';
import { eciesCurveOf, eciesDecrypt, eciesEncrypt, eciesOverhead, type EciesCurve } from '../../../src/crypto/ecies.js';

// Written out rather than imported, so a change to the label or the layout fails these tests.
const LABEL = Buffer.from('KMS ECIES v1 HKDF-SHA-256 AES-256-GCM', 'ascii');
const NONCE = 12;
const TAG = 16;

const CURVES: readonly EciesCurve[] = ['P-256', 'P-384', 'P-521', 'X25519'];
const POINT_LENGTH: Readonly<Record<EciesCurve, number>> = { 'P-256': 65, 'P-384': 97, 'P-521': 133, X25519: 32 };
const OPENSSL: Readonly<Record<Exclude<EciesCurve, 'X25519'>, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

const pairOf = (curve: EciesCurve): { publicKey: KeyObject; privateKey: KeyObject } =>
  curve === 'X25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ec', { namedCurve: curve });
const PAIRS = new Map(CURVES.map((c) => [c, pairOf(c)] as const));
function pair(curve: EciesCurve): { publicKey: KeyObject; privateKey: KeyObject } {
  const p = PAIRS.get(curve);
  if (p === undefined) throw new Error(curve);
  return p;
}

const MESSAGE = Buffer.from('attack at dawn, bring the ECIES test vectors', 'utf8');
const AAD = Buffer.from('header v1', 'utf8');

function failsWith(code: CipherError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof CipherError && e.code === code);
}
function authFails(fn: () => unknown): void {
  failsWith('AUTHENTICATION_FAILED', fn);
}

function flip(b: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = Uint8Array.from(b);
  out[index] = (out[index] ?? 0) ^ mask;
  return out;
}

const b64 = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64url');

/** The public key as ECIES encodes it, built from the JWK export (not the SPKI path ecies.ts uses). */
function rawPublic(key: KeyObject, curve: EciesCurve): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (curve === 'X25519') return b64(jwk.x);
  const n = (POINT_LENGTH[curve] - 1) / 2;
  const pad = (v: Buffer): Buffer => Buffer.concat([Buffer.alloc(n - v.length), v]);
  return Buffer.concat([Buffer.from([0x04]), pad(b64(jwk.x)), pad(b64(jwk.y))]);
}

/** The ECDH secret with node's ECDH class for the NIST curves and diffieHellman for X25519. */
function sharedSecret(curve: EciesCurve, privateKey: KeyObject, peer: Uint8Array): Buffer {
  if (curve === 'X25519') {
    const peerKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(peer).toString('base64url') }, format: 'jwk' });
    return diffieHellman({ privateKey, publicKey: peerKey });
  }
  const ecdh = createECDH(OPENSSL[curve]);
  ecdh.setPrivateKey(b64(privateKey.export({ format: 'jwk' }).d));
  return ecdh.computeSecret(peer);
}

const kdf = (z: Uint8Array, e: Uint8Array, r: Uint8Array): Buffer => Buffer.from(hkdfSync('sha256', z, Buffer.alloc(0), Buffer.concat([LABEL, e, r]), 32));

/** Opens an ECIES output independently of ecies.ts. */
function referenceOpen(curve: EciesCurve, privateKey: KeyObject, out: Uint8Array, aad?: Uint8Array): Buffer {
  const p = POINT_LENGTH[curve];
  const e = out.subarray(0, p);
  const key = kdf(sharedSecret(curve, privateKey, e), e, rawPublic(createPublicKey(privateKey), curve));
  const d = createDecipheriv('aes-256-gcm', key, out.subarray(p, p + NONCE));
  d.setAuthTag(out.subarray(out.length - TAG));
  if (aad !== undefined) d.setAAD(aad);
  return Buffer.concat([d.update(out.subarray(p + NONCE, out.length - TAG)), d.final()]);
}

/** Seals to a public key independently of ecies.ts. */
function referenceSeal(curve: EciesCurve, recipient: KeyObject, plaintext: Uint8Array, aad?: Uint8Array): Buffer {
  const eph = pairOf(curve);
  const e = rawPublic(eph.publicKey, curve);
  const r = rawPublic(recipient, curve);
  const key = kdf(sharedSecret(curve, eph.privateKey, r), e, r);
  const nonce = randomBytes(NONCE);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  if (aad !== undefined) c.setAAD(aad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([e, nonce, body, c.getAuthTag()]);
}

describe('ECIES', () => {
  for (const curve of CURVES) {
    describe(curve, () => {
      const { publicKey, privateKey } = pair(curve);

      it('round-trips, with and without AAD, and an empty plaintext', () => {
        assert.deepEqual(Buffer.from(eciesDecrypt(privateKey, eciesEncrypt(publicKey, MESSAGE))), MESSAGE);
        assert.deepEqual(Buffer.from(eciesDecrypt(privateKey, eciesEncrypt(publicKey, MESSAGE, AAD), AAD)), MESSAGE);
        assert.equal(eciesDecrypt(privateKey, eciesEncrypt(publicKey, new Uint8Array(0))).length, 0);
      });

      it('lays out ephemeral key || nonce || ciphertext || tag, with a fresh ephemeral key each time', () => {
        const a = eciesEncrypt(publicKey, MESSAGE);
        const b = eciesEncrypt(publicKey, MESSAGE);
        assert.equal(eciesOverhead(curve), POINT_LENGTH[curve] + NONCE + TAG);
        assert.equal(a.length, MESSAGE.length + eciesOverhead(curve));
        if (curve !== 'X25519') assert.equal(a[0], 0x04, 'SEC1 uncompressed point');
        assert.notDeepEqual(a.subarray(0, POINT_LENGTH[curve]), b.subarray(0, POINT_LENGTH[curve]));
        assert.equal(eciesCurveOf(publicKey), curve);
      });

      it('matches an independent ECDH + HKDF-SHA-256 + AES-256-GCM computation, both ways', () => {
        assert.deepEqual(referenceOpen(curve, privateKey, eciesEncrypt(publicKey, MESSAGE, AAD), AAD), MESSAGE);
        assert.deepEqual(Buffer.from(eciesDecrypt(privateKey, referenceSeal(curve, publicKey, MESSAGE, AAD), AAD)), MESSAGE);
        assert.deepEqual(Buffer.from(eciesDecrypt(privateKey, referenceSeal(curve, publicKey, MESSAGE))), MESSAGE);
      });

      it('fails authentication when the ephemeral key, nonce, ciphertext or tag is altered', () => {
        const out = eciesEncrypt(publicKey, MESSAGE);
        const p = POINT_LENGTH[curve];
        authFails(() => eciesDecrypt(privateKey, flip(out, p - 1)));
        authFails(() => eciesDecrypt(privateKey, flip(out, p)));
        authFails(() => eciesDecrypt(privateKey, flip(out, p + NONCE + 3)));
        authFails(() => eciesDecrypt(privateKey, flip(out, out.length - 1)));
        authFails(() => eciesDecrypt(privateKey, out.subarray(0, out.length - 1)));
        authFails(() => eciesDecrypt(privateKey, out.subarray(0, eciesOverhead(curve) - 1)));
      });

      it('fails authentication when the AAD is altered, dropped or added', () => {
        const withAad = eciesEncrypt(publicKey, MESSAGE, AAD);
        authFails(() => eciesDecrypt(privateKey, withAad, flip(AAD, 0)));
        authFails(() => eciesDecrypt(privateKey, withAad));
        authFails(() => eciesDecrypt(privateKey, eciesEncrypt(publicKey, MESSAGE), AAD));
      });

      it('fails with another private key on the same or another curve', () => {
        const out = eciesEncrypt(publicKey, MESSAGE);
        authFails(() => eciesDecrypt(pairOf(curve).privateKey, out));
        const other = curve === 'P-256' ? 'P-384' : 'P-256';
        authFails(() => eciesDecrypt(pair(other).privateKey, out));
      });
    });
  }

  it('refuses a point that is not on the curve, or not uncompressed, with the same typed error', () => {
    const { publicKey, privateKey } = pair('P-256');
    const out = eciesEncrypt(publicKey, MESSAGE);
    // Flipping the low bit of y leaves the curve (checked below with an independent parser).
    const offCurve = flip(out, 64);
    assert.throws(() => createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(offCurve.subarray(1, 33)), y: b64url(offCurve.subarray(33, 65)) }, format: 'jwk' }));
    authFails(() => eciesDecrypt(privateKey, offCurve));
    authFails(() => eciesDecrypt(privateKey, Uint8Array.from([0x02, ...out.subarray(1)])));
    authFails(() => eciesDecrypt(privateKey, Uint8Array.from([0x00, ...out.subarray(1)])));
  });

  it('refuses a small-order X25519 ephemeral key', () => {
    const { publicKey, privateKey } = pair('X25519');
    const out = eciesEncrypt(publicKey, MESSAGE);
    const zero = Uint8Array.from(out);
    zero.fill(0, 0, 32);
    authFails(() => eciesDecrypt(privateKey, zero));
  });

  it('binds the ephemeral key: an X25519 re-encoding with the same shared secret still fails', () => {
    const { publicKey, privateKey } = pair('X25519');
    const out = eciesEncrypt(publicKey, MESSAGE);
    const reencoded = flip(out, 31, 0x80);
    // X25519 ignores the top bit, so ECDH alone cannot tell the two apart...
    assert.deepEqual(sharedSecret('X25519', privateKey, reencoded.subarray(0, 32)), sharedSecret('X25519', privateKey, out.subarray(0, 32)));
    // ...but the HKDF info carries the ephemeral key as sent.
    authFails(() => eciesDecrypt(privateKey, reencoded));
  });

  it('refuses keys that cannot do ECIES, and keys of the wrong type for the direction', () => {
    const ed = generateKeyPairSync('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const p256 = pair('P-256');
    failsWith('BAD_KEY_TYPE', () => eciesEncrypt(ed.publicKey, MESSAGE));
    failsWith('BAD_KEY_TYPE', () => eciesDecrypt(ed.privateKey, new Uint8Array(100)));
    failsWith('BAD_KEY_TYPE', () => eciesEncrypt(rsa.publicKey, MESSAGE));
    failsWith('BAD_KEY_TYPE', () => eciesEncrypt(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey, MESSAGE));
    failsWith('BAD_KEY_TYPE', () => eciesEncrypt(p256.privateKey, MESSAGE));
    failsWith('BAD_KEY_TYPE', () => eciesDecrypt(p256.publicKey, eciesEncrypt(p256.publicKey, MESSAGE)));
  });
});

function b64url(b: Uint8Array): string {
  return Buffer.from(b).toString('base64url');
}
