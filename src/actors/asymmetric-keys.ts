/**
 * Asymmetric keys as stored objects: what a CreateKeyPair request asks to generate, the
 * attributes that describe a key, and reading a stored private or public key back.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { shown } from '../kmip/client-text.js';
import { enumAttribute, getAttribute, intAttribute, type AttributeList } from '../kmip/attributes.js';
import { decodeKeyBlock, encodeKeyBlock, type KeyBlock } from '../kmip/key-block.js';
import { enumeration, int, struct } from '../kmip/ttlv/build.js';
import { parseJsonTtlv } from '../kmip/ttlv/json.js';
import { asStructure, optEnum } from '../kmip/ttlv/read.js';
import { RECOMMENDED_CURVES, USAGE, type RecommendedCurve } from '../kmip/enums.js';
import { describeKey, privateKeyToDer, publicKeyToDer, type KeyKind } from '../crypto/key-formats.js';
import { RSA_KEY_SIZES, type KeyPairSpec } from '../crypto/key-pair.js';
import { curveOf, privateKeyFromMaterial, publicKeyFromMaterial, recommendedCurveOf, type RawCurveHint } from './asymmetric-formats.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';

/** The curve named by CryptographicDomainParameters.RecommendedCurve (or a bare RecommendedCurve attribute). */
export function requestedCurve(attrs: AttributeList): RecommendedCurve | undefined {
  const params = getAttribute(attrs, 'CryptographicDomainParameters');
  if (params?.type === 'Structure') {
    const c = optEnum(params, 'RecommendedCurve', RECOMMENDED_CURVES);
    if (c !== undefined) return c;
  }
  const bare = enumAttribute(attrs, 'RecommendedCurve');
  return bare === undefined ? undefined : (RECOMMENDED_CURVES as readonly string[]).includes(bare) ? (bare as RecommendedCurve) : undefined;
}

const CURVE_BY_LENGTH: Readonly<Record<number, RecommendedCurve>> = { 256: 'P256', 384: 'P384', 521: 'P521' };

/** What to generate for a CreateKeyPair, and the algorithm name both keys will carry. */
export function keyPairSpecOf(attrs: AttributeList): { spec: KeyPairSpec; algorithm: string } {
  const algorithm = enumAttribute(attrs, 'CryptographicAlgorithm');
  const length = intAttribute(attrs, 'CryptographicLength');
  const curve = requestedCurve(attrs);
  switch (algorithm) {
    case 'RSA': {
      if (length === undefined) throw new KmipError('Invalid_Message', 'CreateKeyPair: RSA needs a CryptographicLength');
      if (!RSA_KEY_SIZES.includes(length)) {
        throw new KmipError('Invalid_Attribute_Value', `RSA keys must be ${RSA_KEY_SIZES.join(', ')} bits, not ${length}`);
      }
      return { spec: { kind: 'rsa', bits: length }, algorithm };
    }
    case 'Ed25519':
      if (curve !== undefined && curve !== 'CURVEED25519') throw new KmipError('Invalid_Attribute_Value', `Ed25519 keys are on CURVEED25519, not ${curve}`);
      return { spec: { kind: 'ed25519' }, algorithm };
    case 'EC':
    case 'ECDSA':
    case 'ECDH': {
      // Cosmian's default curve is Curve25519 when none is named.
      const named = curve ?? (length !== undefined ? CURVE_BY_LENGTH[length] : undefined) ?? 'CURVE25519';
      const c = curveOf(named);
      if (c === 'Ed25519') {
        if (algorithm === 'ECDH') throw new KmipError('Invalid_Attribute_Value', 'CURVEED25519 keys sign; use CURVE25519 for ECDH');
        return { spec: { kind: 'ed25519' }, algorithm: 'Ed25519' };
      }
      if (c === 'X25519') {
        if (algorithm === 'ECDSA') throw new KmipError('Invalid_Attribute_Value', 'CURVE25519 keys cannot sign; use CURVEED25519 or the Ed25519 algorithm');
        return { spec: { kind: 'x25519' }, algorithm: 'ECDH' };
      }
      return { spec: { kind: 'ec', curve: c }, algorithm };
    }
    case undefined:
      throw new KmipError('Invalid_Message', 'CreateKeyPair: CryptographicAlgorithm is required');
    default:
      throw new KmipError('Feature_Not_Supported', `key pairs for ${shown(algorithm)} are not supported (supported: RSA, EC, ECDSA, ECDH, Ed25519)`);
  }
}

/** The usage masks a key pair gets when the request names none. */
export function defaultUsageMasks(algorithm: string): { privateMask: number; publicMask: number } {
  switch (algorithm) {
    case 'RSA':
      return { privateMask: USAGE.Sign | USAGE.Decrypt | USAGE.UnwrapKey, publicMask: USAGE.Verify | USAGE.Encrypt | USAGE.WrapKey };
    // Curve keys that can agree can also encrypt, through ECIES.
    case 'ECDH':
      return { privateMask: USAGE.KeyAgreement | USAGE.DeriveKey | USAGE.Decrypt, publicMask: USAGE.KeyAgreement | USAGE.DeriveKey | USAGE.Encrypt };
    case 'EC':
      return { privateMask: USAGE.Sign | USAGE.KeyAgreement | USAGE.DeriveKey | USAGE.Decrypt, publicMask: USAGE.Verify | USAGE.KeyAgreement | USAGE.DeriveKey | USAGE.Encrypt };
    default:
      return { privateMask: USAGE.Sign, publicMask: USAGE.Verify };
  }
}

