/**
 * Objects a client sends (Register, Import) and reads back (Get, Export): typed descriptions to
 * and from the `Object` structure: its KeyBlock, or a certificate's DER bytes.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { decodeKeyBlock, encodeKeyBlock, type KeyBlock, type KeyBlockParts } from '../kmip/key-block.js';
import { decodeCertificate, encodeCertificate } from '../kmip/certificate.js';
import { SECRET_DATA_TYPES, type ObjectType, type SecretDataType } from '../kmip/enums.js';
import { enumeration, struct } from '../kmip/ttlv/build.js';
import { optEnum } from '../kmip/ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
import type { ObjectInput } from './kms-inputs.js';

const PRIVATE_FORMATS = { PKCS8: 'PKCS8', PKCS1: 'PKCS1', SEC1: 'ECPrivateKey' } as const;
// KMIP calls a public key's SubjectPublicKeyInfo "PKCS8".
const PUBLIC_FORMATS = { SPKI: 'PKCS8', PKCS1: 'PKCS1' } as const;

function partsOf(o: Exclude<ObjectInput, { keyBlock: KeyBlockParts } | { certificate: Uint8Array }>): KeyBlockParts {
  switch (o.objectType) {
    case 'SymmetricKey': {
      const algorithm = o.cryptographicAlgorithm ?? 'AES';
      return { keyFormatType: 'Raw', material: { kind: 'bytes', bytes: o.key }, cryptographicAlgorithm: algorithm, cryptographicLength: o.key.length * 8 };
    }
    case 'SecretData':
      return { keyFormatType: 'Opaque', material: { kind: 'bytes', bytes: o.secret } };
    case 'PrivateKey':
      return { keyFormatType: PRIVATE_FORMATS[o.format], material: { kind: 'bytes', bytes: o.der } };
    case 'PublicKey':
      return { keyFormatType: PUBLIC_FORMATS[o.format], material: { kind: 'bytes', bytes: o.der } };
  }
}

/** The object type and the `Object` structure (KeyBlock, after a SecretDataType for secret data) of an input. */
export function objectOf(o: ObjectInput): { objectType: ObjectType; object: TtlvStructure } {
  if ('certificate' in o) return { objectType: 'Certificate', object: encodeCertificate(o.certificate, 'Object') };
  const block = encodeKeyBlock('keyBlock' in o ? o.keyBlock : partsOf(o));
  const secretType = o.objectType === 'SecretData' ? (o.secretDataType ?? 'Password') : undefined;
  const children: TtlvNode[] = secretType === undefined ? [block] : [enumeration('SecretDataType', secretType), block];
  return { objectType: o.objectType, object: struct('Object', children) };
}

/** The decoded KeyBlock of a Get or Export answer, and the SecretDataType of secret data. */
export function readObject(object: readonly TtlvNode[]): { keyBlock: KeyBlock; secretDataType: SecretDataType | undefined } {
  const holder = struct('Object', object);
  if (!object.some((c) => c.tag === 'KeyBlock')) throw new KmipError('Invalid_Message', 'Object: only key objects (with a KeyBlock) are read');
  return { keyBlock: decodeKeyBlock(holder), secretDataType: optEnum(holder, 'SecretDataType', SECRET_DATA_TYPES) };
}

/** The bytes of a KeyBlock: raw or DER key bytes, a transparent symmetric key, or the wrapped bytes. */
export function keyBytesOf(block: KeyBlock): Uint8Array {
  const m = block.material;
  if (m.kind === 'bytes' || m.kind === 'wrapped') return m.bytes;
  if (m.kind === 'symmetric') return m.key;
  throw new KmipError('Invalid_Data_Type', `a ${block.keyFormatType} key has no single byte string; ask for Raw, PKCS8, PKCS1 or ECPrivateKey`);
}

/** The DER bytes of a Get or Export answer holding a Certificate. */
export function readCertificate(objectType: ObjectType, object: readonly TtlvNode[]): Uint8Array {
  if (objectType !== 'Certificate') throw new KmipError('Invalid_Object_Type', `the object is a ${objectType}, not a Certificate`);
  return decodeCertificate(struct('Object', object));
}
