/**
 * Translates OpenSSL x509v3 extension config text (Cosmian's "x509-extension" attribute) into
 * DER certificate extensions, for the subset of keys a KMS-issued certificate needs.
 * @module
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier, BasicConstraints, CRLDistributionPoints, CertificatePolicies, DistributionPoint,
  DistributionPointName, ExtendedKeyUsage, GeneralName, IssueAlternativeName, KeyIdentifier, KeyUsage,
  KeyUsageFlags, PolicyInformation, SubjectAlternativeName, SubjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { X509Error, type CertificateExtension } from './x509-error.js';

/** The keys extension values are derived from (key identifiers). */
export interface ExtensionKeys {
  readonly subjectPublicKey: KeyObject;
  readonly issuerPublicKey: KeyObject;
  /** The issuer certificate's own subject key identifier, which an authority key identifier must repeat. */
  readonly issuerKeyIdentifier?: Uint8Array | undefined;
}

const OID = {
  basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', extendedKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14', authorityKeyIdentifier: '2.5.29.35', subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18', crlDistributionPoints: '2.5.29.31', certificatePolicies: '2.5.29.32',
  nsComment: '2.16.840.1.113730.1.13',
} as const;

type ConfigKey = keyof typeof OID;

const KEY_USAGE: ReadonlyMap<string, number> = new Map([
  ['digitalsignature', KeyUsageFlags.digitalSignature], ['nonrepudiation', KeyUsageFlags.nonRepudiation],
  ['keyencipherment', KeyUsageFlags.keyEncipherment], ['dataencipherment', KeyUsageFlags.dataEncipherment],
  ['keyagreement', KeyUsageFlags.keyAgreement], ['keycertsign', KeyUsageFlags.keyCertSign],
  ['crlsign', KeyUsageFlags.cRLSign], ['encipheronly', KeyUsageFlags.encipherOnly],
  ['decipheronly', KeyUsageFlags.decipherOnly],
]);

const EXT_KEY_USAGE: ReadonlyMap<string, string> = new Map([
  ['serverauth', '1.3.6.1.5.5.7.3.1'], ['clientauth', '1.3.6.1.5.5.7.3.2'], ['codesigning', '1.3.6.1.5.5.7.3.3'],
  ['emailprotection', '1.3.6.1.5.5.7.3.4'], ['timestamping', '1.3.6.1.5.5.7.3.8'],
  ['ocspsigning', '1.3.6.1.5.5.7.3.9'], ['anyextendedkeyusage', '2.5.29.37.0'],
]);

const DOTTED_OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;

/** A fixed-shape error: it names the config key, never the value the user wrote. */
function bad(key: string): X509Error {
  return new X509Error('X509_BAD_EXTENSIONS', `unsupported or invalid extension setting '${key}'`);
}

/** The DER value of a subjectKeyIdentifier extension holding `id`. */
export function subjectKeyIdentifierValue(id: Uint8Array): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(new SubjectKeyIdentifier(id)));
}

/** The DER value of an authorityKeyIdentifier extension holding the key identifier `id`. */
export function authorityKeyIdentifierValue(id: Uint8Array): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(id) })));
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 over the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(publicKey: KeyObject): Uint8Array {
  if (publicKey.type === 'secret') throw new X509Error('X509_UNSUPPORTED_KEY', 'a key identifier needs an asymmetric key');
  const pub = publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
  return new Uint8Array(createHash('sha1').update(subjectPublicKeyBits(pub.export({ type: 'spki', format: 'der' }))).digest());
}

/**
 * The key bits of a SubjectPublicKeyInfo node produced (SEQUENCE { AlgorithmIdentifier, BIT
 * STRING }), read by walking the three DER headers: a schema parse costs a hundred times more,
 * and every certificate issued needs two key identifiers.
 */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  const header = (at: number, tag: number): { start: number; end: number } => {
    if (spki[at] !== tag) throw new X509Error('X509_UNSUPPORTED_KEY', 'the public key has an unexpected encoding');
    const first = spki[at + 1] ?? 0;
    if (first < 0x80) return { start: at + 2, end: at + 2 + first };
    const count = first & 0x7f;
    let length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (spki[at + 2 + i] ?? 0);
    return { start: at + 2 + count, end: at + 2 + count + length };
  };
  const outer = header(0, 0x30);
  const algorithm = header(outer.start, 0x30);
  const bits = header(algorithm.end, 0x03);
  // The first content byte counts the unused bits, always 0 for a key.
  return spki.subarray(bits.start + 1, bits.end);
}

