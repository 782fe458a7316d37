/**
 * Wrapping a key for export and unwrapping one on import, with a key from the same database:
 * an AES key (RFC 5649 key wrap with padding by default, or AES-GCM) or an RSA key (RSA-OAEP,
 * SHA-256 by default, or RSA-AES key wrap when the parameters name AES).
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { decodeKeyValue, encodeKeyMaterial, type KeyBlock, type KeyMaterial } from '../kmip/key-block.js';
import { wrappingKeyOf, type KeyWrappingData, type KeyWrappingSpecification } from '../kmip/key-wrapping.js';
import { encodeJsonTtlv, parseJsonTtlv } from '../kmip/ttlv/json.js';
import { asStructure } from '../kmip/ttlv/read.js';
import { linkedId } from '../kmip/links.js';
import { struct } from '../kmip/ttlv/build.js';
import { aeadOpen, aeadSeal, AEAD_NONCE_LENGTH, AEAD_TAG_LENGTH } from '../crypto/aead.js';
import { aesKeyUnwrapPad, aesKeyWrapPad } from '../crypto/key-wrap.js';
import { publicKeyOf } from '../crypto/key-formats.js';
import { randomNonce } from '../crypto/random.js';
import { resolveObject } from './object-access.js';
import { storedAttributes, symmetricKeyOf } from './stored-object.js';
import { requireUsage } from './usage.js';
import { privateKeyOfRecord, publicKeyOfRecord } from './asymmetric-keys.js';
import { rsaDecrypt, rsaEncrypt, rsaSchemeFor } from './ciphers.js';
import { guardCrypto } from './crypto-failures.js';
import { checkTrustedWrapper, isProtectedAttributes, unwrapsProtected } from './wrapping-trust.js';
import type { AttributeList } from '../kmip/attributes.js';
import type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';
import type { KeyFormatType } from '../kmip/enums.js';
import type { ObjectRecord, ObjectState } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes a KeyValue is wrapped as: the raw key (NoEncoding) or its JSON TTLV (TTLVEncoding, the default). */
export function wrappingPayload(material: KeyMaterial, encoding: 'NoEncoding' | 'TTLVEncoding', attributes: AttributeList = []): Uint8Array {
  if (encoding === 'TTLVEncoding') {
    // The protection flags travel inside the wrapping, so the key stays protected when unwrapped.
    const flags = attributes.filter((a) => a.tag === 'Sensitive' || a.tag === 'Extractable');
    const text = encodeJsonTtlv(struct('KeyValue', [encodeKeyMaterial(material), flags.length > 0 ? struct('Attributes', flags) : undefined]));
    // A buffer of its own (not Node's shared pool), so the caller can wipe it.
    const out = new Uint8Array(Buffer.byteLength(text, 'utf8'));
    new TextEncoder().encodeInto(text, out);
    return out;
  }
  switch (material.kind) {
    case 'bytes':
      return material.bytes;
    case 'symmetric':
      return material.key;
    default:
      throw new KmipError('Key_Format_Type_Not_Supported', 'NoEncoding wraps byte-string key formats only; ask for PKCS8, PKCS1, ECPrivateKey or Raw');
  }
}

function isAesGcm(p: CryptographicParameters | undefined): boolean {
  return p?.blockCipherMode === 'GCM';
}

function checkSymmetricWrapMode(p: CryptographicParameters | undefined, rec: ObjectRecord): void {
  if (rec.cryptographicAlgorithm !== 'AES') throw new KmipError('Invalid_Object_Type', `keys are wrapped with AES keys, not ${rec.cryptographicAlgorithm ?? 'unknown'} keys`);
  const mode = p?.blockCipherMode;
  if (mode !== undefined && mode !== 'GCM' && mode !== 'NISTKeyWrap' && mode !== 'AESKeyWrapPadding') {
    throw new KmipError('Unsupported_Cryptographic_Parameters', `keys are wrapped with NISTKeyWrap (RFC 5649) or GCM, not ${mode}`);
  }
}

function rsaWrapScheme(p: CryptographicParameters | undefined): ReturnType<typeof rsaSchemeFor> {
  const scheme = rsaSchemeFor(p);
  if (scheme.kind === 'pkcs1') throw new KmipError('Unsupported_Cryptographic_Parameters', 'keys are not wrapped with RSA PKCS#1 v1.5; use OAEP');
  return scheme;
}

function wrapWith(ctx: OperationContext, rec: ObjectRecord, p: CryptographicParameters | undefined, payload: Uint8Array, aad: Uint8Array | undefined): Uint8Array {
  if (rec.objectType === 'SymmetricKey') {
    checkSymmetricWrapMode(p, rec);
    const kek = symmetricKeyOf(ctx, rec);
    try {
      if (!isAesGcm(p)) return aesKeyWrapPad(kek, payload);
      const nonce = randomNonce(AEAD_NONCE_LENGTH);
      const sealed = aeadSeal('AES-GCM', kek, nonce, payload, aad);
      return Buffer.concat([nonce, sealed.ciphertext, sealed.tag]);
    } finally {
      kek.fill(0);
    }
  }
  if (rec.cryptographicAlgorithm !== 'RSA') throw new KmipError('Feature_Not_Supported', 'keys are wrapped with AES or RSA keys only');
  const pub: KeyObject = rec.objectType === 'PublicKey' ? publicKeyOfRecord(rec) : publicKeyOf(privateKeyOfRecord(rec));
  return rsaEncrypt(pub, rsaWrapScheme(p), payload);
}

