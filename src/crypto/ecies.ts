/**
 * ECIES: public-key encryption with a P-256/384/521 or X25519 key.
 *
 * Encryption generates an ephemeral key pair on the recipient's curve and computes the ECDH
 * shared secret Z between the ephemeral private key and the recipient public key. Then
 *   K = HKDF-SHA-256(ikm = Z, salt = empty, info = ECIES_INFO_LABEL || E || R, 32 bytes)
 * where E is the ephemeral public key and R the recipient public key, both as sent (SEC1
 * uncompressed points, or X25519's 32 raw bytes). The plaintext is sealed under K with AES-256-GCM
 * and a random 12-byte nonce, with the caller's AAD as GCM AAD. The output is
 *   E || nonce || ciphertext || tag.
 *
 * Why info carries both public keys: Z alone fixes neither key. X25519 ignores the top bit of a
 * u-coordinate, so a flipped bit in E gives another ciphertext with the same Z; with E in info it
 * derives another K and fails authentication, so ciphertexts are not malleable. R in info ties K
 * to the recipient key the sender meant, so a ciphertext cannot be passed off as one for another
 * key that happens to share Z. This is SEC1 ECIES's SharedInfo and RFC 9180's KEM context.
 *
 * Decryption fails with one CipherError AUTHENTICATION_FAILED whatever went wrong (length, an
 * invalid point, a small-order point, a wrong key, altered data or AAD), so the error says
 * nothing about which step failed.
 * @module
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AEAD_NONCE_LENGTH, AEAD_TAG_LENGTH, aeadOpen, aeadSeal } from './aead.js';
import { joinBytes } from './block-cipher.js';
import { CipherError } from './cipher-error.js';
import { ecdhSharedSecret, hkdfDerive } from './kdf.js';
import { randomNonce } from './random.js';

/** The HKDF info label, followed in info by the ephemeral and the recipient public key. */
export const ECIES_INFO_LABEL = 'KMS ECIES v1 HKDF-SHA-256 AES-256-GCM';

/** The curves ECIES runs on. */
export type EciesCurve = 'P-256' | 'P-384' | 'P-521' | 'X25519';

interface CurveInfo {
  /** OpenSSL's name of the curve, as KeyObject.asymmetricKeyDetails reports it (undefined for X25519). */
  readonly openssl: string | undefined;
  /** The SubjectPublicKeyInfo DER before the point: a named-curve SPKI is this prefix plus the point. */
  readonly spkiPrefix: Buffer;
  /** The size of an encoded public key: 1 + 2 * field bytes for a SEC1 uncompressed point, 32 for X25519. */
  readonly pointLength: number;
}

const CURVES: Readonly<Record<EciesCurve, CurveInfo>> = {
  'P-256': { openssl: 'prime256v1', spkiPrefix: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), pointLength: 65 },
  'P-384': { openssl: 'secp384r1', spkiPrefix: Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex'), pointLength: 97 },
  'P-521': { openssl: 'secp521r1', spkiPrefix: Buffer.from('30819b301006072a8648ce3d020106052b8104002303818600', 'hex'), pointLength: 133 },
  X25519: { openssl: undefined, spkiPrefix: Buffer.from('302a300506032b656e032100', 'hex'), pointLength: 32 },
};

const SEC1_UNCOMPRESSED = 0x04;
const KEY_LENGTH = 32;
const EMPTY_SALT = new Uint8Array(0);
const LABEL = Buffer.from(ECIES_INFO_LABEL, 'ascii');

/** The curve of an ECIES-capable key; BAD_KEY_TYPE for any other key (RSA, Ed25519, other curves). */
export function eciesCurveOf(key: KeyObject): EciesCurve {
  if (key.asymmetricKeyType === 'x25519') return 'X25519';
  if (key.asymmetricKeyType === 'ec') {
    const named = key.asymmetricKeyDetails?.namedCurve;
    for (const [curve, info] of Object.entries(CURVES) as [EciesCurve, CurveInfo][]) {
      if (info.openssl !== undefined && info.openssl === named) return curve;
    }
  }
  throw new CipherError('BAD_KEY_TYPE', 'ECIES needs a P-256, P-384, P-521 or X25519 key');
}

/** The bytes ECIES adds to a plaintext with a key on this curve: ephemeral key, nonce and tag. */
export function eciesOverhead(curve: EciesCurve): number {
  return CURVES[curve].pointLength + AEAD_NONCE_LENGTH + AEAD_TAG_LENGTH;
}

