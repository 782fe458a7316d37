/**
 * EME-PKCS1-v1_5 decoding with implicit rejection, as specified by the IETF draft "Implementation
 * Guidance for the PKCS #1 RSA Cryptography Specification" (draft-kario-rsa-guidance, now
 * draft-irtf-cfrg-rsa-guidance) and applied by default in OpenSSL 3.2+: when the padding does not
 * check, the caller gets a synthetic message derived from the private key and the ciphertext
 * instead of an error, so the answer no longer tells a bad padding from a good one (the
 * Bleichenbacher / Marvin oracle that made Node 20 refuse PKCS#1 v1.5 decryption, CVE-2023-46809).
 *
 * The construction is the draft's, byte for byte (the unit tests replay OpenSSL's known answers):
 *   KDK   = HMAC-SHA256(key = SHA-256(I2OSP(d, k)), C)
 *   PRF(label, n) = first n bytes of HMAC-SHA256(KDK, I2OSP(i, 2) || label || I2OSP(8n, 2)), i = 0, 1, ...
 *   lengths = PRF("length", 256) read as 128 big-endian 16-bit values, each masked with the
 *             smallest 2^m - 1 >= k - 10; the last one below k - 10 wins (0 if none does)
 *   synthetic message = the last `length` bytes of PRF("message", k)
 * @module
 */
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { CipherError } from './cipher-error.js';
import { zeroize } from './zeroize.js';

const SHA256_BYTES = 32;
// 128 candidates make "no candidate fits" a 2^-128 event without a data-dependent loop or a division.
const LENGTH_CANDIDATES = 128;
// TextEncoder gives the labels buffers of their own, not slices of Node's shared Buffer pool.
const LENGTH_LABEL = new TextEncoder().encode('length');
const MESSAGE_LABEL = new TextEncoder().encode('message');
// 0x00 || 0x02 || at least 8 padding bytes: the separator sits at index 10 or later.
const MIN_SEPARATOR_INDEX = 10;

// Branch-free helpers on small non-negative integers (< 2^31), results 0 or 1.
function isZero(x: number): number {
  return ((x | -x) >>> 31) ^ 1;
}
function lessThan(a: number, b: number): number {
  return (a - b) >>> 31;
}

/** The draft's key derivation key: HMAC-SHA256 keyed with the hash of d (k bytes, big-endian) over the ciphertext. */
function keyDerivationKey(privateKey: KeyObject, ciphertext: Uint8Array, k: number): Buffer {
  const d = privateKey.export({ format: 'jwk' }).d;
  if (d === undefined) throw new CipherError('BAD_KEY_TYPE', 'this operation needs an RSA private key');
  // The JWK's base64url string cannot be wiped (JS strings are immutable); the bytes decoded from it are.
  const dBytes = Buffer.from(d, 'base64url');
  const padded = new Uint8Array(k);
  let dHash: Buffer | undefined;
  try {
    if (dBytes.length > k) throw new CipherError('BAD_KEY_TYPE', 'the RSA private exponent is longer than the modulus');
    padded.set(dBytes, k - dBytes.length);
    dHash = createHash('sha256').update(padded).digest();
    return createHmac('sha256', dHash).update(ciphertext).digest();
  } finally {
    zeroize(dBytes);
    zeroize(padded);
    zeroize(dHash);
  }
}

/** The draft's IRPRF: `length` bytes of HMAC-SHA256(KDK, I2OSP(i, 2) || label || I2OSP(8 * length, 2)), i = 0, 1, ... */
function prf(kdk: Uint8Array, label: Uint8Array, length: number): Uint8Array {
  const bits = length * 8;
  // The output size is a 16-bit field; RSA keys stop at 16384 bits (k = 2048), far below it.
  if (bits > 0xffff) throw new CipherError('UNSUPPORTED', 'RSA key too large for PKCS#1 v1.5 implicit rejection');
  const out = new Uint8Array(length);
  const input = new Uint8Array(2 + label.length + 2);
  input.set(label, 2);
  input[2 + label.length] = bits >>> 8;
  input[3 + label.length] = bits & 0xff;
  for (let i = 0, at = 0; at < length; i++, at += SHA256_BYTES) {
    input[0] = i >>> 8;
    input[1] = i & 0xff;
    const block = createHmac('sha256', kdk).update(input).digest();
    out.set(block.subarray(0, Math.min(SHA256_BYTES, length - at)), at);
    zeroize(block);
  }
  return out;
}