function isOid(text: string): boolean {
  if (!DOTTED_OID.test(text)) return false;
  const [first, second] = text.split('.').map(Number);
  return first === 2 || (second ?? 0) < 40;
}

/** Picks the lines of section v3_ca, else the first section, else the whole text. */
function sectionLines(text: string): string[] {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  const loose: string[] = [];
  let first: string[] | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    // '#' opens a comment at line start or after whitespace, so URI fragments survive.
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (line.length === 0) continue;
    const header = /^\[\s*([^\]\s]+)\s*\]$/.exec(line);
    if (header !== null) {
      const name = header[1] ?? '';
      current = sections.get(name) ?? [];
      sections.set(name, current);
      first ??= current;
      continue;
    }
    (current ?? loose).push(line);
  }
  return sections.get('v3_ca') ?? first ?? loose;
}

/** Splits a list value on commas and pulls out any `critical` item. */
function listItems(key: string, value: string): { critical: boolean; items: string[] } {
  const parts = value.split(',').map((p) => p.trim());
  const items = parts.filter((p) => p.toLowerCase() !== 'critical');
  if (items.length === 0 || items.some((p) => p.length === 0)) throw bad(key);
  return { critical: items.length !== parts.length, items };
}

function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map(Number);
}

/** The string form peculiar's IP converter reads back to the same octets. */
function ipText(text: string): string | undefined {
  const kind = isIP(text);
  if (kind === 4) return ipv4Bytes(text) === undefined ? undefined : text;
  if (kind !== 6 || text.includes('%')) return undefined;
  // An embedded dotted quad ("::ffff:1.2.3.4") becomes its two hex groups.
  const body = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
    `${(Number(a) * 256 + Number(b)).toString(16)}:${(Number(c) * 256 + Number(d)).toString(16)}`);
  const [left = '', right] = body.split('::');
  const toGroups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = toGroups(left);
  const rest = right === undefined ? [] : toGroups(right);
  const fill = 8 - head.length - rest.length;
  if (fill < 0 || (right === undefined && fill !== 0)) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...rest].map((g) => g.toString(16)).join(':');
}

function isIa5(text: string): boolean {
  return text.length > 0 && /^[\u0020-\u007e]*$/.test(text);
}

function generalName(key: string, item: string): GeneralName {
  const colon = item.indexOf(':');
  if (colon <= 0) throw bad(key);
  const kind = item.slice(0, colon).trim().toLowerCase();
  const value = item.slice(colon + 1).trim();
  switch (kind) {
    case 'dns':
      if (!isIa5(value) || value.includes(' ')) throw bad(key);
      return new GeneralName({ dNSName: value });
    case 'email':
      if (!isIa5(value) || !value.includes('@') || value.includes(' ')) throw bad(key);
      return new GeneralName({ rfc822Name: value });
    case 'uri':
      if (!isIa5(value) || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) throw bad(key);
      return new GeneralName({ uniformResourceIdentifier: value });
    case 'ip': {
      const ip = ipText(value);
      if (ip === undefined) throw bad(key);
      return new GeneralName({ iPAddress: ip });
    }
    case 'rid':
      if (!isOid(value)) throw bad(key);
      return new GeneralName({ registeredID: value });
    default:
      throw bad(key);
  }
}

function ia5StringDer(text: string): Uint8Array {
  const body = Buffer.from(text, 'latin1');
  const len = body.length;
  const header = len < 0x80 ? [0x16, len]
    : len < 0x100 ? [0x16, 0x81, len] : [0x16, 0x82, len >> 8, len & 0xff];
  return Uint8Array.from([...header, ...body]);
}

function parseBool(key: string, text: string): boolean {
  const t = text.toLowerCase();
  if (['true', 'yes', 'y'].includes(t)) return true;
  if (['false', 'no', 'n'].includes(t)) return false;
  throw bad(key);
}

