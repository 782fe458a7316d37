/**
 * The cipher an Encrypt or Decrypt request gets, from the key's type and algorithm and the
 * request's CryptographicParameters: AEAD (AES-GCM, ChaCha20-Poly1305), AES-CBC, AES-CTR, AES key
 * wrap (RFC 5649), RSA-OAEP, RSA PKCS#1 v1.5 and RSA-AES key wrap with RSA keys, and ECIES with
 * P-256/384/521 and X25519 keys (ec-cipher.ts), each also with a certificate's public key
 * (encryption only); and the wrapper both operations run a cipher in, which wipes its key however
 * the work ends.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { encodeJsonTtlv } from '../kmip/ttlv/json.js';
import { AEAD_NONCE_LENGTH, AEAD_TAG_LENGTH } from '../crypto/aead.js';
import { AES_BLOCK, aesCbcDecrypt, aesCbcEncrypt, aesCtr } from '../crypto/block-cipher.js';
import { aesKeyUnwrapPad, aesKeyWrapPad } from '../crypto/key-wrap.js';
import { rsaAesKeyUnwrap, rsaAesKeyWrap, rsaOaepDecrypt, rsaOaepEncrypt, rsaPkcs1Decrypt, rsaPkcs1Encrypt } from '../crypto/rsa-cipher.js';
import { randomNonce } from '../crypto/random.js';
import { publicKeyOf } from '../crypto/key-formats.js';
import { mapMaybe, type MaybePromise } from '../lib/maybe-async.js';
import { cryptoFailure, guardCrypto } from './crypto-failures.js';
import { EC_ALGORITHMS, ecCipher } from './ec-cipher.js';
import { oaepHash } from './hash-names.js';
import { algorithmOfKey, privateKeyOfRecord, publicKeyOfRecord, storedKeyObject } from './asymmetric-keys.js';
import { certificatePublicKey } from './certificate-key.js';
import { symmetricKeyOf } from './stored-object.js';
import { symmetricModeFor } from './symmetric-algorithms.js';
import type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** What an encryption produced. */
export interface Encrypted {
  readonly data: Uint8Array;
  readonly nonce: Uint8Array | undefined;
  readonly tag: Uint8Array | undefined;
}

/** One key, ready to encrypt or decrypt under the request's parameters. */
export interface KeyCipher {
  encrypt(data: Uint8Array, nonce: Uint8Array | undefined, aad: Uint8Array | undefined): MaybePromise<Encrypted>;
  decrypt(data: Uint8Array, nonce: Uint8Array | undefined, tag: Uint8Array | undefined, aad: Uint8Array | undefined): MaybePromise<Uint8Array>;
  /**
   * BulkData in one call, when the cipher has a faster way than item by item: nonce || ciphertext
   * || tag per item out of encryptItems and into decryptItems.
   */
  encryptItems?(items: readonly Uint8Array[], aad: Uint8Array | undefined): MaybePromise<Uint8Array[]>;
  decryptItems?(items: readonly Uint8Array[], aad: Uint8Array | undefined): MaybePromise<Uint8Array[]>;
  /** Lengths of the nonce and tag a BulkData item carries around its ciphertext. */
  readonly nonceLength: number;
  readonly tagLength: number;
  /** Wipes the key bytes, if the cipher holds any. */
  dispose(): void;
}

function noNonce(nonce: Uint8Array | undefined, what: string): void {
  if (nonce !== undefined) throw new KmipError('Bad_Cryptographic_Parameters', `${what} takes no IvCounterNonce`);
}

function requireNonce(nonce: Uint8Array | undefined): Uint8Array {
  if (nonce === undefined) throw new KmipError('Missing_Initialization_Vector', 'Decrypt: the nonce (IvCounterNonce) must be provided');
  return nonce;
}

