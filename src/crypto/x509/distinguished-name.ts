/**
 * X.501 distinguished names: DER encoding of a flat attribute list (one RDN per attribute), with
 * each value checked against its type's string kind and RFC 5280 length bound.
 * @module
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName,
} from '@peculiar/asn1-x509';
import { X509Error } from './x509-error.js';

/** The attribute types a name may carry. */
export type NameAttributeType =
  | 'CN' | 'O' | 'OU' | 'E' | 'C' | 'ST' | 'L' | 'UID' | 'serialNumber' | 'title' | 'DC' | 'dnQualifier';

/** One attribute of a name; it becomes its own RDN. */
export interface NameAttribute {
  readonly type: NameAttributeType;
  readonly value: string;
}

type StringKind = 'utf8' | 'printable' | 'ia5';

interface AttributeSpec { readonly oid: string; readonly kind: StringKind; readonly maxLength: number }

// Upper bounds from RFC 5280 appendix A (ub-*); UID, DC and dnQualifier have none there.
const SPECS: Readonly<Record<NameAttributeType, AttributeSpec>> = {
  CN: { oid: '2.5.4.3', kind: 'utf8', maxLength: 64 },
  O: { oid: '2.5.4.10', kind: 'utf8', maxLength: 64 },
  OU: { oid: '2.5.4.11', kind: 'utf8', maxLength: 64 },
  E: { oid: '1.2.840.113549.1.9.1', kind: 'ia5', maxLength: 255 },
  C: { oid: '2.5.4.6', kind: 'printable', maxLength: 2 },
  ST: { oid: '2.5.4.8', kind: 'utf8', maxLength: 128 },
  L: { oid: '2.5.4.7', kind: 'utf8', maxLength: 128 },
  UID: { oid: '0.9.2342.19200300.100.1.1', kind: 'utf8', maxLength: 256 },
  serialNumber: { oid: '2.5.4.5', kind: 'printable', maxLength: 64 },
  title: { oid: '2.5.4.12', kind: 'utf8', maxLength: 64 },
  DC: { oid: '0.9.2342.19200300.100.1.25', kind: 'ia5', maxLength: 256 },
  dnQualifier: { oid: '2.5.4.46', kind: 'printable', maxLength: 256 },
};

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
// Control characters are refused everywhere: they only serve to spoof names in displays.
const CONTROL = /[\u0000-\u001f\u007f]/;

function badName(message: string): X509Error {
  return new X509Error('X509_BAD_NAME', message);
}

function checkAttribute(attr: NameAttribute): AttributeSpec {
  const spec = SPECS[attr.type] as AttributeSpec | undefined;
  if (spec === undefined) throw badName('unknown name attribute type');
  const { value } = attr;
  if (value.length === 0) throw badName(`empty value for ${attr.type}`);
  if (CONTROL.test(value)) throw badName(`control character in ${attr.type}`);
  if (Array.from(value).length > spec.maxLength) throw badName(`${attr.type} is longer than ${spec.maxLength} characters`);
  if (attr.type === 'C' && !/^[A-Za-z]{2}$/.test(value)) throw badName('C must be a two-letter country code');
  if (spec.kind === 'printable' && !PRINTABLE.test(value)) throw badName(`${attr.type} must be a PrintableString`);
  if (spec.kind === 'ia5' && !/^[\u0000-\u007f]*$/.test(value)) throw badName(`${attr.type} must be ASCII`);
  return spec;
}

function attributeValue(kind: StringKind, value: string): AttributeValue {
  switch (kind) {
    case 'utf8': return new AttributeValue({ utf8String: value });
    case 'printable': return new AttributeValue({ printableString: value });
    case 'ia5': return new AttributeValue({ ia5String: value });
  }
}

/** DER X.501 Name with one RDN per attribute, in the given (most general first) order. */
export function encodeName(attrs: readonly NameAttribute[]): Uint8Array {
  if (attrs.length === 0) throw badName('a name needs at least one attribute');
  const rdns = attrs.map((attr) => {
    const spec = checkAttribute(attr);
    return new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: spec.oid, value: attributeValue(spec.kind, attr.value) }),
    ]);
  });
  return new Uint8Array(AsnConvert.serialize(new Name(rdns)));
}