function build(key: ConfigKey, value: string, keys: ExtensionKeys): { critical: boolean; der: ArrayBuffer | Uint8Array } | undefined {
  if (key === 'nsComment') {
    // A free-text value: only a leading "critical," is special.
    const m = /^critical\s*,\s*/i.exec(value);
    const text = m === null ? value : value.slice(m[0].length);
    if (!isIa5(text) || text.length > 0x1000) throw bad(key);
    return { critical: m !== null, der: ia5StringDer(text) };
  }
  const { critical, items } = listItems(key, value);
  switch (key) {
    case 'basicConstraints': {
      let ca: boolean | undefined;
      let pathLen: number | undefined;
      for (const item of items) {
        const [name = '', arg, extra] = item.split(':').map((s) => s.trim());
        if (arg === undefined || extra !== undefined) throw bad(key);
        if (name.toLowerCase() === 'ca' && ca === undefined) ca = parseBool(key, arg);
        else if (name.toLowerCase() === 'pathlen' && pathLen === undefined && /^(0|[1-9][0-9]{0,8})$/.test(arg)) pathLen = Number(arg);
        else throw bad(key);
      }
      if (pathLen !== undefined && ca !== true) throw bad(key);
      const bc = new BasicConstraints({ cA: ca ?? false });
      if (pathLen !== undefined) bc.pathLenConstraint = pathLen;
      return { critical, der: AsnConvert.serialize(bc) };
    }
    case 'keyUsage': {
      let flags = 0;
      for (const item of items) {
        const flag = KEY_USAGE.get(item.toLowerCase());
        if (flag === undefined) throw bad(key);
        flags |= flag;
      }
      return { critical, der: AsnConvert.serialize(new KeyUsage(flags)) };
    }
    case 'extendedKeyUsage': {
      const oids = items.map((item) => EXT_KEY_USAGE.get(item.toLowerCase()) ?? (isOid(item) ? item : undefined));
      if (oids.some((o) => o === undefined) || new Set(oids).size !== oids.length) throw bad(key);
      return { critical, der: AsnConvert.serialize(new ExtendedKeyUsage(oids as string[])) };
    }
    case 'subjectKeyIdentifier': {
      // RFC 5280 4.2.1.2: never critical.
      if (critical || items.length !== 1) throw bad(key);
      const mode = items[0]?.toLowerCase();
      if (mode === 'none') return undefined;
      if (mode !== 'hash') throw bad(key);
      return { critical, der: subjectKeyIdentifierValue(keyIdentifier(keys.subjectPublicKey)) };
    }
    case 'authorityKeyIdentifier': {
      // RFC 5280 4.2.1.1: never critical. The issuer name/serial form is accepted but not written.
      if (critical) throw bad(key);
      let keyid = false;
      for (const item of items) {
        const t = item.toLowerCase();
        if (t === 'keyid' || t === 'keyid:always') keyid = true;
        else if (t !== 'issuer' && t !== 'issuer:always') throw bad(key);
      }
      if (!keyid) throw bad(key);
      return { critical, der: authorityKeyIdentifierValue(keys.issuerKeyIdentifier ?? keyIdentifier(keys.issuerPublicKey)) };
    }
    case 'subjectAltName':
    case 'issuerAltName': {
      const names = items.map((item) => generalName(key, item));
      const ext = key === 'subjectAltName' ? new SubjectAlternativeName(names) : new IssueAlternativeName(names);
      return { critical, der: AsnConvert.serialize(ext) };
    }
    case 'crlDistributionPoints': {
      // One distribution point per URI, as OpenSSL writes them.
      const points = items.map((item) => {
        const name = generalName(key, item);
        if (name.uniformResourceIdentifier === undefined) throw bad(key);
        return new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [name] }) });
      });
      return { critical, der: AsnConvert.serialize(new CRLDistributionPoints(points)) };
    }
    case 'certificatePolicies': {
      const oids = items.map((item) => (item.toLowerCase() === 'anypolicy' ? '2.5.29.32.0' : item));
      if (oids.some((o) => !isOid(o)) || new Set(oids).size !== oids.length) throw bad(key);
      const policies = oids.map((oid) => new PolicyInformation({ policyIdentifier: oid }));
      return { critical, der: AsnConvert.serialize(new CertificatePolicies(policies)) };
    }
  }
}

function configKey(name: string): ConfigKey | undefined {
  return (Object.keys(OID) as ConfigKey[]).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** Parses OpenSSL x509v3 config text into extensions, one per line in line order. */
export function parseExtensionConfig(text: string, keys: ExtensionKeys): CertificateExtension[] {
  const seen = new Set<ConfigKey>();
  const out: CertificateExtension[] = [];
  for (const line of sectionLines(text)) {
    const eq = line.indexOf('=');
    const name = (eq < 0 ? line : line.slice(0, eq)).trim();
    const key = configKey(name);
    // Section references (@sect) and variables ($var) are not supported: refuse rather than guess.
    if (eq < 0 || key === undefined || seen.has(key)) throw bad(name.slice(0, 40));
    seen.add(key);
    // OpenSSL's config reader drops one pair of surrounding double quotes.
    const value = line.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
    if (value.length === 0) throw bad(key);
    const built = build(key, value, keys);
    if (built !== undefined) out.push({ oid: OID[key], critical: built.critical, value: new Uint8Array(built.der) });
  }
  return out;
}