function symmetricCipher(ctx: OperationContext, rec: ObjectRecord, p: CryptographicParameters | undefined): KeyCipher {
  const mode = symmetricModeFor(rec.cryptographicAlgorithm, p);
  const key = symmetricKeyOf(ctx, rec);
  const dispose = (): void => {
    key.fill(0);
  };
  switch (mode) {
    case 'AES-GCM':
    case 'ChaCha20-Poly1305':
      return {
        nonceLength: AEAD_NONCE_LENGTH,
        tagLength: AEAD_TAG_LENGTH,
        dispose,
        encrypt: (data, nonce, aad) => {
          const n = nonce ?? randomNonce(AEAD_NONCE_LENGTH);
          return mapMaybe(ctx.aead.seal(mode, new Uint8Array(key), n, data, aad), (s) => ({ data: s.ciphertext, nonce: n, tag: s.tag }));
        },
        decrypt: (data, nonce, tag, aad) => {
          // The nonce is checked before the tag so a request missing both is told about the nonce.
          const n = requireNonce(nonce);
          if (tag === undefined) throw new KmipError('Missing_Data', 'Decrypt: the AuthenticatedEncryptionTag must be provided');
          return ctx.aead.open(mode, new Uint8Array(key), n, data, tag, aad);
        },
        // The key is used as it is: dispose wipes it once the items are done.
        encryptItems: (items, aad) => ctx.aead.sealItems(mode, key, items, aad),
        decryptItems: (items, aad) => ctx.aead.openItems(mode, key, items, aad),
      };
    case 'AES-CBC':
    case 'AES-CTR': {
      const run = mode === 'AES-CBC' ? aesCbcEncrypt : aesCtr;
      const undo = mode === 'AES-CBC' ? aesCbcDecrypt : aesCtr;
      return {
        nonceLength: AES_BLOCK,
        tagLength: 0,
        dispose,
        encrypt: (data, nonce) => {
          const iv = nonce ?? randomNonce(AES_BLOCK);
          return { data: run(key, iv, data), nonce: iv, tag: undefined };
        },
        decrypt: (data, nonce) => undo(key, requireNonce(nonce), data),
      };
    }
    case 'AES-KWP':
      return {
        nonceLength: 0,
        tagLength: 0,
        dispose,
        encrypt: (data, nonce) => {
          noNonce(nonce, 'AES key wrap');
          return { data: aesKeyWrapPad(key, data), nonce: undefined, tag: undefined };
        },
        decrypt: (data, nonce) => {
          noNonce(nonce, 'AES key wrap');
          return aesKeyUnwrapPad(key, data);
        },
      };
  }
}

type RsaScheme = { kind: 'oaep' | 'rsa-aes'; hash: ReturnType<typeof oaepHash> } | { kind: 'pkcs1' };

// The crypto layer's OAEP runs MGF1 over the OAEP hash; honouring another MGF1 hash silently would
// hand back ciphertext the client cannot open (e.g. Java's OAEPWithSHA-256AndMGF1Padding uses MGF1-SHA-1).
function oaepHashOf(p: CryptographicParameters | undefined): ReturnType<typeof oaepHash> {
  const hash = oaepHash(p?.hashingAlgorithm);
  const mgf = p?.maskGeneratorHashingAlgorithm;
  if (mgf !== undefined && oaepHash(mgf) !== hash) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', 'RSA-OAEP uses MGF1 with the same hash as OAEP');
  }
  return hash;
}

/** The RSA encryption scheme the parameters ask for: OAEP (SHA-256) unless told otherwise. */
export function rsaSchemeFor(p: CryptographicParameters | undefined): RsaScheme {
  if (p?.cryptographicAlgorithm === 'AES') return { kind: 'rsa-aes', hash: oaepHashOf(p) };
  if (p?.cryptographicAlgorithm !== undefined && p.cryptographicAlgorithm !== 'RSA') {
    throw new KmipError('Bad_Cryptographic_Parameters', `an RSA key cannot be used with ${p.cryptographicAlgorithm}`);
  }
  const padding = p?.paddingMethod ?? 'OAEP';
  if (padding === 'OAEP') return { kind: 'oaep', hash: oaepHashOf(p) };
  if (padding === 'PKCS1v15') return { kind: 'pkcs1' };
  throw new KmipError('Unsupported_Cryptographic_Parameters', `RSA encryption with ${padding} padding is not supported (OAEP, PKCS1v15)`);
}

/** Encrypts with an RSA public key under a scheme. */
export function rsaEncrypt(key: KeyObject, scheme: RsaScheme, data: Uint8Array): Uint8Array {
  if (scheme.kind === 'pkcs1') return rsaPkcs1Encrypt(key, data);
  return scheme.kind === 'oaep' ? rsaOaepEncrypt(key, scheme.hash, data) : rsaAesKeyWrap(key, scheme.hash, data);
}

/** Decrypts with an RSA private key under a scheme. */
export function rsaDecrypt(key: KeyObject, scheme: RsaScheme, data: Uint8Array): Uint8Array {
  if (scheme.kind === 'pkcs1') return rsaPkcs1Decrypt(key, data);
  return scheme.kind === 'oaep' ? rsaOaepDecrypt(key, scheme.hash, data) : rsaAesKeyUnwrap(key, scheme.hash, data);
}