function unwrapWith(ctx: OperationContext, rec: ObjectRecord, p: CryptographicParameters | undefined, wrapped: Uint8Array, aad: Uint8Array | undefined): Uint8Array {
  if (rec.objectType === 'SymmetricKey') {
    checkSymmetricWrapMode(p, rec);
    const kek = symmetricKeyOf(ctx, rec);
    try {
      if (!isAesGcm(p)) return aesKeyUnwrapPad(kek, wrapped);
      if (wrapped.length < AEAD_NONCE_LENGTH + AEAD_TAG_LENGTH) throw new KmipError('Invalid_Message', 'the wrapped key is too short');
      const nonce = wrapped.subarray(0, AEAD_NONCE_LENGTH);
      const tag = wrapped.subarray(wrapped.length - AEAD_TAG_LENGTH);
      return aeadOpen('AES-GCM', kek, nonce, wrapped.subarray(AEAD_NONCE_LENGTH, wrapped.length - AEAD_TAG_LENGTH), tag, aad);
    } finally {
      kek.fill(0);
    }
  }
  if (rec.objectType !== 'PrivateKey' || rec.cryptographicAlgorithm !== 'RSA') {
    throw new KmipError('Invalid_Object_Type', 'keys are unwrapped with an AES key or an RSA private key');
  }
  return rsaDecrypt(privateKeyOfRecord(rec), rsaWrapScheme(p), wrapped);
}

/** Wraps key material as the spec asks; returns the wrapped bytes and the KeyWrappingData to send with them. */
export function wrapMaterial(
  ctx: OperationContext,
  spec: KeyWrappingSpecification,
  material: KeyMaterial,
  self: { readonly id: string; readonly owner: string; readonly attributes: AttributeList },
): { wrapped: Uint8Array; data: KeyWrappingData } {
  const info = wrappingKeyOf(spec);
  if (spec.attributeNames.length > 0) {
    // A wrapped block has nowhere to carry them, so the key could not be unwrapped again.
    throw new KmipError('Feature_Not_Supported', 'KeyWrappingSpecification: wrapping attributes (AttributeName) with the key is not supported');
  }
  const rec = resolveObject(ctx, info.uniqueIdentifier, ['Active'], 'encrypt');
  if (rec.id === self.id) throw new KmipError('Invalid_Field', 'a key cannot wrap itself');
  requireUsage(storedAttributes(rec), 'WrapKey', rec.id);
  if (isProtectedAttributes(self.attributes)) checkTrustedWrapper(ctx, rec, self);
  const encoding = spec.encodingOption ?? 'TTLVEncoding';
  const payload = wrappingPayload(material, encoding, self.attributes);
  let wrapped: Uint8Array;
  try {
    wrapped = guardCrypto('key wrapping', () => wrapWith(ctx, rec, info.parameters, payload, undefined));
  } finally {
    if (encoding === 'TTLVEncoding') payload.fill(0);
  }
  return {
    wrapped,
    data: { wrappingMethod: 'Encrypt', encryptionKey: { uniqueIdentifier: rec.id, parameters: info.parameters }, ivCounterNonce: undefined, encodingOption: encoding },
  };
}

const UNWRAP_STATES: readonly ObjectState[] = ['Active', 'Deactivated', 'Compromised'];

/**
 * The key that unwraps what was wrapped under the named one: a block wrapped with an RSA public
 * key names that public key, so its linked private key does the unwrapping, as in Cosmian.
 */
function unwrappingRecord(ctx: OperationContext, uid: string): ObjectRecord {
  const rec = resolveObject(ctx, uid, UNWRAP_STATES, 'decrypt');
  if (rec.objectType !== 'PublicKey') return rec;
  const privateId = linkedId(storedAttributes(rec), 'PrivateKeyLink');
  if (privateId === undefined) throw new KmipError('Invalid_Object_Type', `public key ${rec.id} has no PrivateKeyLink to a key that can unwrap`);
  return resolveObject(ctx, privateId, UNWRAP_STATES, 'decrypt');
}

/** An unwrapped KeyBlock, and whether the key must stay protected (see wrapping-trust.ts). */
export interface Unwrapped {
  readonly block: KeyBlock;
  readonly protected: boolean;
}

/** The unwrapped form of a wrapped KeyBlock, using the key its KeyWrappingData names. */
export function unwrapKeyBlock(ctx: OperationContext, block: KeyBlock): Unwrapped {
  const w = block.wrapping;
  if (w === undefined || block.material.kind !== 'wrapped') return { block, protected: false };
  const info = w.encryptionKey;
  if (info === undefined) throw new KmipError('Invalid_Message', 'KeyWrappingData: EncryptionKeyInformation is required to unwrap');
  const rec = unwrappingRecord(ctx, info.uniqueIdentifier);
  requireUsage(storedAttributes(rec), 'UnwrapKey', rec.id);
  const wrapped = block.material.bytes;
  const payload = guardCrypto('key unwrapping', () => unwrapWith(ctx, rec, info.parameters, wrapped, undefined));
  const format: KeyFormatType = block.keyFormatType;
  let material: KeyMaterial;
  let attributes = block.attributes;
  if ((w.encodingOption ?? 'TTLVEncoding') === 'TTLVEncoding') {
    let value;
    try {
      value = asStructure(parseJsonTtlv(utf8.decode(payload)), 'unwrapped KeyValue');
    } catch {
      throw new KmipError('Invalid_Message', 'the unwrapped bytes are not a TTLV-encoded KeyValue; was it wrapped with NoEncoding?');
    } finally {
      payload.fill(0);
    }
    ({ material, attributes } = decodeKeyValue(format, value));
  } else {
    material = format === 'TransparentSymmetricKey' ? { kind: 'symmetric', key: payload } : { kind: 'bytes', bytes: payload };
  }
  const embedded = attributes === undefined ? [] : attributes.value;
  return { block: { ...block, material, attributes, wrapping: undefined }, protected: unwrapsProtected(rec, embedded) };
}
