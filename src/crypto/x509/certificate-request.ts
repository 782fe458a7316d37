/**
 * Reads a PKCS#10 certificate request (PEM or DER), checks its self-signature with node:crypto and
 * returns the subject, public key and requested extensions.
 * @module
 */
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest, type Attributes } from '@peculiar/asn1-csr';
import { AlgorithmIdentifier, Extensions } from '@peculiar/asn1-x509';
import { X509Error, type CertificateExtension } from './x509-error.js';

/** What a verified request asks for. */
export interface CertificateRequestContent {
  /** DER Name, exactly as in the request. */
  readonly subject: Uint8Array;
  readonly publicKey: KeyObject;
  /** From the pkcs-9 extensionRequest attribute, in order. */
  readonly extensions: CertificateExtension[];
}

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const RSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';

const HASH_OIDS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.4': 'sha224', '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithm OID -> [key type, hash] (null hash: the key type's own, e.g. EdDSA). */
const SIGNATURE_OIDS: Readonly<Record<string, readonly [string, string | null]>> = {
  '1.2.840.113549.1.1.5': ['rsa', 'sha1'], '1.2.840.113549.1.1.14': ['rsa', 'sha224'],
  '1.2.840.113549.1.1.11': ['rsa', 'sha256'], '1.2.840.113549.1.1.12': ['rsa', 'sha384'],
  '1.2.840.113549.1.1.13': ['rsa', 'sha512'],
  '1.2.840.10045.4.1': ['ec', 'sha1'], '1.2.840.10045.4.3.1': ['ec', 'sha224'],
  '1.2.840.10045.4.3.2': ['ec', 'sha256'], '1.2.840.10045.4.3.3': ['ec', 'sha384'],
  '1.2.840.10045.4.3.4': ['ec', 'sha512'],
  '1.3.101.112': ['ed25519', null], '1.3.101.113': ['ed448', null],
};

function badRequest(message: string): X509Error {
  return new X509Error('X509_BAD_REQUEST', message);
}

interface Tlv { readonly tag: number; readonly start: number; readonly contentStart: number; readonly end: number }

/** One definite-length DER TLV at `offset` (single-byte tags only, as PKCS#10 needs). */
function readTlv(bytes: Uint8Array, offset: number): Tlv {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) throw new RangeError('tlv');
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('tlv');
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[contentStart + i];
      if (b === undefined) throw new RangeError('tlv');
      length = length * 256 + b;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > bytes.length) throw new RangeError('tlv');
  return { tag, start: offset, contentStart, end };
}

