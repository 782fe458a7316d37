/**
 * The KMIP KeyBlock of every key object, in each key format this server reads and writes:
 * byte-string formats (Raw, Opaque, PKCS#1, PKCS#8, SEC1), the transparent structures, and
 * wrapped blocks whose KeyValue is the wrapped bytes.
 * @module
 */
import { KmipError } from './kmip-error.js';
import { child, optEnum, optInt, optStruct, reqStruct } from './ttlv/read.js';
import { bytes, enumeration, int, struct } from './ttlv/build.js';
import { CRYPTOGRAPHIC_ALGORITHMS, KEY_FORMAT_TYPES, RECOMMENDED_CURVES, type KeyFormatType, type RecommendedCurve } from './enums.js';
import { decodeKeyWrappingData, encodeKeyWrappingData, type KeyWrappingData } from './key-wrapping.js';
import type { TtlvNode, TtlvStructure } from './ttlv/node.js';

/** RSA components of the transparent formats (public keys carry only n and e). */
export interface RsaMaterial {
  readonly n: bigint;
  readonly e: bigint;
  readonly d?: bigint;
  readonly p?: bigint;
  readonly q?: bigint;
  readonly dp?: bigint;
  readonly dq?: bigint;
  readonly qi?: bigint;
}

/** What a KeyValue's KeyMaterial holds, by format family. */
export type KeyMaterial =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'symmetric'; readonly key: Uint8Array }
  | { readonly kind: 'rsa-private'; readonly rsa: RsaMaterial }
  | { readonly kind: 'rsa-public'; readonly rsa: RsaMaterial }
  | { readonly kind: 'ec-private'; readonly curve: RecommendedCurve; readonly d: bigint }
  | { readonly kind: 'ec-public'; readonly curve: RecommendedCurve; readonly q: Uint8Array }
  /** The KeyValue of a wrapped block: the wrapped bytes. */
  | { readonly kind: 'wrapped'; readonly bytes: Uint8Array };

/** A decoded KeyBlock. */
export interface KeyBlock {
  readonly keyFormatType: KeyFormatType;
  readonly material: KeyMaterial;
  readonly cryptographicAlgorithm: string | undefined;
  readonly cryptographicLength: number | undefined;
  /** Attributes embedded in the KeyValue, if any. */
  readonly attributes: TtlvStructure | undefined;
  readonly wrapping: KeyWrappingData | undefined;
}

const RSA_FIELDS: readonly [keyof RsaMaterial, string, string][] = [
  ['n', 'Modulus', 'Modulus'],
  ['d', 'PrivateExponent', 'PrivateExponent'],
  ['e', 'PublicExponent', 'PublicExponent'],
  ['p', 'P', 'P'],
  ['q', 'Q', 'Q'],
  ['dp', 'PrimeExponentP', 'PrimeExponentP'],
  ['dq', 'PrimeExponentQ', 'PrimeExponentQ'],
  // Cosmian writes CrtCoefficient; the KMIP specification's name is CRTCoefficient.
  ['qi', 'CrtCoefficient', 'CRTCoefficient'],
];

function bigField(s: TtlvStructure, ...tags: string[]): bigint | undefined {
  for (const tag of tags) {
    const c = child(s, tag);
    if (c === undefined) continue;
    if (c.type !== 'BigInteger' && c.type !== 'LongInteger') throw new KmipError('Invalid_Message', `${s.tag}: ${tag} must be a BigInteger`);
    if (c.value < 0n) throw new KmipError('Invalid_Message', `${s.tag}: ${tag} must not be negative`);
    return c.value;
  }
  return undefined;
}

function byteField(s: TtlvStructure, tag: string): Uint8Array | undefined {
  const c = child(s, tag);
  if (c === undefined) return undefined;
  if (c.type !== 'ByteString') throw new KmipError('Invalid_Message', `${s.tag}: ${tag} must be a ByteString`);
  return c.value;
}