/** The attributes that describe a key's material: algorithm, length, curve. */
export function keyDescriptionAttributes(k: KeyObject, algorithm: string): TtlvNode[] {
  const info = describeKey(k);
  const nodes: TtlvNode[] = [enumeration('CryptographicAlgorithm', algorithm), int('CryptographicLength', info.bits)];
  if (info.kind !== 'rsa') {
    const curve = info.kind === 'ed25519' ? 'Ed25519' : info.kind === 'x25519' ? 'X25519' : info.curve;
    if (curve === undefined) throw new KmipError('General_Failure', 'a curve key without a curve');
    nodes.push(struct('CryptographicDomainParameters', [int('QLength', info.bits), enumeration('RecommendedCurve', recommendedCurveOf(curve))]));
  }
  return nodes;
}

// The algorithms a key of each kind may be recorded under, its usual one first: a name that
// contradicts the key would make the record describe a key other than the one it holds.
const ALGORITHMS_OF_KIND: Readonly<Record<KeyKind, readonly string[]>> = {
  rsa: ['RSA'],
  ec: ['EC', 'ECDSA', 'ECDH'],
  ed25519: ['Ed25519', 'EC', 'ECDSA'],
  x25519: ['ECDH', 'EC'],
};

/** The algorithm name a key imported without one carries. */
export function algorithmOfKey(k: KeyObject): string {
  return ALGORITHMS_OF_KIND[describeKey(k).kind][0] ?? 'EC';
}

/** The algorithm a supplied key is recorded under: the one the client names, if it fits the key, else the key's own. */
export function suppliedKeyAlgorithm(k: KeyObject, named: string | undefined): string {
  if (named === undefined) return algorithmOfKey(k);
  const kind = describeKey(k).kind;
  if (!ALGORITHMS_OF_KIND[kind].includes(named)) {
    throw new KmipError('Invalid_Attribute_Value', `CryptographicAlgorithm ${named} does not fit the ${kind} key supplied (${ALGORITHMS_OF_KIND[kind].join(', ')})`);
  }
  return named;
}

/** The stored object of a private or public key: its DER (PKCS#8 or SPKI) in a KeyBlock. */
export function storedKeyObject(k: KeyObject, objectType: 'PrivateKey' | 'PublicKey', algorithm: string): TtlvStructure {
  const der = objectType === 'PrivateKey' ? privateKeyToDer(k, 'pkcs8') : publicKeyToDer(k, 'spki');
  const block = encodeKeyBlock({ keyFormatType: 'PKCS8', material: { kind: 'bytes', bytes: der }, cryptographicAlgorithm: algorithm, cryptographicLength: describeKey(k).bits });
  return struct(objectType, [block]);
}

/** The stored KeyBlock of a record. */
export function storedKeyBlock(rec: ObjectRecord): KeyBlock {
  if (rec.object === '') throw new KmipError('Item_Not_Found', `object ${rec.id} has no key material`);
  return decodeKeyBlock(asStructure(parseJsonTtlv(rec.object), 'stored object'));
}

/** Whether a record's key material is stored wrapped (registered that way and never unwrapped). */
export function isStoredWrapped(rec: ObjectRecord): boolean {
  // A certificate has no key block, so it is never stored wrapped.
  return rec.object !== '' && rec.objectType !== 'Certificate' && storedKeyBlock(rec).wrapping !== undefined;
}

/** The Raw-format curve of a key, from its algorithm and domain parameters. */
export function rawCurveHint(attrs: AttributeList, algorithm: string | undefined): RawCurveHint {
  const curve = requestedCurve(attrs);
  if (curve === 'CURVEED25519' || algorithm === 'Ed25519') return 'Ed25519';
  if (curve === 'CURVE25519') return 'X25519';
  return undefined;
}

function usable(rec: ObjectRecord, expected: string): KeyBlock {
  if (rec.objectType !== expected) throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}, not a ${expected}`);
  const block = storedKeyBlock(rec);
  if (block.wrapping !== undefined) throw new KmipError('Invalid_Object_Type', `object ${rec.id} is stored wrapped and cannot be used until it is imported unwrapped`);
  return block;
}

/** The private key of a PrivateKey record. */
export function privateKeyOfRecord(rec: ObjectRecord): KeyObject {
  const block = usable(rec, 'PrivateKey');
  return privateKeyFromMaterial(block.keyFormatType, block.material, undefined);
}

/** The public key of a PublicKey record. */
export function publicKeyOfRecord(rec: ObjectRecord): KeyObject {
  const block = usable(rec, 'PublicKey');
  return publicKeyFromMaterial(block.keyFormatType, block.material, undefined);
}

