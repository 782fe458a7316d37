/**
 * Key derivation and agreement: PBKDF2 (RFC 8018), HKDF (RFC 5869) and ECDH / X25519 / X448.
 * @module
 */
import { diffieHellman, hkdfSync, pbkdf2, type KeyObject } from 'node:crypto';
import { CipherError } from './cipher-error.js';

/** Hashes usable as the PRF of PBKDF2 and HKDF. */
export type KdfHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const HASH_LENGTH: Readonly<Record<KdfHash, number>> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };
/**
 * The most PBKDF2 work one derivation may ask for, in block-iterations (iterations x output blocks
 * of the hash's size): about half a second of one libuv thread with SHA-1 or SHA-256, a second
 * with SHA-512, however the client splits it between iteration count and output length.
 */
export const PBKDF2_MAX_WORK = 2_000_000;
const MAX_PBKDF2_LENGTH = 1024;
// node:crypto's hkdfSync refuses longer info.
const MAX_HKDF_INFO = 1024;
const ECDH_CURVES: ReadonlySet<string> = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

function hashLength(hash: KdfHash): number {
  const n = Object.hasOwn(HASH_LENGTH, hash) ? HASH_LENGTH[hash] : undefined;
  if (n === undefined) throw new CipherError('UNSUPPORTED', 'unsupported KDF hash');
  return n;
}

/** Copies into a fresh array and wipes the source. */
function own(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b);
  b.fill(0);
  return out;
}

/** The PBKDF2 work of a derivation, in block-iterations: PBKDF2 runs every iteration once per output block. */
export function pbkdf2Work(hash: KdfHash, iterations: number, length: number): number {
  return iterations * Math.ceil(length / hashLength(hash));
}

/**
 * PBKDF2-HMAC, run on the libuv thread pool so the calling thread keeps serving meanwhile; length
 * 1..1024 bytes, and iterations x output blocks at most PBKDF2_MAX_WORK (the bound on the CPU one
 * request can burn). Failures reject with a CipherError.
 */
export async function pbkdf2DeriveAsync(hash: KdfHash, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array> {
  hashLength(hash);
  if (!Number.isInteger(iterations) || iterations < 1) throw new CipherError('BAD_INPUT', 'PBKDF2 iterations must be a positive integer');
  if (!Number.isInteger(length) || length < 1 || length > MAX_PBKDF2_LENGTH) {
    throw new CipherError('BAD_INPUT', `PBKDF2 output length must be from 1 to ${MAX_PBKDF2_LENGTH} bytes`);
  }
  if (pbkdf2Work(hash, iterations, length) > PBKDF2_MAX_WORK) {
    throw new CipherError('BAD_INPUT', `PBKDF2 iterations x output blocks must be at most ${PBKDF2_MAX_WORK}`);
  }
  let derived: Buffer;
  try {
    derived = await new Promise<Buffer>((resolve, reject) => {
      pbkdf2(password, salt, iterations, length, hash, (err, key) => {
        if (err === null) resolve(key);
        else reject(err);
      });
    });
  } catch {
    throw new CipherError('BAD_INPUT', 'PBKDF2 derivation failed');
  }
  return own(derived);
}

/** HKDF extract-then-expand (RFC 5869); length 1..255 * hash length, info at most 1024 bytes. */
export function hkdfDerive(hash: KdfHash, ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const max = 255 * hashLength(hash);
  if (!Number.isInteger(length) || length < 1 || length > max) {
    throw new CipherError('BAD_INPUT', `HKDF-${hash} output length must be from 1 to ${max} bytes`);
  }
  if (info.length > MAX_HKDF_INFO) throw new CipherError('BAD_INPUT', `HKDF info must be at most ${MAX_HKDF_INFO} bytes`);
  try {
    return own(new Uint8Array(hkdfSync(hash, ikm, salt, info, length)));
  } catch {
    throw new CipherError('BAD_INPUT', 'HKDF derivation failed');
  }
}

function agreementGroup(key: KeyObject): string | undefined {
  const t = key.asymmetricKeyType;
  if (t === 'x25519' || t === 'x448') return t;
  const curve = t === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  return curve !== undefined && ECDH_CURVES.has(curve) ? curve : undefined;
}

/** The raw ECDH (P-256/384/521) or X25519/X448 shared secret; both keys must be on the same curve. */
export function ecdhSharedSecret(privateKey: KeyObject, publicKey: KeyObject): Uint8Array {
  const group = agreementGroup(privateKey);
  if (privateKey.type !== 'private' || publicKey.type !== 'public' || group === undefined) {
    throw new CipherError('BAD_KEY_TYPE', 'key agreement needs a P-256/384/521, X25519 or X448 private key and a public key');
  }
  if (agreementGroup(publicKey) !== group) throw new CipherError('BAD_KEY_TYPE', 'the two keys are not on the same curve');
  let secret: Uint8Array;
  try {
    secret = own(diffieHellman({ privateKey, publicKey }));
  } catch {
    throw new CipherError('BAD_INPUT', 'key agreement failed');
  }
  // RFC 7748 6: an all-zero X25519/X448 result means a small-order public key.
  let any = 0;
  for (const b of secret) any |= b;
  if (any === 0) throw new CipherError('BAD_INPUT', 'key agreement failed');
  return secret;
}