function readRsa(m: TtlvStructure, isPrivate: boolean): RsaMaterial {
  const out: Partial<Record<keyof RsaMaterial, bigint>> = {};
  for (const [key, tag, alt] of RSA_FIELDS) {
    const v = bigField(m, tag, alt);
    if (v !== undefined) out[key] = v;
  }
  const { n, e } = out;
  if (n === undefined) throw new KmipError('Invalid_Message', 'KeyMaterial: Modulus is required');
  if (isPrivate && out.d === undefined) throw new KmipError('Invalid_Message', 'KeyMaterial: PrivateExponent is required');
  if (e === undefined) {
    throw new KmipError('Invalid_Message', 'KeyMaterial: PublicExponent is required');
  }
  return { ...out, n, e };
}

function readCurve(m: TtlvStructure): RecommendedCurve {
  const curve = optEnum(m, 'RecommendedCurve', RECOMMENDED_CURVES);
  if (curve === undefined) throw new KmipError('Invalid_Message', 'KeyMaterial: RecommendedCurve is required');
  return curve;
}

function readMaterial(format: KeyFormatType, value: TtlvNode): KeyMaterial {
  if (value.type === 'ByteString') return { kind: 'bytes', bytes: value.value }; // the pre-4.11 bare form
  if (value.type !== 'Structure') throw new KmipError('Invalid_Message', 'KeyValue: KeyMaterial must be a Structure');
  switch (format) {
    case 'TransparentSymmetricKey': {
      const key = byteField(value, 'Key');
      if (key === undefined) throw new KmipError('Invalid_Message', 'KeyMaterial: Key is required for TransparentSymmetricKey');
      return { kind: 'symmetric', key };
    }
    case 'TransparentRSAPrivateKey':
      return { kind: 'rsa-private', rsa: readRsa(value, true) };
    case 'TransparentRSAPublicKey':
      return { kind: 'rsa-public', rsa: readRsa(value, false) };
    case 'TransparentECPrivateKey': {
      const d = bigField(value, 'D');
      if (d === undefined) throw new KmipError('Invalid_Message', 'KeyMaterial: D is required for TransparentECPrivateKey');
      return { kind: 'ec-private', curve: readCurve(value), d };
    }
    case 'TransparentECPublicKey': {
      const q = byteField(value, 'QString');
      if (q === undefined) throw new KmipError('Invalid_Message', 'KeyMaterial: QString is required for TransparentECPublicKey');
      return { kind: 'ec-public', curve: readCurve(value), q };
    }
    default: {
      const b = byteField(value, 'ByteString');
      if (b === undefined) throw new KmipError('Invalid_Message', `KeyMaterial: a ByteString is required for ${format}`);
      return { kind: 'bytes', bytes: b };
    }
  }
}

/** Reads a KeyValue structure (what TTLV-encoded key wrapping wraps) in the given format. */
export function decodeKeyValue(format: KeyFormatType, value: TtlvStructure): { material: KeyMaterial; attributes: TtlvStructure | undefined } {
  const m = child(value, 'KeyMaterial');
  if (m === undefined) throw new KmipError('Invalid_Message', 'KeyValue: KeyMaterial is required');
  return { material: readMaterial(format, m), attributes: optStruct(value, 'Attributes') };
}

/** Reads the KeyBlock of a key object (`Object`, a key object type, or the `KeyBlock` itself). */
export function decodeKeyBlock(objectNode: TtlvStructure): KeyBlock {
  const block = objectNode.tag === 'KeyBlock' ? objectNode : reqStruct(objectNode, 'KeyBlock');
  const keyFormatType = optEnum(block, 'KeyFormatType', KEY_FORMAT_TYPES);
  if (keyFormatType === undefined) throw new KmipError('Invalid_Message', 'KeyBlock: KeyFormatType is required');
  const wrappingNode = optStruct(block, 'KeyWrappingData');
  const wrapping = wrappingNode === undefined ? undefined : decodeKeyWrappingData(wrappingNode);
  const value = child(block, 'KeyValue');
  if (value === undefined) throw new KmipError('Invalid_Message', 'KeyBlock: KeyValue is required');
  let material: KeyMaterial;
  let attributes: TtlvStructure | undefined;
  if (wrapping !== undefined) {
    // A wrapped KeyValue is the wrapped bytes, bare or inside a KeyMaterial ByteString.
    const raw = value.type === 'ByteString' ? value.value : value.type === 'Structure' ? wrappedBytes(value) : undefined;
    if (raw === undefined) throw new KmipError('Invalid_Message', 'KeyBlock: a wrapped KeyValue must be a ByteString');
    material = { kind: 'wrapped', bytes: raw };
  } else {
    if (value.type !== 'Structure') throw new KmipError('Invalid_Message', 'KeyBlock: KeyValue must be a Structure unless the key is wrapped');
    ({ material, attributes } = decodeKeyValue(keyFormatType, value));
  }
  return {
    keyFormatType,
    material,
    cryptographicAlgorithm: optEnum(block, 'CryptographicAlgorithm', CRYPTOGRAPHIC_ALGORITHMS),
    cryptographicLength: optInt(block, 'CryptographicLength'),
    attributes,
    wrapping,
  };
}

