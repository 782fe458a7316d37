/**
 * Helpers for the asymmetric-key and key-wrapping actor tests: CreateKeyPair and Get/Export
 * requests, readers for the key material of a response, and openssl run over files in a scratch
 * directory.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bool, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { field, structField, textField } from '../helpers/kmip-requests.js';
import { keyBlockOf, keyMaterialOf } from './helpers.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';
import type { ActorFixture } from './actor-fixture.js';

/** What a CreateKeyPair asks for; extra attributes go verbatim into each section. */
export interface PairOptions {
  readonly algorithm?: string;
  readonly length?: number;
  readonly curve?: string;
  readonly common?: readonly TtlvNode[];
  readonly privateAttributes?: readonly TtlvNode[];
  readonly publicAttributes?: readonly TtlvNode[];
}

/** A CreateKeyPair request in Cosmian's wire form. */
export function createKeyPairRequest(o: PairOptions): TtlvNode {
  return struct('CreateKeyPair', [
    struct('CommonAttributes', [
      o.algorithm === undefined ? undefined : enumeration('CryptographicAlgorithm', o.algorithm),
      o.length === undefined ? undefined : int('CryptographicLength', o.length),
      o.curve === undefined ? undefined : struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', o.curve)]),
      ...(o.common ?? []),
    ]),
    o.privateAttributes === undefined ? undefined : struct('PrivateKeyAttributes', o.privateAttributes),
    o.publicAttributes === undefined ? undefined : struct('PublicKeyAttributes', o.publicAttributes),
  ]);
}

/** The identifiers of a key pair. */
export interface PairIds {
  readonly priv: string;
  readonly pub: string;
}

/** Creates a key pair and returns both identifiers. */
export async function createPair(fx: ActorFixture, o: PairOptions): Promise<PairIds> {
  const res = await fx.callAsync(createKeyPairRequest(o));
  return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
}

/** The usage mask of a key that only wraps and unwraps: WrapKey | UnwrapKey. */
export const WRAP_ONLY_MASK = 0x10 | 0x20;

/**
 * Creates a trusted wrapping key: an AES-256 key generated Sensitive and not Extractable (so
 * AlwaysSensitive and NeverExtractable), able only to wrap and unwrap; returns its identifier.
 */
export function createTrustedKek(fx: ActorFixture, uid?: string, user?: string, mask = WRAP_ONLY_MASK): string {
  const request = struct('Create', [
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [
      enumeration('CryptographicAlgorithm', 'AES'),
      int('CryptographicLength', 256),
      int('CryptographicUsageMask', mask),
      bool('Sensitive', true),
      bool('Extractable', false),
      uid === undefined ? undefined : text('UniqueIdentifier', uid),
    ]),
  ]);
  return textField(user === undefined ? fx.call(request) : fx.call(request, user), 'UniqueIdentifier');
}

/** Get or Export. */
export type Fetch = 'Get' | 'Export';

/** A Get or Export request, optionally with a KeyFormatType and a KeyWrappingSpecification. */
export function fetchRequest(op: Fetch, uid: string, format?: string, wrapping?: TtlvNode): TtlvNode {
  return struct(op, [text('UniqueIdentifier', uid), format === undefined ? undefined : enumeration('KeyFormatType', format), wrapping]);
}

/** Options of a KeyWrappingSpecification. */
export interface WrapOptions {
  readonly mode?: string;
  readonly algorithm?: string;
  readonly padding?: string;
  readonly hash?: string;
  readonly encoding?: 'NoEncoding' | 'TTLVEncoding';
}

/** A KeyWrappingSpecification naming the wrapping key and, optionally, its parameters and encoding. */
export function wrappingSpec(kek: string, o: WrapOptions = {}): TtlvNode {
  const params = [
    o.mode === undefined ? undefined : enumeration('BlockCipherMode', o.mode),
    o.padding === undefined ? undefined : enumeration('PaddingMethod', o.padding),
    o.hash === undefined ? undefined : enumeration('HashingAlgorithm', o.hash),
    o.algorithm === undefined ? undefined : enumeration('CryptographicAlgorithm', o.algorithm),
  ].filter((n) => n !== undefined);
  return struct('KeyWrappingSpecification', [
    enumeration('WrappingMethod', 'Encrypt'),
    struct('EncryptionKeyInformation', [text('UniqueIdentifier', kek), params.length === 0 ? undefined : struct('CryptographicParameters', params)]),
    o.encoding === undefined ? undefined : enumeration('EncodingOption', o.encoding),
  ]);
}

/** The KeyMaterial Structure of a response. */
export function materialStruct(res: TtlvStructure): TtlvStructure {
  const m = keyMaterialOf(res);
  if (m.type !== 'Structure') throw new Error(`KeyMaterial is ${m.type}`);
  return m;
}

/** A BigInteger child's value. */
export function bigField(s: TtlvStructure, tag: string): bigint {
  const c = field(s, tag);
  if (c.type !== 'BigInteger') throw new Error(`${tag} is ${c.type}, not BigInteger`);
  return c.value;
}

/** The bytes of a wrapped KeyValue (a bare ByteString). */
export function wrappedBytesOf(res: TtlvStructure): Uint8Array {
  const v = field(keyBlockOf(res), 'KeyValue');
  if (v.type !== 'ByteString') throw new Error(`a wrapped KeyValue is ${v.type}, not ByteString`);
  return v.value;
}

/** The Object of a response. */
export const objectOf = (res: TtlvStructure): TtlvStructure => structField(res, 'Object');

/** A base64url JWK member as a big-endian integer. */
export function jwkBig(v: string | undefined): bigint {
  if (v === undefined) throw new Error('missing JWK member');
  return BigInt(`0x${Buffer.from(v, 'base64url').toString('hex') || '0'}`);
}

/** A base64url JWK member as bytes. */
export function jwkBytes(v: string | undefined): Buffer {
  if (v === undefined) throw new Error('missing JWK member');
  return Buffer.from(v, 'base64url');
}

/** A public key's SubjectPublicKeyInfo DER, the form public parts are compared in. */
export function spkiOf(k: KeyObject): Buffer {
  return (k.type === 'private' ? createPublicKey(k) : k).export({ format: 'der', type: 'spki' });
}

/** Node's reading of a private key DER. */
export function privateDer(der: Uint8Array, type: 'pkcs1' | 'pkcs8' | 'sec1'): KeyObject {
  return createPrivateKey({ key: Buffer.from(der), format: 'der', type });
}

/** Node's reading of a public key DER. */
export function publicDer(der: Uint8Array, type: 'pkcs1' | 'spki'): KeyObject {
  return createPublicKey({ key: Buffer.from(der), format: 'der', type });
}

/** A scratch directory for openssl's input and output files; `close` removes it. */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'kms-keys-'));
  #n = 0;

  /** Writes bytes to a new file and returns its path. */
  file(content: Uint8Array | string): string {
    const p = join(this.dir, `f${String(this.#n++)}`);
    writeFileSync(p, content);
    return p;
  }

  /** Runs openssl and returns its standard output; a non-zero exit throws. */
  openssl(args: readonly string[], input?: Uint8Array): Buffer {
    return execFileSync('openssl', args, { input: input === undefined ? undefined : Buffer.from(input), stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /** Runs openssl on bytes given as its `-in` file. */
  opensslIn(args: readonly string[], input: Uint8Array): Buffer {
    return this.openssl([...args, '-in', this.file(input)]);
  }

  /** Removes the directory. */
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
