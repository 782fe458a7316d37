/**
 * ECDSA over a digest the client computed. Node's sign and verify always hash their input, so
 * this one path uses @noble/curves (audited, RFC 6979 nonces hedged with fresh randomness).
 * @module
 */
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { CipherError } from './cipher-error.js';

type Curve = typeof p256;

const CURVES: Readonly<Record<string, { readonly curve: Curve; readonly bytes: number }>> = {
  prime256v1: { curve: p256, bytes: 32 },
  secp384r1: { curve: p384, bytes: 48 },
  secp521r1: { curve: p521, bytes: 66 },
};

function curveOf(key: KeyObject): { curve: Curve; bytes: number } {
  const c = key.asymmetricKeyType === 'ec' ? CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (c === undefined) throw new CipherError('BAD_KEY_TYPE', 'ECDSA needs a P-256, P-384 or P-521 key');
  return c;
}

function field(jwk: JsonWebKey, name: 'x' | 'y' | 'd', bytes: number): Uint8Array {
  const v = jwk[name];
  if (typeof v !== 'string') throw new CipherError('BAD_KEY_TYPE', 'the EC key is incomplete');
  const raw = Buffer.from(v, 'base64url');
  if (raw.length > bytes) throw new CipherError('BAD_KEY_TYPE', 'the EC key is malformed');
  const out = new Uint8Array(bytes);
  out.set(raw, bytes - raw.length);
  raw.fill(0);
  return out;
}

/** A DER-encoded ECDSA signature of a digest. */
export function ecdsaSignDigest(privateKey: KeyObject, digest: Uint8Array): Uint8Array {
  const { curve, bytes } = curveOf(privateKey);
  const d = field(privateKey.export({ format: 'jwk' }), 'd', bytes);
  try {
    return curve.sign(digest, d, { prehash: false, format: 'der', extraEntropy: true });
  } catch {
    throw new CipherError('BAD_INPUT', 'signing failed');
  } finally {
    d.fill(0);
  }
}

/** True when a DER-encoded ECDSA signature is valid for the digest (high-S signatures, as OpenSSL makes, included). */
export function ecdsaVerifyDigest(publicKey: KeyObject, digest: Uint8Array, signature: Uint8Array): boolean {
  const { curve, bytes } = curveOf(publicKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const point = new Uint8Array(1 + 2 * bytes);
  point[0] = 0x04;
  point.set(field(jwk, 'x', bytes), 1);
  point.set(field(jwk, 'y', bytes), 1 + bytes);
  try {
    return curve.verify(signature, digest, point, { prehash: false, format: 'der', lowS: false });
  } catch {
    return false;
  }
}
