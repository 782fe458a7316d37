/**
 * Response payloads reshaped from the internal KMIP 2.1 structures into what each version's
 * clients parse. Strict parsers (PyKMIP) reject any field they do not expect, so whatever a
 * version does not define is left out rather than sent along.
 * @module
 */
import { enumeration, struct, text } from '../ttlv/build.js';
import { child } from '../ttlv/read.js';
import { answerable, v1AttributeByTag } from './v1-attribute-names.js';
import { attributeToV1, attributesForLevel, attributesToV1, wireValue } from './v1-attributes.js';
import { WIRE } from './wire-tags.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

// Operations newer than 1.0, by the version that introduced them (Query lists only older ones).
const OPERATION_SINCE: Readonly<Record<string, number>> = {
  ReKeyKeyPair: 11, DiscoverVersions: 11,
  Encrypt: 12, Decrypt: 12, Sign: 12, SignatureVerify: 12, MAC: 12, MACVerify: 12, RNGRetrieve: 12, Hash: 12,
  Import: 14, Export: 14, SetAttribute: 20,
};

// Response fields newer than the operations carrying them.
const FIELD_SINCE: Readonly<Record<string, number>> = { CorrelationValue: 13, AuthenticatedEncryptionTag: 14, LocatedItems: 13 };

/** Cosmian's list form (a Structure whose items all carry its own tag) as plain repeated items. */
function flattenLists(node: TtlvNode): TtlvNode[] {
  if (node.type !== 'Structure') return [node];
  const children = node.value.flatMap(flattenLists);
  if (children.length > 0 && node.value.every((c) => c.tag === node.tag)) return children;
  return [{ tag: node.tag, type: 'Structure', value: children }];
}

/**
 * Cosmian's JSON-only spellings as the binary encodings have them: Key Material bytes inside a
 * `ByteString` wrapper become the Key Material ByteString itself, the `KeyTypeSer` marker of
 * transparent keys (no KMIP tag) goes, dates kept as millisecond LongIntegers are DateTimes, and
 * vendor attributes are the Attribute structures 2.x defines for them.
 */
function wireForms(node: TtlvNode): TtlvNode[] {
  if (node.tag === 'KeyTypeSer') return [];
  if (node.type !== 'Structure') return [wireValue(node)];
  const only = node.value.length === 1 ? node.value[0] : undefined;
  if (node.tag === 'KeyMaterial' && only?.tag === 'ByteString' && only.type === 'ByteString') return [{ ...only, tag: 'KeyMaterial' }];
  const tag = node.tag === 'VendorAttributes' ? WIRE.attribute : node.tag;
  return [{ tag, type: 'Structure', value: node.value.flatMap(wireForms) }];
}

/**
 * Below 2.1 a Key Value holds only its Key Material: 1.x/2.0 servers leave the optional attributes
 * out, PyKMIP reads none at 2.0, and GetAttributes serves them anyway.
 */
function keyValueFor(node: TtlvNode, level: number): TtlvNode {
  if (node.type !== 'Structure' || level >= 21) return node;
  if (node.tag !== 'KeyValue') return { tag: node.tag, type: 'Structure', value: node.value.map((c) => keyValueFor(c, level)) };
  return { tag: node.tag, type: 'Structure', value: node.value.filter((c) => c.tag !== 'Attributes') };
}

/** Get and Export: the object goes under its own tag (Symmetric Key, Private Key, ...). */
function objectUnderItsTag(children: readonly TtlvNode[], level: number): TtlvNode[] {
  const type = children.find((c) => c.tag === 'ObjectType');
  const name = type?.type === 'Enumeration' && typeof type.value === 'string' ? type.value : undefined;
  return children.map((c) => {
    if (c.tag !== 'Object' || c.type !== 'Structure' || name === undefined) return c;
    return keyValueFor({ tag: name, type: 'Structure', value: c.value }, level);
  });
}

function getAttributes(children: readonly TtlvNode[], level: number): TtlvNode[] {
  return children.flatMap((c) => {
    if (c.tag !== 'Attributes' || c.type !== 'Structure') return [c];
    return level < 20 ? attributesToV1(c.value, level) : [struct('Attributes', attributesForLevel(c.value, level))];
  });
}

function getAttributeList(children: readonly TtlvNode[], level: number): TtlvNode[] {
  return children.flatMap((c) => {
    if (c.tag !== 'AttributeReference') return [c];
    const tag = c.type === 'Enumeration' ? String(c.value) : undefined;
    if (tag === undefined || !answerable(tag, level)) return [];
    const entry = v1AttributeByTag(tag);
    if (entry === undefined) return [];
    return [level < 20 ? text(WIRE.attributeName, entry.name) : enumeration(WIRE.attributeReference, tag)];
  });
}

/** 1.x Add/Modify Attribute answer with the attribute as set. */
function echoAttribute(children: readonly TtlvNode[], request: TtlvStructure, level: number): TtlvNode[] {
  const holder = child(request, 'NewAttribute');
  const attr = holder?.type === 'Structure' ? holder.value[0] : undefined;
  const v1 = attr === undefined ? undefined : attributeToV1(attr, level);
  return v1 === undefined ? [...children] : [...children, v1];
}

function forLevel(operation: string, children: readonly TtlvNode[], level: number, request: TtlvStructure): TtlvNode[] {
  const kept = children.filter((c) => (FIELD_SINCE[c.tag] ?? 0) <= level);
  switch (operation) {
    case 'Get':
    case 'Export':
      return objectUnderItsTag(kept, level);
    case 'GetAttributes':
      return getAttributes(kept, level);
    case 'GetAttributeList':
      return getAttributeList(kept, level);
    case 'Query':
      return kept.filter((c) => c.tag !== 'Operation' || c.type !== 'Enumeration' || (OPERATION_SINCE[String(c.value)] ?? 10) <= level);
    case 'AddAttribute':
    case 'ModifyAttribute':
      return level < 20 ? echoAttribute(kept, request, level) : kept;
    default:
      return kept;
  }
}

/**
 * The Response Payload for a client speaking version `level` (major * 10 + minor), from the
 * handler's response structure and the internal request it answered.
 */
export function toVersionResponse(operation: string, payload: TtlvStructure, level: number, request: TtlvStructure): TtlvStructure {
  const flat = payload.value.flatMap(flattenLists).flatMap(wireForms);
  const children = level >= 21 ? objectUnderItsTag(flat, level) : forLevel(operation, flat, level, request);
  return { tag: WIRE.responsePayload, type: 'Structure', value: children };
}