/** The synthetic message's length: the last of 128 masked PRF candidates that is below k - 10, chosen without branching. */
function syntheticLength(kdk: Uint8Array, k: number): number {
  const candidates = prf(kdk, LENGTH_LABEL, LENGTH_CANDIDATES * 2);
  const maxSeparatorOffset = k - MIN_SEPARATOR_INDEX;
  // Smear the top bit down: the smallest 2^m - 1 that covers k - 10 (k < 2^16, so 8 bits of shift suffice).
  let mask = maxSeparatorOffset;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  let length = 0;
  for (let i = 0; i < candidates.length; i += 2) {
    const candidate = (((candidates[i] ?? 0) << 8) | (candidates[i + 1] ?? 0)) & mask;
    const take = -lessThan(candidate, maxSeparatorOffset);
    length = (candidate & take) | (length & ~take);
  }
  zeroize(candidates);
  return length;
}

/**
 * RFC 8017 7.2.2 step 3 on the k-byte block EM = RSADP(C), with implicit rejection: checks
 * EM = 0x00 || 0x02 || PS (>= 8 non-zero bytes) || 0x00 || M and returns M if it holds, else the
 * synthetic message for (key, C). The synthetic message is derived for every call whatever the
 * padding, every byte of EM is visited, and the verdict, the start index and the returned bytes
 * are chosen with bitwise masks rather than branches. Residual caveats, inherent to JS: the JIT
 * and GC give no timing guarantees, and the result's length differs between the two outcomes
 * (as it does in OpenSSL; it reveals nothing, since the synthetic length is uniformly random).
 */
export function pkcs1DecodeWithImplicitRejection(privateKey: KeyObject, ciphertext: Uint8Array, em: Uint8Array): Uint8Array {
  const k = ciphertext.length;
  // Public facts, not padding checks: a raw RSA result always has the modulus size.
  if (em.length !== k) throw new CipherError('BAD_INPUT', 'the RSA block does not have the modulus size');
  if (k <= MIN_SEPARATOR_INDEX) throw new CipherError('BAD_KEY_TYPE', 'RSA key too small for PKCS#1 v1.5');
  const kdk = keyDerivationKey(privateKey, ciphertext, k);
  let synthetic: Uint8Array | undefined;
  try {
    synthetic = prf(kdk, MESSAGE_LABEL, k);
    const syntheticStart = k - syntheticLength(kdk, k);

    let good = isZero(em[0] ?? 1) & isZero((em[1] ?? 0) ^ 0x02);
    let found = 0;
    let separator = 0;
    for (let i = 2; i < k; i++) {
      const firstZero = isZero(em[i] ?? 1) & (found ^ 1);
      separator |= -firstZero & i;
      found |= firstZero;
    }
    // PS is em[2 .. separator), so it has at least 8 bytes when separator >= 10.
    good &= found & lessThan(MIN_SEPARATOR_INDEX - 1, separator);
    // All ones when the padding checks, zero otherwise.
    const keep = -good;
    const start = ((separator + 1) & keep) | (syntheticStart & ~keep);
    const out = new Uint8Array(k - start);
    // Both buffers are k bytes and the synthetic message is PRF("message")'s tail, so one index reads both.
    for (let i = start; i < k; i++) {
      out[i - start] = ((em[i] ?? 0) & keep) | ((synthetic[i] ?? 0) & ~keep);
    }
    return out;
  } finally {
    zeroize(kdk);
    zeroize(synthetic);
  }
}