/** The children of a constructed TLV. */
function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(bytes, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

const slice = (bytes: Uint8Array, tlv: Tlv): Uint8Array => bytes.slice(tlv.start, tlv.end);

function pemBody(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const m = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]*)-----END (NEW )?CERTIFICATE REQUEST-----/.exec(text);
  if (m === null || m[1] !== m[3]) throw badRequest('the certificate request is not PEM');
  const b64 = (m[2] ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw badRequest('the certificate request is not PEM');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** RSASSA-PSS-params: [0] hash, [1] MGF1(hash), [2] salt length; defaults SHA-1 / 20 (RFC 4055). */
function pssParameters(params: ArrayBuffer | null | undefined): { hash: string; saltLength: number } {
  if (params === null || params === undefined) throw new RangeError('pss');
  const bytes = new Uint8Array(params);
  let hash = 'sha1';
  let mgfHash = 'sha1';
  let saltLength = 20;
  for (const field of children(bytes, readTlv(bytes, 0))) {
    const inner = bytes.slice(field.contentStart, field.end);
    if (field.tag === 0xa0) {
      hash = HASH_OIDS[AsnConvert.parse(inner, AlgorithmIdentifier).algorithm] ?? '';
    } else if (field.tag === 0xa1) {
      const mgf = AsnConvert.parse(inner, AlgorithmIdentifier);
      if (mgf.algorithm !== MGF1 || !mgf.parameters) throw new RangeError('pss');
      mgfHash = HASH_OIDS[AsnConvert.parse(mgf.parameters, AlgorithmIdentifier).algorithm] ?? '';
    } else if (field.tag === 0xa2) {
      const int = readTlv(inner, 0);
      if (int.tag !== 0x02 || int.end - int.contentStart > 2) throw new RangeError('pss');
      saltLength = inner.slice(int.contentStart, int.end).reduce((n, b) => n * 256 + b, 0);
    } else if (field.tag !== 0xa3) {
      throw new RangeError('pss');
    }
  }
  // node's PSS uses the message hash for MGF1 too.
  if (hash === '' || hash !== mgfHash) throw new RangeError('pss');
  return { hash, saltLength };
}

function checkSignature(algorithm: AlgorithmIdentifier, key: KeyObject, tbs: Uint8Array, signature: Uint8Array): boolean {
  if (algorithm.algorithm === RSA_PSS) {
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return false;
    const { hash, saltLength } = pssParameters(algorithm.parameters);
    return verify(hash, tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
  }
  const entry = SIGNATURE_OIDS[algorithm.algorithm];
  if (entry === undefined || entry[0] !== key.asymmetricKeyType) return false;
  const [, hash] = entry;
  if (entry[0] === 'rsa') return verify(hash, tbs, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  return verify(hash, tbs, { key, dsaEncoding: 'der' }, signature);
}

function requestedExtensions(request: CertificationRequest): CertificateExtension[] {
  // The attributes field may be absent (see asn1-csr), despite its declared type.
  const attributes = request.certificationRequestInfo.attributes as Attributes | undefined;
  const wanted = (attributes === undefined ? [] : Array.from(attributes)).filter((a) => a.type === EXTENSION_REQUEST);
  if (wanted.length > 1) throw new RangeError('attributes');
  const values = wanted[0]?.values ?? [];
  if (values.length > 1) throw new RangeError('attributes');
  const extensions = values[0] === undefined ? [] : AsnConvert.parse(values[0], Extensions);
  const seen = new Set<string>();
  // Array.from, not map: map on an AsnArray yields another AsnArray subclass.
  return Array.from(extensions, (ext): CertificateExtension => {
    if (seen.has(ext.extnID)) throw new RangeError('duplicate');
    seen.add(ext.extnID);
    return { oid: ext.extnID, critical: ext.critical, value: new Uint8Array(ext.extnValue.buffer) };
  });
}

/** Parses and verifies a PKCS#10 request; any defect is X509_BAD_REQUEST with a fixed message. */
export function readCertificateRequest(bytes: Uint8Array, form: 'PEM' | 'DER'): CertificateRequestContent {
  const der = form === 'PEM' ? pemBody(bytes) : Uint8Array.from(bytes);
  let content: CertificateRequestContent;
  let valid: boolean;
  try {
    const outer = readTlv(der, 0);
    if (outer.tag !== 0x30 || outer.end !== der.length) throw new RangeError('outer');
    const [info, , signatureTlv, ...rest] = children(der, outer);
    if (info?.tag !== 0x30 || signatureTlv?.tag !== 0x03 || rest.length > 0) throw new RangeError('outer');
    const [version, subject, spki] = children(der, info);
    if (version === undefined || subject?.tag !== 0x30 || spki?.tag !== 0x30) throw new RangeError('info');
    const request = AsnConvert.parse(der, CertificationRequest);
    if (request.certificationRequestInfo.version !== 0) throw new RangeError('version');
    const bitString = der.slice(signatureTlv.contentStart, signatureTlv.end);
    if (bitString[0] !== 0) throw new RangeError('signature');
    const publicKey = createPublicKey({ key: Buffer.from(slice(der, spki)), format: 'der', type: 'spki' });
    content = { subject: slice(der, subject), publicKey, extensions: requestedExtensions(request) };
    valid = checkSignature(request.signatureAlgorithm, publicKey, slice(der, info), bitString.subarray(1));
  } catch {
    // Parser and crypto errors are not passed on: they may echo input bytes.
    throw badRequest('the certificate request cannot be parsed');
  }
  if (!valid) throw badRequest('the certificate request signature does not verify');
  return content;
}
