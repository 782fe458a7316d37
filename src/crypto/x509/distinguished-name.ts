/**
 * X.501 distinguished names: DER encoding of a flat attribute list (one RDN per attribute) and
 * parsing of the two text forms users type, RFC 4514 ("CN=a,O=b") and OpenSSL's ("/O=b/CN=a").
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

// Text keys, lower-cased, as OpenSSL and RFC 4514 spell them.
const KEYS: ReadonlyMap<string, NameAttributeType> = new Map<string, NameAttributeType>([
  ['cn', 'CN'], ['commonname', 'CN'],
  ['o', 'O'], ['organizationname', 'O'],
  ['ou', 'OU'], ['organizationalunitname', 'OU'],
  ['e', 'E'], ['email', 'E'], ['emailaddress', 'E'],
  ['c', 'C'], ['countryname', 'C'],
  ['st', 'ST'], ['s', 'ST'], ['stateorprovincename', 'ST'],
  ['l', 'L'], ['localityname', 'L'],
  ['uid', 'UID'], ['userid', 'UID'],
  ['serialnumber', 'serialNumber'],
  ['title', 'title'],
  ['dc', 'DC'], ['domaincomponent', 'DC'],
  ['dnqualifier', 'dnQualifier'],
]);

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

function attributeType(rawKey: string): NameAttributeType {
  const key = rawKey.trim();
  const type = KEYS.get(key.toLowerCase());
  if (type === undefined) {
    throw badName(key.length === 0 ? 'missing attribute name' : `unknown name attribute '${key.slice(0, 40)}'`);
  }
  return type;
}

/** One decoded character run; escaped runs are kept verbatim when trimming spaces. */
interface Piece { readonly text: string; readonly escaped: boolean }

const SPECIAL_4514 = new Set([',', '+', '"', '\\', '<', '>', ';', '=', ' ', '#']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Splits on unescaped `separator`; backslash pairs are left for the value decoder. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\') {
      if (i + 1 >= text.length) throw badName('dangling escape in name');
      current += ch + text.charAt(i + 1);
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** RFC 4514 value: `\special`, `\XX` hex (UTF-8 bytes); unescaped '+' (multi-valued RDN) is refused. */
function decode4514Value(raw: string, type: NameAttributeType): string {
  if (raw.trimStart().startsWith('#')) throw badName(`hex-encoded value for ${type} is not supported`);
  const pieces: Piece[] = [];
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    try {
      pieces.push({ text: utf8.decode(Uint8Array.from(bytes)), escaped: true });
    } catch {
      throw badName(`bad UTF-8 escape in ${type}`);
    }
    bytes = [];
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (ch === '\\') {
      const hex = raw.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
      const next = raw.charAt(i + 1);
      if (!SPECIAL_4514.has(next)) throw badName(`bad escape in ${type}`);
      flush();
      pieces.push({ text: next, escaped: true });
      i++;
      continue;
    }
    flush();
    if (ch === '+') throw badName('multi-valued RDNs are not supported');
    pieces.push({ text: ch, escaped: false });
  }
  flush();
  while (pieces.length > 0 && pieces[0]?.escaped === false && pieces[0].text === ' ') pieces.shift();
  while (pieces.length > 0 && pieces.at(-1)?.escaped === false && pieces.at(-1)?.text === ' ') pieces.pop();
  return pieces.map((p) => p.text).join('');
}

/** OpenSSL -subj value: a backslash makes the next character literal; no trimming. */
function decodeOpenSslValue(raw: string): string {
  return raw.replace(/\\(.)/gsu, '$1');
}

function splitKeyValue(component: string): [string, string] {
  const eq = component.indexOf('=');
  if (eq < 0) throw badName('name component without "="');
  return [component.slice(0, eq), component.slice(eq + 1)];
}

/**
 * Parses "CN=a,O=b" (RFC 4514, most specific first; returned reversed into DER order) or
 * "/C=US/O=b/CN=a" (OpenSSL, already most general first). Keys are case-insensitive.
 */
export function parseNameText(text: string): NameAttribute[] {
  // Only leading space is dropped here: a trailing one may belong to an escape.
  const trimmed = text.trimStart();
  if (trimmed.trim().length === 0) throw badName('empty name');
  let attrs: NameAttribute[];
  if (trimmed.startsWith('/')) {
    const components = splitUnescaped(trimmed.slice(1), '/');
    // A trailing slash leaves one empty component, which OpenSSL ignores too.
    if (components.length > 1 && components.at(-1) === '') components.pop();
    attrs = components.map((component) => {
      const [key, raw] = splitKeyValue(component);
      return { type: attributeType(key), value: decodeOpenSslValue(raw) };
    });
  } else {
    attrs = splitUnescaped(trimmed, ',').map((component) => {
      const [key, raw] = splitKeyValue(component);
      const type = attributeType(key);
      return { type, value: decode4514Value(raw, type) };
    }).reverse();
  }
  for (const attr of attrs) checkAttribute(attr);
  return attrs;
}
