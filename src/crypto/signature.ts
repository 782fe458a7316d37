/**
 * Signing and verification on node KeyObjects: RSA-PSS, RSA PKCS#1 v1.5, ECDSA (DER) and EdDSA,
 * over whole messages or, for RSA, over a digest the caller already computed.
 * @module
 */
import {
  constants, createHash, privateEncrypt, publicDecrypt, randomBytes, sign, timingSafeEqual, verify,
  type KeyObject, type SignKeyObjectInput,
} from 'node:crypto';
import { joinBytes } from './block-cipher.js';
import { CipherError } from './cipher-error.js';
import { ecdsaSignDigest, ecdsaVerifyDigest } from './ecdsa-digest.js';

/** Hashes usable in signature schemes. */
export type SignatureHash = 'sha256' | 'sha384' | 'sha512';

/** A signature scheme. RSA-PSS always uses MGF1 with the same hash and a salt as long as the hash. */
export type SignatureScheme =
  | { kind: 'rsa-pss'; hash: SignatureHash }
  | { kind: 'rsa-pkcs1'; hash: SignatureHash }
  | { kind: 'ecdsa'; hash: SignatureHash }
  | { kind: 'ed25519' }
  | { kind: 'ed448' };

/** What is signed: the message itself, or its digest under the scheme's hash. */
export type SignatureInput = { kind: 'data'; data: Uint8Array } | { kind: 'digest'; digest: Uint8Array };

const HASH_LENGTH: Readonly<Record<SignatureHash, number>> = { sha256: 32, sha384: 48, sha512: 64 };

// RFC 8017 9.2 note 1: DER of DigestInfo { AlgorithmIdentifier(hash, NULL), OCTET STRING } up to the digest.
const DIGEST_INFO_PREFIX: Readonly<Record<SignatureHash, Uint8Array>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

const KEY_TYPE: Readonly<Record<SignatureScheme['kind'], string>> = {
  'rsa-pss': 'rsa', 'rsa-pkcs1': 'rsa', ecdsa: 'ec', ed25519: 'ed25519', ed448: 'ed448',
};

function hashLength(hash: SignatureHash): number {
  const n = Object.hasOwn(HASH_LENGTH, hash) ? HASH_LENGTH[hash] : undefined;
  if (n === undefined) throw new CipherError('UNSUPPORTED', 'unsupported signature hash');
  return n;
}

function requireKey(key: KeyObject, type: 'public' | 'private', scheme: SignatureScheme): void {
  const wanted = KEY_TYPE[scheme.kind];
  if (wanted === undefined) throw new CipherError('UNSUPPORTED', 'unsupported signature scheme');
  if (key.type !== type || key.asymmetricKeyType !== wanted) {
    throw new CipherError('BAD_KEY_TYPE', `${scheme.kind} needs ${wanted === 'ec' ? 'an' : 'a'} ${wanted} ${type} key`);
  }
}

function modulusBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

// EMSA-PSS works on emBits = modBits - 1 bits and needs room for the hash, the salt and 2 bytes;
// EMSA-PKCS1-v1_5 needs the DigestInfo plus 11 bytes.
function checkRsaFits(key: KeyObject, scheme: SignatureScheme): void {
  if (scheme.kind !== 'rsa-pss' && scheme.kind !== 'rsa-pkcs1') return;
  const hLen = hashLength(scheme.hash);
  const room = scheme.kind === 'rsa-pss'
    ? Math.ceil((modulusBits(key) - 1) / 8) - (2 * hLen + 2)
    : Math.ceil(modulusBits(key) / 8) - (DIGEST_INFO_PREFIX[scheme.hash].length + hLen + 11);
  if (room < 0) throw new CipherError('BAD_KEY_LENGTH', `the RSA key is too small for ${scheme.kind} with ${scheme.hash}`);
}

function signOptions(key: KeyObject, scheme: SignatureScheme): SignKeyObjectInput {
  switch (scheme.kind) {
    case 'rsa-pss': return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
    case 'rsa-pkcs1': return { key, padding: constants.RSA_PKCS1_PADDING };
    case 'ecdsa': return { key, dsaEncoding: 'der' };
    case 'ed25519': case 'ed448': return { key };
  }
}

function algorithmOf(scheme: SignatureScheme): SignatureHash | null {
  return scheme.kind === 'ed25519' || scheme.kind === 'ed448' ? null : scheme.hash;
}

/** Checks the digest input of a scheme and returns its hash, or throws. */
function digestHash(scheme: SignatureScheme, digest: Uint8Array): SignatureHash {
  if (scheme.kind === 'ed25519' || scheme.kind === 'ed448') {
    throw new CipherError('UNSUPPORTED', `${scheme.kind} signs whole messages only, not digests`);
  }
  if (digest.length !== hashLength(scheme.hash)) {
    throw new CipherError('BAD_SIGNATURE_INPUT', `a ${scheme.hash} digest is ${hashLength(scheme.hash)} bytes, got ${digest.length}`);
  }
  return scheme.hash;
}

/** MGF1 (RFC 8017 B.2.1) over hash. */
function mgf1(hash: SignatureHash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let at = 0, i = 0; at < length; i++, at += hashLength(hash)) {
    new DataView(counter.buffer).setUint32(0, i);
    out.set(createHash(hash).update(seed).update(counter).digest().subarray(0, length - at), at);
  }
  return out;
}

