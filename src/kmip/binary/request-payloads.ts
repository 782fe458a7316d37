/**
 * Request payloads of KMIP 1.x and 2.0 reshaped into the KMIP 2.1 structures the operation
 * decoders read (the same ones the JSON path builds), so every version reaches the same handlers.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { enumeration, struct } from '../ttlv/build.js';
import { asStructure } from '../ttlv/read.js';
import { attributeFromV1, attributesFromV1, templateToAttributes } from './v1-attributes.js';
import { v1AttributeByName } from './v1-attribute-names.js';
import { levelOf, type ProtocolVersion } from './protocol-versions.js';
import { WIRE } from './wire-tags.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

// 1.x template fields and the Attributes structures 2.x puts in their place.
const TEMPLATES: Readonly<Record<string, string>> = {
  [WIRE.templateAttribute]: 'Attributes',
  [WIRE.commonTemplateAttribute]: 'CommonAttributes',
  [WIRE.privateKeyTemplateAttribute]: 'PrivateKeyAttributes',
  [WIRE.publicKeyTemplateAttribute]: 'PublicKeyAttributes',
};

/** A Key Value's 1.x Attribute items gathered into an Attributes structure, anywhere in an object. */
function objectFromV1(node: TtlvNode): TtlvNode {
  if (node.type !== 'Structure') return node;
  if (node.tag === 'KeyValue') {
    const attrs = node.value.filter((c) => c.tag === WIRE.attribute);
    if (attrs.length === 0) return node;
    return struct('KeyValue', [...node.value.filter((c) => c.tag !== WIRE.attribute), attributesFromV1('Attributes', attrs)]);
  }
  return { tag: node.tag, type: 'Structure', value: node.value.map(objectFromV1) };
}

/** Template-Attributes as Attributes structures; other fields (the object included) kept in order. */
function withTemplates(s: TtlvStructure): TtlvNode[] {
  return s.value.map((c) => {
    const target = TEMPLATES[c.tag];
    return target === undefined ? objectFromV1(c) : templateToAttributes(c, target);
  });
}

/** 1.x GetAttributes names each attribute by its spec name; 2.x by reference (the tag). */
function referencesFromNames(s: TtlvStructure): TtlvNode[] {
  return s.value.map((c) => {
    if (c.tag !== WIRE.attributeName) return c;
    if (c.type !== 'TextString') throw new KmipError('Invalid_Message', `${s.tag}: Attribute Name must be a TextString`);
    // A name the table does not know refers to no attribute the server keeps: it is sent as is and finds nothing.
    return enumeration('AttributeReference', v1AttributeByName(c.value)?.tag ?? c.value);
  });
}

/** 1.x Locate lists bare Attribute structures; 2.x gathers them in one Attributes structure. */
function locateFromV1(s: TtlvStructure): TtlvNode[] {
  const attrs = s.value.filter((c) => c.tag === WIRE.attribute);
  return [...s.value.filter((c) => c.tag !== WIRE.attribute), attributesFromV1('Attributes', attrs)];
}

/** 1.x Add/Modify Attribute carry one Attribute structure; 2.x a NewAttribute holding it under its tag. */
function newAttributeFromV1(s: TtlvStructure): TtlvNode[] {
  return s.value.map((c) => (c.tag === WIRE.attribute ? struct('NewAttribute', [attributeFromV1(c)]) : c));
}

/** 1.x Delete Attribute names the attribute (and an index); 2.x references it. */
function deleteFromV1(s: TtlvStructure): TtlvNode[] {
  return referencesFromNames(s).filter((c) => c.tag !== WIRE.attributeIndex);
}

function v1Children(operation: string, s: TtlvStructure): TtlvNode[] {
  switch (operation) {
    case 'GetAttributes':
      return referencesFromNames(s);
    case 'Locate':
      return locateFromV1(s);
    case 'AddAttribute':
    case 'ModifyAttribute':
      return newAttributeFromV1(s);
    case 'DeleteAttribute':
      return deleteFromV1(s);
    default:
      return withTemplates(s);
  }
}

/**
 * 2.x sends a vendor attribute as an Attribute structure (Vendor Identification, Attribute Name,
 * Attribute Value); the internal form (Cosmian's) calls it VendorAttributes.
 */
function vendorAttributesFrom2x(node: TtlvNode): TtlvNode {
  if (node.type !== 'Structure') return node;
  const tag = node.tag === WIRE.attribute && node.value.some((c) => c.tag === 'VendorIdentification') ? 'VendorAttributes' : node.tag;
  return { tag, type: 'Structure', value: node.value.map(vendorAttributesFrom2x) };
}

/**
 * The operation's internal request structure (root tag = operation name) from a batch item's
 * Request Payload sent in version `v`.
 */
export function toInternalRequest(operation: string, payload: TtlvNode, v: ProtocolVersion): TtlvStructure {
  const s = asStructure(payload, 'Request Payload');
  const children = levelOf(v) < 20 ? v1Children(operation, s) : s.value.map(vendorAttributesFrom2x);
  return { tag: operation, type: 'Structure', value: children };
}
