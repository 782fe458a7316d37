/**
 * Asymmetric keys as the plain components KMIP's transparent key formats carry: RSA integers,
 * EC scalars and points, and raw Ed25519/X25519 keys. Components pass through node's JWK import
 * and export; those base64url strings cannot be wiped, the byte buffers made here are.
 * @module
 */
import { createECDH, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { KeyFormatError } from './key-error.js';
import { describeKey, NIST_CURVES, type KeyDescription } from './key-formats.js';
import type { NamedCurve } from './key-pair.js';
import { zeroize } from './zeroize.js';

/** The integers of an RSA key; a public key has only n and e. */
export interface RsaComponents {
  n: bigint;
  e: bigint;
  d?: bigint;
  p?: bigint;
  q?: bigint;
  dp?: bigint;
  dq?: bigint;
  qi?: bigint;
}

/** The curves EcComponents can describe. */
export type EcCurve = NamedCurve | 'Ed25519' | 'X25519';

/**
 * An elliptic-curve key. NIST curves: d is the scalar as fixed-length big-endian bytes (32/48/66),
 * q the uncompressed point 0x04||X||Y. Ed25519/X25519: d and q are the raw 32-byte keys.
 */
export interface EcComponents {
  curve: EcCurve;
  d?: Uint8Array;
  q: Uint8Array;
}

/** Big-endian unsigned bytes of n, minimal (0n gives no bytes) or left-padded to length. */
export function bigintToBytes(n: bigint, length?: number): Uint8Array {
  if (n < 0n) throw new KeyFormatError('BAD_KEY_PARAMETERS', 'a negative integer has no unsigned encoding');
  let hex = n === 0n ? '' : n.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  const size = hex.length / 2;
  if (length === undefined) return Uint8Array.from(Buffer.from(hex, 'hex'));
  if (size > length) throw new KeyFormatError('BAD_KEY_PARAMETERS', `the integer does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  out.set(Buffer.from(hex, 'hex'), length - size);
  return out;
}

/** The unsigned integer whose big-endian bytes are b (no bytes give 0n). */
export function bytesToBigint(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex'));
}

const b64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
// JWK integers are minimal big-endian (RFC 7518 6.3), which bigintToBytes gives.
const b64int = (n: bigint): string => b64(bigintToBytes(n));

function jwkField(jwk: JsonWebKey, name: string): Buffer {
  const v = jwk[name];
  if (typeof v !== 'string') throw new KeyFormatError('BAD_KEY_ENCODING', 'the key lacks an expected component');
  return Buffer.from(v, 'base64url');
}

function requireKind(k: KeyObject, kinds: readonly string[], what: string): KeyDescription {
  const d = describeKey(k);
  if (!kinds.includes(d.kind)) throw new KeyFormatError('UNSUPPORTED_KEY', `expected ${what} key`);
  return d;
}

/** The integers of an RSA key: n and e for a public key, all eight for a private key. */
export function rsaComponents(k: KeyObject): RsaComponents {
  requireKind(k, ['rsa'], 'an RSA');
  const jwk = k.export({ format: 'jwk' });
  const int = (name: string): bigint => bytesToBigint(jwkField(jwk, name));
  const pub = { n: int('n'), e: int('e') };
  if (k.type !== 'private') return pub;
  return { ...pub, d: int('d'), p: int('p'), q: int('q'), dp: int('dp'), dq: int('dq'), qi: int('qi') };
}

function checkRsaPublic(n: bigint, e: bigint): void {
  if (n <= 1n || n % 2n === 0n || e < 3n || e % 2n === 0n || e >= n) {
    throw new KeyFormatError('BAD_KEY_PARAMETERS', 'the RSA modulus and exponent are not valid');
  }
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** An RSA public key from n and e (any private components are ignored). */
export function rsaPublicKeyFromComponents(c: Pick<RsaComponents, 'n' | 'e'>): KeyObject {
  checkRsaPublic(c.n, c.e);
  try {
    return createPublicKey({ key: { kty: 'RSA', n: b64int(c.n), e: b64int(c.e) }, format: 'jwk' });
  } catch {
    throw new KeyFormatError('BAD_KEY_PARAMETERS', 'the RSA public components were refused');
  }
}

/**
 * An RSA private key from all eight components. Node does not check their consistency, so this does
 * the arithmetic (n = pq, ed = 1 mod lcm(p-1, q-1), the CRT values); p and q are not primality-tested.
 */
export function rsaPrivateKeyFromComponents(c: RsaComponents): KeyObject {
  const { n, e, d, p, q, dp, dq, qi } = c;
  if (d === undefined || p === undefined || q === undefined || dp === undefined || dq === undefined || qi === undefined) {
    throw new KeyFormatError('BAD_KEY_PARAMETERS', 'an RSA private key needs n, e, d, p, q, dp, dq and qi');
  }
  checkRsaPublic(n, e);
  const ok =
    p > 1n && q > 1n && p * q === n && d > 0n && d < n &&
    dp === d % (p - 1n) && dq === d % (q - 1n) &&
    qi > 0n && qi < p && (qi * q) % p === 1n &&
    (e * d) % (((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n)) === 1n;
  if (!ok) throw new KeyFormatError('KEY_MISMATCH', 'the RSA private key components are inconsistent');
  const jwk = { kty: 'RSA', n: b64int(n), e: b64int(e), d: b64int(d), p: b64int(p), q: b64int(q), dp: b64int(dp), dq: b64int(dq), qi: b64int(qi) };
  try {
    return createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new KeyFormatError('BAD_KEY_PARAMETERS', 'the RSA private components were refused');
  }
}

function fixedLength(b: Buffer, length: number): Uint8Array {
  if (b.length > length) throw new KeyFormatError('BAD_KEY_ENCODING', 'a key component is too long for its curve');
  const out = new Uint8Array(length);
  out.set(b, length - b.length);
  return out;
}

/** The components of an EC, Ed25519 or X25519 key; d only for a private key. */
export function ecComponents(k: KeyObject): EcComponents {
  const desc = requireKind(k, ['ec', 'ed25519', 'x25519'], 'an elliptic-curve');
  const jwk = k.export({ format: 'jwk' });
  const isPrivate = k.type === 'private';
  if (desc.curve !== undefined) {
    const size = NIST_CURVES[desc.curve].bytes;
    const q = new Uint8Array(1 + 2 * size);
    q[0] = 0x04;
    q.set(fixedLength(jwkField(jwk, 'x'), size), 1);
    q.set(fixedLength(jwkField(jwk, 'y'), size), 1 + size);
    if (!isPrivate) return { curve: desc.curve, q };
    const raw = jwkField(jwk, 'd');
    const d = fixedLength(raw, size);
    zeroize(raw);
    return { curve: desc.curve, d, q };
  }
  const curve = desc.kind === 'ed25519' ? 'Ed25519' : 'X25519';
  const q = Uint8Array.from(jwkField(jwk, 'x'));
  if (!isPrivate) return { curve, q };
  const raw = jwkField(jwk, 'd');
  const d = Uint8Array.from(raw);
  zeroize(raw);
  return { curve, d, q };
}

// RFC 8410 PrivateKeyInfo for a 32-byte key: SEQUENCE { INTEGER 0, AlgorithmIdentifier { OID },
// OCTET STRING { OCTET STRING key } }; the OIDs are 1.3.101.112 (Ed25519) and 1.3.101.110 (X25519).
const OKP_OID_LAST: Readonly<Record<'Ed25519' | 'X25519', number>> = { Ed25519: 0x70, X25519: 0x6e };
const okpPkcs8Head = (oidLast: number): number[] => [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, oidLast, 0x04, 0x22, 0x04, 0x20];

function nistInfo(curve: NamedCurve): (typeof NIST_CURVES)[NamedCurve] {
  // Curve names may come straight from a decoded request, so unknown ones are refused here.
  if (!Object.hasOwn(NIST_CURVES, curve)) throw new KeyFormatError('UNSUPPORTED_KEY', 'unsupported elliptic curve');
  return NIST_CURVES[curve];
}

function okpPrivateKey(curve: 'Ed25519' | 'X25519', d: Uint8Array): KeyObject {
  if (d.length !== 32) throw new KeyFormatError('BAD_KEY_PARAMETERS', `a ${curve} private key is 32 bytes`);
  const der = new Uint8Array(48);
  der.set(okpPkcs8Head(OKP_OID_LAST[curve]));
  der.set(d, 16);
  try {
    return createPrivateKey({ key: Buffer.from(der.buffer), format: 'der', type: 'pkcs8' });
  } catch {
    throw new KeyFormatError('BAD_KEY_PARAMETERS', `the ${curve} private key was refused`);
  } finally {
    zeroize(der);
  }
}

/**
 * A private key from its scalar (NIST curves; a shorter big-endian d is left-padded) or raw
 * 32 bytes (Ed25519/X25519); the public part is derived. A scalar of 0 or >= the order is refused.
 */
export function ecPrivateKeyFromComponents(curve: EcCurve, d: Uint8Array): KeyObject {
  if (curve === 'Ed25519' || curve === 'X25519') return okpPrivateKey(curve, d);
  const info = nistInfo(curve);
  if (d.length > info.bytes) throw new KeyFormatError('BAD_KEY_PARAMETERS', `a ${curve} private scalar is at most ${info.bytes} bytes`);
  const scalar = new Uint8Array(info.bytes);
  scalar.set(d, info.bytes - d.length);
  try {
    // ECDH checks 1 <= d < order and computes the public point, which node's JWK import needs.
    const ecdh = createECDH(info.openssl);
    ecdh.setPrivateKey(scalar);
    const q = ecdh.getPublicKey();
    const jwk = { kty: 'EC', crv: curve, x: b64(q.subarray(1, 1 + info.bytes)), y: b64(q.subarray(1 + info.bytes)), d: b64(scalar) };
    return createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new KeyFormatError('BAD_KEY_PARAMETERS', `the private scalar is not valid for ${curve}`);
  } finally {
    zeroize(scalar);
  }
}

/** A public key from an uncompressed NIST point (checked to be on the curve) or raw 32 bytes (Ed25519/X25519). */
export function ecPublicKeyFromComponents(curve: EcCurve, q: Uint8Array): KeyObject {
  let jwk: JsonWebKey;
  if (curve === 'Ed25519' || curve === 'X25519') {
    if (q.length !== 32) throw new KeyFormatError('BAD_KEY_PARAMETERS', `a ${curve} public key is 32 bytes`);
    jwk = { kty: 'OKP', crv: curve, x: b64(q) };
  } else {
    const size = nistInfo(curve).bytes;
    if (q.length !== 1 + 2 * size || q[0] !== 0x04) {
      throw new KeyFormatError('BAD_KEY_PARAMETERS', `a ${curve} public key must be an uncompressed point`);
    }
    jwk = { kty: 'EC', crv: curve, x: b64(q.subarray(1, 1 + size)), y: b64(q.subarray(1 + size)) };
  }
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new KeyFormatError('BAD_KEY_PARAMETERS', `the point is not a valid ${curve} public key`);
  }
}