function pssHash(hash: SignatureHash, mHash: Uint8Array, salt: Uint8Array): Buffer {
  return createHash(hash).update(new Uint8Array(8)).update(mHash).update(salt).digest();
}

/** EMSA-PSS-ENCODE (RFC 8017 9.1.1) with sLen = hLen, left-padded to k bytes for the RSA primitive. */
function emsaPssEncode(hash: SignatureHash, mHash: Uint8Array, modBits: number): Uint8Array {
  const hLen = hashLength(hash);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const dbLen = emLen - hLen - 1;
  const salt = randomBytes(hLen);
  const h = pssHash(hash, mHash, salt);
  const db = new Uint8Array(dbLen);
  db[dbLen - hLen - 1] = 0x01;
  db.set(salt, dbLen - hLen);
  const mask = mgf1(hash, h, dbLen);
  for (let i = 0; i < dbLen; i++) db[i] = (db[i] ?? 0) ^ (mask[i] ?? 0);
  db[0] = (db[0] ?? 0) & (0xff >>> (8 * emLen - emBits));
  const k = Math.ceil(modBits / 8);
  const block = new Uint8Array(k);
  block.set(db, k - emLen);
  block.set(h, k - emLen + dbLen);
  block[k - 1] = 0xbc;
  return block;
}

/** EMSA-PSS-VERIFY (RFC 8017 9.1.2) with sLen = hLen over the k-byte RSA output m. Public data only. */
function emsaPssVerify(hash: SignatureHash, mHash: Uint8Array, m: Uint8Array, modBits: number): boolean {
  const hLen = hashLength(hash);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (m.length > emLen && m[0] !== 0) return false;
  const em = m.subarray(m.length - emLen);
  if (em[emLen - 1] !== 0xbc) return false;
  const dbLen = emLen - hLen - 1;
  const h = em.subarray(dbLen, dbLen + hLen);
  const topBits = 0xff >>> (8 * emLen - emBits);
  if (((em[0] ?? 0) & ~topBits & 0xff) !== 0) return false;
  const db = mgf1(hash, h, dbLen);
  for (let i = 0; i < dbLen; i++) db[i] = (db[i] ?? 0) ^ (em[i] ?? 0);
  db[0] = (db[0] ?? 0) & topBits;
  const psLen = dbLen - hLen - 1;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  return timingSafeEqual(h, pssHash(hash, mHash, db.subarray(dbLen - hLen)));
}

/** EMSA-PKCS1-v1_5 (RFC 8017 9.2): 0x00 0x01 0xff.. 0x00 DigestInfo, k bytes. */
function emsaPkcs1Encode(hash: SignatureHash, digest: Uint8Array, k: number): Uint8Array {
  const t = Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]);
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - t.length - 1] = 0x00;
  em.set(t, k - t.length);
  return em;
}

/** Signs data, or a digest (RSA and ECDSA schemes); ECDSA signatures are DER encoded. */
export function signWith(privateKey: KeyObject, scheme: SignatureScheme, input: SignatureInput): Uint8Array {
  requireKey(privateKey, 'private', scheme);
  checkRsaFits(privateKey, scheme);
  if (input.kind === 'digest') {
    const hash = digestHash(scheme, input.digest);
    if (scheme.kind === 'ecdsa') return ecdsaSignDigest(privateKey, input.digest);
    try {
      if (scheme.kind === 'rsa-pkcs1') {
        const t = Buffer.concat([DIGEST_INFO_PREFIX[hash], input.digest]);
        return joinBytes([privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, t)]);
      }
      const block = emsaPssEncode(hash, input.digest, modulusBits(privateKey));
      return joinBytes([privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block)]);
    } catch {
      throw new CipherError('BAD_INPUT', 'signing failed');
    }
  }
  try {
    return joinBytes([sign(algorithmOf(scheme), input.data, signOptions(privateKey, scheme))]);
  } catch {
    throw new CipherError('BAD_INPUT', 'signing failed');
  }
}

/** True when signature is valid for the input; false for a wrong or malformed signature. */
export function verifyWith(publicKey: KeyObject, scheme: SignatureScheme, input: SignatureInput, signature: Uint8Array): boolean {
  requireKey(publicKey, 'public', scheme);
  checkRsaFits(publicKey, scheme);
  if (input.kind === 'data') {
    try {
      return verify(algorithmOf(scheme), input.data, signOptions(publicKey, scheme), signature);
    } catch {
      return false;
    }
  }
  const hash = digestHash(scheme, input.digest);
  if (scheme.kind === 'ecdsa') return ecdsaVerifyDigest(publicKey, input.digest, signature);
  const k = Math.ceil(modulusBits(publicKey) / 8);
  if (signature.length !== k) return false;
  let m: Uint8Array;
  try {
    m = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  if (m.length !== k) return false;
  // Compare whole encodings (RFC 8017 8.2.2) rather than parsing the recovered DigestInfo.
  if (scheme.kind === 'rsa-pkcs1') return timingSafeEqual(m, emsaPkcs1Encode(hash, input.digest, k));
  return emsaPssVerify(hash, input.digest, m, modulusBits(publicKey));
}
