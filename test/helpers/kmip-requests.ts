/**
 * Builders for KMIP 2.1 JSON TTLV requests, shared by the actor and HTTP tests.
 * @module
 */
import { bool, bytes, enumeration, int, list, long, struct, text } from '../../src/kmip/ttlv/build.js';
import { encodeJsonTtlv, parseJsonTtlv } from '../../src/kmip/ttlv/json.js';
import type { TtlvNode, TtlvNodeOf, TtlvStructure, TtlvType } from '../../src/kmip/ttlv/node.js';

/** The `cosmian`/`tag` vendor attribute list for tags. */
export function tagAttribute(tags: readonly string[]): TtlvNode {
  return struct('VendorAttributes', [
    struct('VendorAttributes', [
      text('VendorIdentification', 'cosmian'),
      text('AttributeName', 'tag'),
      bytes('AttributeValue', Buffer.from(JSON.stringify(tags), 'utf8')),
    ]),
  ]);
}

/** Options of a symmetric Create. */
export interface CreateOptions {
  readonly algorithm?: string;
  readonly length?: number;
  readonly tags?: readonly string[];
  readonly uid?: string;
  readonly usageMask?: number;
  readonly keyFormatType?: string;
}

/** A Create request for a symmetric key (AES-256 by default). */
export function createRequest(o: CreateOptions = {}): TtlvNode {
  return struct('Create', [
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [
      enumeration('CryptographicAlgorithm', o.algorithm ?? 'AES'),
      int('CryptographicLength', o.length ?? 256),
      o.usageMask === undefined ? undefined : int('CryptographicUsageMask', o.usageMask),
      enumeration('KeyFormatType', o.keyFormatType ?? 'TransparentSymmetricKey'),
      enumeration('ObjectType', 'SymmetricKey'),
      o.uid === undefined ? undefined : text('UniqueIdentifier', o.uid),
      o.tags === undefined ? undefined : tagAttribute(o.tags),
    ]),
  ]);
}

/** An Import request for a symmetric key. */
export function importRequest(o: { uid?: string; key: Uint8Array; format?: 'Raw' | 'TransparentSymmetricKey' | 'bare'; algorithm?: string; tags?: readonly string[]; replace?: boolean }): TtlvNode {
  const format = o.format ?? 'Raw';
  const material =
    format === 'bare'
      ? bytes('KeyMaterial', o.key)
      : struct('KeyMaterial', [bytes(format === 'Raw' ? 'ByteString' : 'Key', o.key)]);
  return struct('Import', [
    text('UniqueIdentifier', o.uid ?? ''),
    enumeration('ObjectType', 'SymmetricKey'),
    o.replace === undefined ? undefined : bool('ReplaceExisting', o.replace),
    struct('Attributes', [
      enumeration('CryptographicAlgorithm', o.algorithm ?? 'AES'),
      int('CryptographicLength', o.key.length * 8),
      o.tags === undefined ? undefined : tagAttribute(o.tags),
    ]),
    struct('Object', [
      struct('KeyBlock', [
        enumeration('KeyFormatType', format === 'bare' ? 'Raw' : format),
        struct('KeyValue', [material]),
        enumeration('CryptographicAlgorithm', o.algorithm ?? 'AES'),
        int('CryptographicLength', o.key.length * 8),
      ]),
    ]),
  ]);
}

/** A Get request; `format` asks for a KeyFormatType. */
export function getRequest(uid: string, format?: string): TtlvNode {
  return struct('Get', [text('UniqueIdentifier', uid), format === undefined ? undefined : enumeration('KeyFormatType', format)]);
}

/** An Export request. */
export function exportRequest(uid: string, format?: string): TtlvNode {
  return struct('Export', [text('UniqueIdentifier', uid), format === undefined ? undefined : enumeration('KeyFormatType', format)]);
}

/** Optional Encrypt/Decrypt fields. */
export interface CipherOptions {
  readonly nonce?: Uint8Array;
  readonly aad?: Uint8Array;
  readonly algorithm?: string;
  readonly mode?: string;
}

function parameters(o: CipherOptions): TtlvNode | undefined {
  if (o.algorithm === undefined && o.mode === undefined) return undefined;
  return struct('CryptographicParameters', [
    o.mode === undefined ? undefined : enumeration('BlockCipherMode', o.mode),
    o.algorithm === undefined ? undefined : enumeration('CryptographicAlgorithm', o.algorithm),
  ]);
}

/** An Encrypt request. */
export function encryptRequest(uid: string, data: Uint8Array, o: CipherOptions = {}): TtlvNode {
  return struct('Encrypt', [
    text('UniqueIdentifier', uid),
    parameters(o),
    bytes('Data', data),
    o.nonce === undefined ? undefined : bytes('IvCounterNonce', o.nonce),
    o.aad === undefined ? undefined : bytes('AuthenticatedEncryptionAdditionalData', o.aad),
  ]);
}

/** A Decrypt request. */
export function decryptRequest(uid: string, data: Uint8Array, nonce: Uint8Array | undefined, tag: Uint8Array | undefined, o: CipherOptions = {}): TtlvNode {
  return struct('Decrypt', [
    text('UniqueIdentifier', uid),
    parameters(o),
    bytes('Data', data),
    nonce === undefined ? undefined : bytes('IvCounterNonce', nonce),
    o.aad === undefined ? undefined : bytes('AuthenticatedEncryptionAdditionalData', o.aad),
    tag === undefined ? undefined : bytes('AuthenticatedEncryptionTag', tag),
  ]);
}