function rsaCipher(rec: ObjectRecord, p: CryptographicParameters | undefined): KeyCipher {
  const scheme = rsaSchemeFor(p);
  return {
    nonceLength: 0,
    tagLength: 0,
    dispose: () => undefined,
    encrypt: (data, nonce) => {
      noNonce(nonce, 'RSA encryption');
      const pub = rec.objectType === 'PublicKey' ? publicKeyOfRecord(rec) : publicKeyOf(privateKeyOfRecord(rec));
      return { data: rsaEncrypt(pub, scheme, data), nonce: undefined, tag: undefined };
    },
    decrypt: (data, nonce) => {
      noNonce(nonce, 'RSA decryption');
      return rsaDecrypt(privateKeyOfRecord(rec), scheme, data);
    },
  };
}

function refuseAad(aad: Uint8Array | undefined): void {
  // Silently dropping it would let a client believe its AAD is authenticated.
  if (aad !== undefined) throw new KmipError('Bad_Cryptographic_Parameters', 'additional authenticated data needs AES-GCM, ChaCha20-Poly1305 or an EC key (ECIES)');
}

/** A cipher that authenticates no AAD, refusing requests that send some. */
function refusingAad(c: KeyCipher): KeyCipher {
  return {
    ...c,
    encrypt: (data, nonce, aad) => {
      refuseAad(aad);
      return c.encrypt(data, nonce, aad);
    },
    decrypt: (data, nonce, tag, aad) => {
      refuseAad(aad);
      return c.decrypt(data, nonce, tag, aad);
    },
  };
}

function asymmetricCipher(rec: ObjectRecord, p: CryptographicParameters | undefined): KeyCipher {
  if (rec.cryptographicAlgorithm === 'RSA') return refusingAad(rsaCipher(rec, p));
  // ECIES seals with AES-GCM inside Data, so it honours AAD though it reports no separate tag.
  if (EC_ALGORITHMS.includes(rec.cryptographicAlgorithm ?? '')) return ecCipher(rec, p);
  throw new KmipError('Feature_Not_Supported', `encryption with ${rec.cryptographicAlgorithm ?? 'this'} keys is not supported; use an RSA, EC, X25519 or symmetric key`);
}

/**
 * The cipher of a certificate: its public key seen as a PublicKey record, so encryption is exactly
 * what a public key of that type gets (RSA-OAEP by default, ECIES on curve keys, Ed25519 refused).
 * A certificate holds no private key, so it cannot decrypt.
 */
function certificateCipher(rec: ObjectRecord, p: CryptographicParameters | undefined): KeyCipher {
  const key = certificatePublicKey(rec);
  const algorithm = guardCrypto('Encrypt', () => algorithmOfKey(key));
  const view: ObjectRecord = { ...rec, objectType: 'PublicKey', cryptographicAlgorithm: algorithm, object: encodeJsonTtlv(storedKeyObject(key, 'PublicKey', algorithm)) };
  const inner = asymmetricCipher(view, p);
  // Public-key ciphers have no batch path (encryptItems), so BulkData goes item by item.
  return {
    nonceLength: inner.nonceLength,
    tagLength: inner.tagLength,
    dispose: () => {
      inner.dispose();
    },
    encrypt: (data, nonce, aad) => inner.encrypt(data, nonce, aad),
    decrypt: () => {
      throw new KmipError('Invalid_Object_Type', `certificate ${rec.id} holds only a public key; decrypt with the matching private key`);
    },
  };
}

/** The cipher for a key record; the caller disposes it. */
export function cipherFor(ctx: OperationContext, rec: ObjectRecord, p: CryptographicParameters | undefined): KeyCipher {
  switch (rec.objectType) {
    case 'SymmetricKey': {
      const c = symmetricCipher(ctx, rec, p);
      return c.tagLength > 0 ? c : refusingAad(c);
    }
    case 'PublicKey':
    case 'PrivateKey':
      return asymmetricCipher(rec, p);
    case 'Certificate':
      return certificateCipher(rec, p);
    default:
      throw new KmipError('Invalid_Object_Type', `a ${rec.objectType} cannot encrypt or decrypt`);
  }
}

/** Runs fn with the cipher and disposes of it afterwards, however fn ends. */
export function withCipher<T>(cipher: KeyCipher, what: string, fn: (c: KeyCipher) => MaybePromise<T>): MaybePromise<T> {
  let out: MaybePromise<T>;
  try {
    out = fn(cipher);
  } catch (err) {
    cipher.dispose();
    return cryptoFailure(what, err);
  }
  if (!(out instanceof Promise)) {
    cipher.dispose();
    return out;
  }
  return out.then(
    (v) => {
      cipher.dispose();
      return v;
    },
    (err: unknown) => {
      cipher.dispose();
      return cryptoFailure(what, err);
    },
  );
}
