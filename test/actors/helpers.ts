/**
 * Request builders the shared helpers lack, and readers for actor responses.
 * @module
 */
import { bool, bytes, enumeration, int, list, long, struct, text } from '../../src/kmip/ttlv/build.js';
import { field, intField, structField } from '../helpers/kmip-requests.js';
export { batchRequest, enumField, intField, longField, type BatchEntry } from '../helpers/kmip-requests.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

/** Uppercase hex, as JSON TTLV writes ByteStrings. */
export function hexOf(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase();
}

/** A one-item vendor attribute list in Cosmian's nested form. */
export function vendorAttribute(vendor: string, name: string, value: Uint8Array): TtlvNode {
  return struct('VendorAttributes', [
    struct('VendorAttributes', [text('VendorIdentification', vendor), text('AttributeName', name), bytes('AttributeValue', value)]),
  ]);
}

/** Options of an Import whose KeyBlock is spelled out by the test. */
export interface RawImportOptions {
  readonly uid?: string;
  readonly objectType?: string;
  readonly keyFormatType: string;
  /** The KeyMaterial node itself (Structure or bare ByteString). */
  readonly material: TtlvNode;
  readonly algorithm?: string;
  /** CryptographicLength in the KeyBlock; omitted when undefined. */
  readonly blockLength?: number;
  /** The Import's Attributes; omitted when undefined. */
  readonly attributes?: readonly (TtlvNode | undefined)[];
  readonly replace?: boolean;
  /** Extra KeyBlock children (e.g. KeyWrappingData). */
  readonly blockExtras?: readonly TtlvNode[];
}

/** An Import request with full control over its KeyBlock, for the cases the shared builder cannot express. */
export function rawImportRequest(o: RawImportOptions): TtlvNode {
  return struct('Import', [
    text('UniqueIdentifier', o.uid ?? ''),
    enumeration('ObjectType', o.objectType ?? 'SymmetricKey'),
    o.replace === undefined ? undefined : bool('ReplaceExisting', o.replace),
    o.attributes === undefined ? undefined : struct('Attributes', o.attributes),
    struct('Object', [
      struct('KeyBlock', [
        enumeration('KeyFormatType', o.keyFormatType),
        struct('KeyValue', [o.material]),
        enumeration('CryptographicAlgorithm', o.algorithm ?? 'AES'),
        o.blockLength === undefined ? undefined : int('CryptographicLength', o.blockLength),
        ...(o.blockExtras ?? []),
      ]),
    ]),
  ]);
}

/** A Create request without CryptographicLength, to see the default. */
export function createWithoutLength(algorithm: string): TtlvNode {
  return struct('Create', [
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [enumeration('CryptographicAlgorithm', algorithm), enumeration('ObjectType', 'SymmetricKey')]),
  ]);
}

/** A Create request with the Attributes given verbatim. */
export function createWithAttributes(attributes: readonly (TtlvNode | undefined)[], objectType = 'SymmetricKey'): TtlvNode {
  return struct('Create', [enumeration('ObjectType', objectType), struct('Attributes', attributes)]);
}

/** A GetAttributes request naming one vendor attribute. */
export function getVendorAttributeRequest(uid: string, vendor: string, name: string): TtlvNode {
  return struct('GetAttributes', [
    text('UniqueIdentifier', uid),
    struct('AttributeReferences', [struct('AttributeReferences', [text('VendorIdentification', vendor), text('AttributeName', name)])]),
  ]);
}

/** A DeleteAttribute request naming attributes by reference instead of by value. */
export function deleteByReferenceRequest(uid: string, references: readonly string[]): TtlvNode {
  return struct('DeleteAttribute', [
    text('UniqueIdentifier', uid),
    list('AttributeReferences', references.map((r) => enumeration('AttributeReferences', r))),
  ]);
}

/** A Revoke with the reason as a bare Enumeration, the way Cosmian's client sends reason codes. */
export function revokeEnumRequest(uid: string, code: string, occurred?: bigint): TtlvNode {
  return struct('Revoke', [
    text('UniqueIdentifier', uid),
    enumeration('RevocationReason', code),
    occurred === undefined ? undefined : long('CompromiseOccurrenceDate', occurred),
  ]);
}


