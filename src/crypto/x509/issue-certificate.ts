/**
 * Builds and signs X.509 v3 certificates from DER names, node KeyObjects and prepared extensions,
 * signing the TBSCertificate with node:crypto directly.
 * @module
 */
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier, Extension, Extensions, Name, SubjectPublicKeyInfo, TBSCertificate, Time,
  Validity, Version,
} from '@peculiar/asn1-x509';
import { X509Error, type CertificateExtension } from './x509-error.js';

/** Everything a certificate says, already validated and encoded by the caller. */
export interface IssueRequest {
  /** DER Name. */
  readonly subject: Uint8Array;
  readonly subjectPublicKey: KeyObject;
  /** DER Name (the subject itself when self-signed). */
  readonly issuer: Uint8Array;
  readonly issuerPrivateKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Big-endian magnitude; encoded as a positive INTEGER. */
  readonly serialNumber: Uint8Array;
  /** Written in this order. */
  readonly extensions: readonly CertificateExtension[];
}

interface SigningScheme { readonly oid: string; readonly hash: string | null; readonly nullParams: boolean }

const NULL_DER = new Uint8Array([0x05, 0x00]);

const EC_SCHEMES: Readonly<Record<string, SigningScheme>> = {
  prime256v1: { oid: '1.2.840.10045.4.3.2', hash: 'sha256', nullParams: false },
  secp256k1: { oid: '1.2.840.10045.4.3.2', hash: 'sha256', nullParams: false },
  secp384r1: { oid: '1.2.840.10045.4.3.3', hash: 'sha384', nullParams: false },
  secp521r1: { oid: '1.2.840.10045.4.3.4', hash: 'sha512', nullParams: false },
};

function unsupported(): X509Error {
  return new X509Error('X509_UNSUPPORTED_KEY', 'the issuer key cannot sign certificates');
}

function badCertificate(message: string): X509Error {
  return new X509Error('X509_BAD_CERTIFICATE', message);
}

/** The signature algorithm implied by the issuer's private key. */
function signingScheme(key: KeyObject): SigningScheme {
  if (key.type !== 'private') throw unsupported();
  switch (key.asymmetricKeyType) {
    case 'rsa': return { oid: '1.2.840.113549.1.1.11', hash: 'sha256', nullParams: true };
    case 'ed25519': return { oid: '1.3.101.112', hash: null, nullParams: false };
    case 'ed448': return { oid: '1.3.101.113', hash: null, nullParams: false };
    case 'ec': {
      const scheme = EC_SCHEMES[key.asymmetricKeyDetails?.namedCurve ?? ''];
      if (scheme === undefined) throw unsupported();
      return scheme;
    }
    default: throw unsupported();
  }
}

/** Minimal positive INTEGER content for a big-endian magnitude (RFC 5280 4.1.2.2: at most 20 octets). */
function serialContent(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  if (trimmed.length === 0) throw badCertificate('the serial number must be positive');
  const content = (trimmed[0] ?? 0) & 0x80 ? Uint8Array.from([0, ...trimmed]) : Uint8Array.from(trimmed);
  if (content.length > 20) throw badCertificate('the serial number is longer than 20 octets');
  return content;
}

/** Parses a DER Name and insists it re-encodes to the same bytes, so what is signed is what was given. */
function derName(bytes: Uint8Array, field: string): Name {
  let name: Name;
  try {
    name = AsnConvert.parse(bytes, Name);
  } catch {
    throw new X509Error('X509_BAD_NAME', `the ${field} is not a DER name`);
  }
  if (name.length === 0 || !Buffer.from(AsnConvert.serialize(name)).equals(bytes)) {
    throw new X509Error('X509_BAD_NAME', `the ${field} is not a DER name`);
  }
  return name;
}

/** RFC 5280 4.1.2.5: UTCTime for 1950-2049, GeneralizedTime otherwise; whole seconds. */
function certificateTime(date: Date, field: string): Time {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw badCertificate(`${field} is not a valid date`);
  const whole = new Date(ms - (((ms % 1000) + 1000) % 1000));
  const year = whole.getUTCFullYear();
  if (year < 1 || year > 9999) throw badCertificate(`${field} is out of range`);
  return year >= 1950 && year <= 2049 ? new Time({ utcTime: whole }) : new Time({ generalTime: whole });
}

function subjectKeyInfo(key: KeyObject): SubjectPublicKeyInfo {
  if (key.type === 'secret') throw new X509Error('X509_UNSUPPORTED_KEY', 'the subject key is not an asymmetric key');
  try {
    return AsnConvert.parse(key.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
  } catch {
    throw new X509Error('X509_UNSUPPORTED_KEY', 'the subject key cannot be exported as SPKI');
  }
}

function extensionList(extensions: readonly CertificateExtension[]): Extensions | undefined {
  if (extensions.length === 0) return undefined;
  const seen = new Set<string>();
  for (const ext of extensions) {
    if (seen.has(ext.oid)) throw new X509Error('X509_BAD_EXTENSIONS', `duplicate extension ${ext.oid}`);
    seen.add(ext.oid);
  }
  return new Extensions(extensions.map((ext) => new Extension({
    extnID: ext.oid, critical: ext.critical, extnValue: new OctetString(Uint8Array.from(ext.value)),
  })));
}

/** Issues a DER X.509 v3 certificate signed by `issuerPrivateKey`. */
export function issueCertificate(req: IssueRequest): Uint8Array {
  const scheme = signingScheme(req.issuerPrivateKey);
  const notBefore = certificateTime(req.notBefore, 'notBefore');
  const notAfter = certificateTime(req.notAfter, 'notAfter');
  if (notAfter.getTime().getTime() <= notBefore.getTime().getTime()) {
    throw badCertificate('notAfter must be later than notBefore');
  }
  const algorithm = new AlgorithmIdentifier({ algorithm: scheme.oid });
  if (scheme.nullParams) algorithm.parameters = NULL_DER.slice().buffer;
  const validity = new Validity();
  validity.notBefore = notBefore;
  validity.notAfter = notAfter;
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialContent(req.serialNumber).buffer as ArrayBuffer,
    signature: algorithm,
    issuer: derName(req.issuer, 'issuer'),
    validity,
    subject: derName(req.subject, 'subject'),
    subjectPublicKeyInfo: subjectKeyInfo(req.subjectPublicKey),
  });
  const extensions = extensionList(req.extensions);
  if (extensions !== undefined) tbs.extensions = extensions;
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = sign(scheme.hash, tbsDer, { key: req.issuerPrivateKey, dsaEncoding: 'der' });
  // Assembled by hand so the signed TBS bytes are exactly the ones embedded.
  const algorithmDer = new Uint8Array(AsnConvert.serialize(algorithm));
  const bitString = derTlv(0x03, Uint8Array.from([0, ...signature]));
  return derTlv(0x30, Buffer.concat([tbsDer, algorithmDer, bitString]));
}

function derTlv(tag: number, content: Uint8Array): Uint8Array {
  const len = content.length;
  const lengthBytes: number[] = [];
  for (let n = len; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n & 0xff);
  const header = len < 0x80 ? [tag, len] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  const out = new Uint8Array(header.length + len);
  out.set(header, 0);
  out.set(content, header.length);
  return out;
}

/** 16 random bytes with the top bit clear and a non-zero first byte: a positive, full-length serial. */
export function randomSerialNumber(): Uint8Array {
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = ((serial[0] ?? 0) & 0x7f) || 0x01;
  return serial;
}