/** The encoded public key (SEC1 uncompressed point or raw X25519), cut from its SPKI DER. */
function encodePublicKey(key: KeyObject, curve: EciesCurve): Uint8Array {
  const { spkiPrefix, pointLength } = CURVES[curve];
  const der = key.export({ format: 'der', type: 'spki' });
  if (der.length !== spkiPrefix.length + pointLength || !der.subarray(0, spkiPrefix.length).equals(spkiPrefix)) {
    throw new CipherError('BAD_KEY_TYPE', 'the public key is not in named-curve form');
  }
  return new Uint8Array(der.subarray(spkiPrefix.length));
}

/** Parses an encoded public key; OpenSSL refuses a point that is not on the curve. */
function decodePublicKey(encoded: Uint8Array, curve: EciesCurve): KeyObject {
  const { spkiPrefix, pointLength } = CURVES[curve];
  // Only the uncompressed form is produced, so only it is accepted: one ciphertext, one encoding.
  if (encoded.length !== pointLength || (curve !== 'X25519' && encoded[0] !== SEC1_UNCOMPRESSED)) {
    throw new CipherError('BAD_INPUT', 'invalid ephemeral public key');
  }
  try {
    return createPublicKey({ key: Buffer.concat([spkiPrefix, encoded]), format: 'der', type: 'spki' });
  } catch {
    throw new CipherError('BAD_INPUT', 'invalid ephemeral public key');
  }
}

/** K = HKDF-SHA-256(Z, empty salt, label || ephemeral || recipient), 32 bytes; Z is wiped. */
function deriveKey(shared: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array): Uint8Array {
  try {
    return hkdfDerive('sha256', shared, EMPTY_SALT, Buffer.concat([LABEL, ephemeral, recipient]), KEY_LENGTH);
  } finally {
    shared.fill(0);
  }
}

function ephemeralPair(curve: EciesCurve): { privateKey: KeyObject; publicKey: KeyObject } {
  return curve === 'X25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ec', { namedCurve: curve });
}

/** Encrypts to a P-256/384/521 or X25519 public key: ephemeral key || nonce || ciphertext || tag. */
export function eciesEncrypt(recipient: KeyObject, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
  if (recipient.type !== 'public') throw new CipherError('BAD_KEY_TYPE', 'ECIES encrypts with a public key');
  const curve = eciesCurveOf(recipient);
  const recipientBytes = encodePublicKey(recipient, curve);
  const eph = ephemeralPair(curve);
  const ephBytes = encodePublicKey(eph.publicKey, curve);
  const key = deriveKey(ecdhSharedSecret(eph.privateKey, recipient), ephBytes, recipientBytes);
  try {
    const nonce = randomNonce(AEAD_NONCE_LENGTH);
    const sealed = aeadSeal('AES-GCM', key, nonce, plaintext, aad);
    return joinBytes([ephBytes, nonce, sealed.ciphertext, sealed.tag]);
  } finally {
    key.fill(0);
  }
}

function openWith(recipient: KeyObject, curve: EciesCurve, data: Uint8Array, aad: Uint8Array | undefined): Uint8Array {
  const pointLength = CURVES[curve].pointLength;
  if (data.length < eciesOverhead(curve)) throw new CipherError('BAD_INPUT', 'too short');
  const ephBytes = data.subarray(0, pointLength);
  const nonce = data.subarray(pointLength, pointLength + AEAD_NONCE_LENGTH);
  const ciphertext = data.subarray(pointLength + AEAD_NONCE_LENGTH, data.length - AEAD_TAG_LENGTH);
  const tag = data.subarray(data.length - AEAD_TAG_LENGTH);
  const ephemeral = decodePublicKey(ephBytes, curve);
  const recipientBytes = encodePublicKey(createPublicKey(recipient), curve);
  const key = deriveKey(ecdhSharedSecret(recipient, ephemeral), ephBytes, recipientBytes);
  try {
    return joinBytes([aeadOpen('AES-GCM', key, nonce, ciphertext, tag, aad)]);
  } finally {
    key.fill(0);
  }
}

/** Decrypts eciesEncrypt's output with the recipient's private key; any failure is AUTHENTICATION_FAILED. */
export function eciesDecrypt(recipient: KeyObject, data: Uint8Array, aad?: Uint8Array): Uint8Array {
  if (recipient.type !== 'private') throw new CipherError('BAD_KEY_TYPE', 'ECIES decrypts with a private key');
  const curve = eciesCurveOf(recipient);
  try {
    return openWith(recipient, curve, data, aad);
  } catch {
    throw new CipherError('AUTHENTICATION_FAILED', 'decryption failed: wrong key or altered data');
  }
}