/** The tags of the children, in order. */
export function tagsIn(s: TtlvStructure): string[] {
  return s.value.map((c) => c.tag);
}

/** The KeyBlock of a Get or Export response. */
export function keyBlockOf(response: TtlvStructure): TtlvStructure {
  return structField(structField(response, 'Object'), 'KeyBlock');
}

/** The KeyMaterial node of a Get or Export response. */
export function keyMaterialOf(response: TtlvStructure): TtlvNode {
  return field(structField(keyBlockOf(response), 'KeyValue'), 'KeyMaterial');
}

/** The key bytes of a Get or Export response, whichever symmetric format it is in. */
export function rawKeyOf(response: TtlvStructure): Uint8Array {
  const material = keyMaterialOf(response);
  if (material.type !== 'Structure') throw new Error(`KeyMaterial is ${material.type}`);
  const [inner, ...rest] = material.value;
  if (inner?.type !== 'ByteString' || rest.length > 0) throw new Error('KeyMaterial must hold exactly one ByteString');
  return inner.value;
}

/** The user tags and system tags named by the `cosmian`/`tag` vendor attribute of an Attributes structure. */
export function tagsOfAttributes(attributes: TtlvStructure): string[] | undefined {
  const holder = attributes.value.find((a) => a.tag === 'VendorAttributes');
  if (holder?.type !== 'Structure') return undefined;
  for (const item of holder.value) {
    if (item.type !== 'Structure') continue;
    const get = (tag: string): TtlvNode | undefined => item.value.find((c) => c.tag === tag);
    const vendor = get('VendorIdentification');
    const name = get('AttributeName');
    const value = get('AttributeValue');
    if (vendor?.value === 'cosmian' && name?.value === 'tag' && value?.type === 'ByteString') {
      const parsed: unknown = JSON.parse(Buffer.from(value.value).toString('utf8'));
      if (!Array.isArray(parsed)) throw new Error('the tag attribute is not a JSON array');
      return parsed.map((t) => String(t));
    }
  }
  return undefined;
}

/** The vendor attributes of an Attributes structure as `vendor/name` → value bytes. */
export function vendorValues(attributes: TtlvStructure): Map<string, Uint8Array | undefined> {
  const out = new Map<string, Uint8Array | undefined>();
  const holder = attributes.value.find((a) => a.tag === 'VendorAttributes');
  if (holder?.type !== 'Structure') return out;
  for (const item of holder.value) {
    if (item.type !== 'Structure') continue;
    const textOf = (tag: string): string => {
      const c = item.value.find((n) => n.tag === tag);
      return c?.type === 'TextString' ? c.value : '';
    };
    const value = item.value.find((c) => c.tag === 'AttributeValue');
    out.set(`${textOf('VendorIdentification')}/${textOf('AttributeName')}`, value?.type === 'ByteString' ? value.value : undefined);
  }
  return out;
}

/** LocatedItems and the identifiers of a LocateResponse (undefined when the list is absent). */
export function locateResult(response: TtlvStructure): { located: number; ids: string[] | undefined } {
  const located = intField(response, 'LocatedItems');
  const list = response.value.find((c) => c.tag === 'UniqueIdentifier');
  if (list === undefined) return { located, ids: undefined };
  if (list.type !== 'Structure') throw new Error(`UniqueIdentifier is ${list.type}`);
  return {
    located,
    ids: list.value.map((c) => {
      if (c.type !== 'TextString' || c.tag !== 'UniqueIdentifier') throw new Error('bad UniqueIdentifier item');
      return c.value;
    }),
  };
}

/** A copy with one bit flipped at `index`. */
export function flipBit(b: Uint8Array, index = 0): Uint8Array {
  const out = Uint8Array.from(b);
  out[index] = (out[index] ?? 0) ^ 0x01;
  return out;
}