function wrappedBytes(value: TtlvStructure): Uint8Array | undefined {
  const m = child(value, 'KeyMaterial');
  if (m?.type === 'ByteString') return m.value;
  if (m?.type === 'Structure') {
    const b = child(m, 'ByteString');
    if (b?.type === 'ByteString') return b.value;
  }
  return undefined;
}

function big(tag: string, v: bigint | undefined): TtlvNode | undefined {
  return v === undefined ? undefined : { tag, type: 'BigInteger', value: v };
}

/** The KeyMaterial structure for material in its format. */
export function encodeKeyMaterial(material: KeyMaterial): TtlvNode {
  switch (material.kind) {
    case 'bytes':
    case 'wrapped':
      return struct('KeyMaterial', [bytes('ByteString', material.bytes)]);
    case 'symmetric':
      return struct('KeyMaterial', [bytes('Key', material.key)]);
    case 'rsa-private':
    case 'rsa-public': {
      const r = material.rsa;
      return struct('KeyMaterial', [
        enumeration('KeyTypeSer', material.kind === 'rsa-private' ? 'RsaPrivate' : 'RsaPublic'),
        ...RSA_FIELDS.map(([key, tag]) => big(tag, r[key])),
      ]);
    }
    case 'ec-private':
      return struct('KeyMaterial', [enumeration('KeyTypeSer', 'EC'), enumeration('RecommendedCurve', material.curve), big('D', material.d)]);
    case 'ec-public':
      return struct('KeyMaterial', [enumeration('KeyTypeSer', 'EC'), enumeration('RecommendedCurve', material.curve), bytes('QString', material.q)]);
  }
}

/** The KeyBlock of a destroyed key: no material left, reported as Opaque. */
export function destroyedKeyBlock(algorithm: string | undefined, bits: number | undefined): TtlvStructure {
  return encodeKeyBlock({ keyFormatType: 'Opaque', material: { kind: 'bytes', bytes: new Uint8Array(0) }, cryptographicAlgorithm: algorithm, cryptographicLength: bits });
}

/** What a KeyBlock is built from. */
export interface KeyBlockParts {
  readonly keyFormatType: KeyFormatType;
  readonly material: KeyMaterial;
  readonly cryptographicAlgorithm?: string | undefined;
  readonly cryptographicLength?: number | undefined;
  readonly attributes?: readonly TtlvNode[] | undefined;
  readonly wrapping?: KeyWrappingData | undefined;
}

/** Builds a KeyBlock; a wrapped block's KeyValue is the wrapped ByteString (no embedded attributes). */
export function encodeKeyBlock(p: KeyBlockParts): TtlvStructure {
  const value: TtlvNode =
    p.material.kind === 'wrapped'
      ? bytes('KeyValue', p.material.bytes)
      : struct('KeyValue', [
          encodeKeyMaterial(p.material),
          p.attributes !== undefined && p.attributes.length > 0 ? struct('Attributes', p.attributes) : undefined,
        ]);
  return struct('KeyBlock', [
    enumeration('KeyFormatType', p.keyFormatType),
    value,
    p.cryptographicAlgorithm === undefined ? undefined : enumeration('CryptographicAlgorithm', p.cryptographicAlgorithm),
    p.cryptographicLength === undefined ? undefined : int('CryptographicLength', p.cryptographicLength),
    p.wrapping === undefined ? undefined : encodeKeyWrappingData(p.wrapping),
  ]);
}