/** A Locate request. */
export function locateRequest(o: { tags?: readonly string[]; algorithm?: string; length?: number; objectType?: string; keyFormatType?: string; max?: number; offset?: number } = {}): TtlvNode {
  return struct('Locate', [
    o.max === undefined ? undefined : int('MaximumItems', o.max),
    o.offset === undefined ? undefined : int('OffsetItems', o.offset),
    struct('Attributes', [
      o.algorithm === undefined ? undefined : enumeration('CryptographicAlgorithm', o.algorithm),
      o.length === undefined ? undefined : int('CryptographicLength', o.length),
      o.keyFormatType === undefined ? undefined : enumeration('KeyFormatType', o.keyFormatType),
      o.objectType === undefined ? undefined : enumeration('ObjectType', o.objectType),
      o.tags === undefined ? undefined : tagAttribute(o.tags),
    ]),
  ]);
}

/** A GetAttributes request; references name attributes by tag. */
export function getAttributesRequest(uid: string, references: readonly string[] = []): TtlvNode {
  return struct('GetAttributes', [
    text('UniqueIdentifier', uid),
    list('AttributeReferences', references.map((r) => enumeration('AttributeReferences', r))),
  ]);
}

/** A SetAttribute request. */
export function setAttributeRequest(uid: string, attribute: TtlvNode): TtlvNode {
  return struct('SetAttribute', [text('UniqueIdentifier', uid), struct('NewAttribute', [attribute])]);
}

/** A DeleteAttribute request naming the attribute to delete. */
export function deleteAttributeRequest(uid: string, current: TtlvNode): TtlvNode {
  return struct('DeleteAttribute', [text('UniqueIdentifier', uid), struct('CurrentAttribute', [current])]);
}

/** A Revoke request: free text (plain deactivation) or a reason code. */
export function revokeRequest(uid: string, reason: string | { code: string; occurred?: bigint } = 'retired'): TtlvNode {
  if (typeof reason === 'string') return struct('Revoke', [text('UniqueIdentifier', uid), text('RevocationReason', reason)]);
  return struct('Revoke', [
    text('UniqueIdentifier', uid),
    struct('RevocationReason', [enumeration('RevocationReasonCode', reason.code)]),
    reason.occurred === undefined ? undefined : long('CompromiseOccurrenceDate', reason.occurred),
  ]);
}

/** A Destroy request. */
export function destroyRequest(uid: string): TtlvNode {
  return struct('Destroy', [text('UniqueIdentifier', uid)]);
}

/** One item of a Message batch. */
export interface BatchEntry {
  /** The operation request; its root tag names the Operation unless `operation` overrides it. */
  readonly request: TtlvNode;
  readonly operation?: string;
  readonly batchItemId?: Uint8Array;
}

/** A Message batch with optional UniqueBatchItemIds and overridden operation names. */
export function batchRequest(entries: readonly BatchEntry[], batchCount = entries.length): TtlvNode {
  return struct('Message', [
    struct('Header', [
      struct('ProtocolVersion', [int('ProtocolVersionMajor', 2), int('ProtocolVersionMinor', 1)]),
      int('BatchCount', batchCount),
    ]),
    list(
      'Items',
      entries.map((e) =>
        struct('Items', [
          enumeration('Operation', e.operation ?? e.request.tag),
          e.batchItemId === undefined ? undefined : bytes('UniqueBatchItemId', e.batchItemId),
          struct('RequestPayload', e.request.type === 'Structure' ? e.request.value : []),
        ]),
      ),
    ),
  ]);
}

/** A Message batch of operations (BatchCount may be overridden to test its check). */
export function messageRequest(items: readonly TtlvNode[], batchCount = items.length): TtlvNode {
  return batchRequest(items.map((request) => ({ request })), batchCount);
}

/** JSON TTLV text of a node. */
export function toJson(node: TtlvNode): string {
  return encodeJsonTtlv(node);
}

/** Parses a response body into a Structure. */
export function parseResponse(body: string | Uint8Array): TtlvStructure {
  const node = parseJsonTtlv(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  if (node.type !== 'Structure') throw new Error(`expected a Structure, got ${node.type}`);
  return node;
}

/** The first child with the tag, or an error naming what was missing. */
export function field(s: TtlvStructure, tag: string): TtlvNode {
  const c = s.value.find((n) => n.tag === tag);
  if (c === undefined) throw new Error(`${s.tag} has no ${tag}`);
  return c;
}

/** The first child with the tag, checked to be of the given type. */
export function typedField<T extends TtlvType>(s: TtlvStructure, tag: string, type: T): TtlvNodeOf<T> {
  const c = field(s, tag);
  if (c.type !== type) throw new Error(`${tag} is ${c.type}, not ${type}`);
  return c as TtlvNodeOf<T>;
}

/** A TextString child's value. */
export const textField = (s: TtlvStructure, tag: string): string => typedField(s, tag, 'TextString').value;
/** A ByteString child's value. */
export const bytesField = (s: TtlvStructure, tag: string): Uint8Array => typedField(s, tag, 'ByteString').value;
/** An Integer child's value. */
export const intField = (s: TtlvStructure, tag: string): number => typedField(s, tag, 'Integer').value;
/** A LongInteger child's value. */
export const longField = (s: TtlvStructure, tag: string): bigint => typedField(s, tag, 'LongInteger').value;
/** A Structure child. */
export const structField = (s: TtlvStructure, tag: string): TtlvStructure => typedField(s, tag, 'Structure');

/** An Enumeration child's name. */
export function enumField(s: TtlvStructure, tag: string): string {
  const v = typedField(s, tag, 'Enumeration').value;
  if (typeof v !== 'string') throw new Error(`${tag} is not a named Enumeration`);
  return v;
}
