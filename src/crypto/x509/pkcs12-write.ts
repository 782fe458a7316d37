/**
 * Writes a PKCS#12 bundle in OpenSSL 3's default shape, so `openssl pkcs12`, Node's TLS and
 * Java/Windows importers all open it: the key in a PBES2-shrouded key bag (PBKDF2 with
 * HMAC-SHA256, AES-256-CBC), the certificates in a PBES2-encrypted SafeContents, and an
 * HMAC-SHA256 MAC keyed by the RFC 7292 appendix B KDF.
 * @module
 */
import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { ContentEncryptionAlgorithmIdentifier, ContentInfo, EncryptedContent, EncryptedContentInfo, id_data, id_encryptedData } from '@peculiar/asn1-cms';
import {
  AuthenticatedSafe, CertBag, MacData, PFX, PKCS12Attribute, PKCS8ShroudedKeyBag, SafeBag, SafeContents,
  id_certBag, id_pkcs8ShroudedKeyBag, id_x509Certificate,
} from '@peculiar/asn1-pfx';
import { EncryptedData as EncryptedKeyData } from '@peculiar/asn1-pkcs8';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { X509Error } from './x509-error.js';

/** What goes into a bundle. */
export interface Pkcs12Input {
  readonly privateKey: KeyObject;
  /** DER certificates: the key's certificate first, then its chain. */
  readonly certificates: readonly Uint8Array[];
  readonly password: string;
  readonly friendlyName?: string;
}

const ITERATIONS = 2048;
const ID_PBES2 = '1.2.840.113549.1.5.13';
const ID_PBKDF2 = '1.2.840.113549.1.5.12';
const ID_HMAC_SHA256 = '1.2.840.113549.2.9';
const ID_AES256_CBC = '2.16.840.1.101.3.4.1.42';
const ID_SHA256 = '2.16.840.1.101.3.4.2.1';
const ID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const ID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

/** DER TLV with a definite length (enough for the few structures built by hand here). */
function tlv(tag: number, ...parts: readonly Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

const seq = (...parts: readonly Uint8Array[]): Buffer => tlv(0x30, ...parts);
const octets = (b: Uint8Array): Buffer => tlv(0x04, b);
/** A small non-negative INTEGER (iteration counts, versions). */
const integer = (v: number): Buffer => {
  const bytes: number[] = [];
  for (let x = v; bytes.length === 0 || x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
};
const DER_NULL = Buffer.from([0x05, 0x00]);

function algorithm(oid: string, parameters?: Uint8Array): Buffer {
  const id = new AlgorithmIdentifier({ algorithm: oid });
  if (parameters !== undefined) id.parameters = toArrayBuffer(parameters);
  return Buffer.from(AsnConvert.serialize(id));
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return copy.buffer;
}

/** UTF-16BE code units (BMPString content; JS strings already hold surrogate pairs as OpenSSL writes them). */
function bmpBytes(text: string, terminator: boolean): Buffer {
  const out = Buffer.alloc(text.length * 2 + (terminator ? 2 : 0));
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

/** RFC 7292 appendix B.2 key derivation with SHA-256 (u = 32, v = 64). */
function pkcs12Kdf(password: string, salt: Uint8Array, id: number, iterations: number, length: number): Buffer {
  const u = 32;
  const v = 64;
  const fill = (src: Uint8Array): Buffer => {
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0;
    return out;
  };
  // The password as a BMPString with its two-zero-byte terminator (RFC 7292 B.1).
  const pass = bmpBytes(password, true);
  const I = Buffer.concat([fill(salt), fill(pass)]);
  pass.fill(0);
  const D = Buffer.alloc(v, id);
  const out = Buffer.alloc(Math.ceil(length / u) * u);
  for (let block = 0; block * u < length; block++) {
    let a = createHash('sha256').update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) {
      const next = createHash('sha256').update(a).digest();
      a.fill(0);
      a = next;
    }
    a.copy(out, block * u);
    const B = fill(a);
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I.
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] ?? 0) + (B[k] ?? 0) + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
    a.fill(0);
    B.fill(0);
  }
  I.fill(0);
  const key = Buffer.from(out.subarray(0, length));
  out.fill(0);
  return key;
}

/** Encrypts with PBES2 (fresh salt and IV); returns the AlgorithmIdentifier DER and the ciphertext. */
function pbes2Encrypt(plain: Uint8Array, password: string): { algorithm: Buffer; ciphertext: Buffer } {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const pass = Buffer.from(password, 'utf8');
  const key = pbkdf2Sync(pass, salt, ITERATIONS, 32, 'sha256');
  pass.fill(0);
  try {
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    const params = seq(
      algorithm(ID_PBKDF2, seq(octets(salt), integer(ITERATIONS), algorithm(ID_HMAC_SHA256, DER_NULL))),
      algorithm(ID_AES256_CBC, octets(iv)),
    );
    return { algorithm: algorithm(ID_PBES2, params), ciphertext };
  } finally {
    key.fill(0);
  }
}

function attribute(oid: string, value: Uint8Array): PKCS12Attribute {
  // asn1-pfx's constructor drops its argument, so the fields are set afterwards.
  const a = new PKCS12Attribute();
  a.attrId = oid;
  a.attrValues = [toArrayBuffer(value)];
  return a;
}

function bagAttributes(localKeyId: Uint8Array | undefined, friendlyName: string | undefined): PKCS12Attribute[] | undefined {
  const attrs: PKCS12Attribute[] = [];
  if (friendlyName !== undefined) attrs.push(attribute(ID_FRIENDLY_NAME, tlv(0x1e, bmpBytes(friendlyName, false))));
  if (localKeyId !== undefined) attrs.push(attribute(ID_LOCAL_KEY_ID, octets(localKeyId)));
  return attrs.length === 0 ? undefined : attrs;
}

function safeBag(bagId: string, value: Uint8Array, attrs: PKCS12Attribute[] | undefined): SafeBag {
  const bag = new SafeBag({ bagId, bagValue: toArrayBuffer(value) });
  if (attrs !== undefined) bag.bagAttributes = attrs;
  return bag;
}

function checkInput(input: Pkcs12Input): void {
  if (input.privateKey.type !== 'private') throw new X509Error('X509_BAD_PKCS12', 'a PKCS#12 bundle needs a private key');
  const [first] = input.certificates;
  if (first === undefined) throw new X509Error('X509_BAD_PKCS12', 'a PKCS#12 bundle needs the certificate of its key');
  let certs: X509Certificate[];
  try {
    certs = input.certificates.map((c) => new X509Certificate(c));
  } catch {
    throw new X509Error('X509_BAD_CERTIFICATE', 'a certificate for the PKCS#12 bundle is not a well-formed DER X.509 certificate');
  }
  if (certs[0]?.checkPrivateKey(input.privateKey) !== true) {
    throw new X509Error('X509_BAD_PKCS12', 'the first certificate does not match the private key');
  }
}

/** Builds the DER PKCS#12 (PFX) bundle. */
export function writePkcs12(input: Pkcs12Input): Uint8Array {
  checkInput(input);
  const { password, friendlyName } = input;
  const leafId = createHash('sha1').update(input.certificates[0] ?? new Uint8Array()).digest();

  const certBags = input.certificates.map((der, i) =>
    safeBag(
      id_certBag,
      new Uint8Array(AsnConvert.serialize(new CertBag({ certId: id_x509Certificate, certValue: toArrayBuffer(octets(der)) }))),
      i === 0 ? bagAttributes(leafId, friendlyName) : undefined,
    ),
  );
  const certContents = Buffer.from(AsnConvert.serialize(new SafeContents(certBags)));
  const certEnc = pbes2Encrypt(certContents, password);
  // CMS EncryptedData: version 0, EncryptedContentInfo with the [0] IMPLICIT ciphertext.
  const contentInfo = new EncryptedContentInfo({
    contentType: id_data,
    contentEncryptionAlgorithm: AsnConvert.parse(certEnc.algorithm, ContentEncryptionAlgorithmIdentifier),
    encryptedContent: new EncryptedContent({ value: new OctetString(certEnc.ciphertext) }),
  });
  const encryptedData = seq(integer(0), new Uint8Array(AsnConvert.serialize(contentInfo)));

  let keyEnc: { algorithm: Buffer; ciphertext: Buffer };
  let pkcs8: Buffer;
  try {
    pkcs8 = input.privateKey.export({ format: 'der', type: 'pkcs8' });
  } catch {
    throw new X509Error('X509_UNSUPPORTED_KEY', 'the private key cannot be exported as PKCS#8');
  }
  try {
    keyEnc = pbes2Encrypt(pkcs8, password);
  } finally {
    pkcs8.fill(0);
  }
  const shrouded = new PKCS8ShroudedKeyBag({
    encryptionAlgorithm: AsnConvert.parse(keyEnc.algorithm, AlgorithmIdentifier),
    encryptedData: new EncryptedKeyData(keyEnc.ciphertext),
  });
  const keyBag = safeBag(id_pkcs8ShroudedKeyBag, new Uint8Array(AsnConvert.serialize(shrouded)), bagAttributes(leafId, friendlyName));
  const keyContents = Buffer.from(AsnConvert.serialize(new SafeContents([keyBag])));

  const authSafe = Buffer.from(AsnConvert.serialize(new AuthenticatedSafe([
    new ContentInfo({ contentType: id_encryptedData, content: toArrayBuffer(encryptedData) }),
    new ContentInfo({ contentType: id_data, content: toArrayBuffer(octets(keyContents)) }),
  ])));

  const macSalt = randomBytes(16);
  const macKey = pkcs12Kdf(password, macSalt, 3, ITERATIONS, 32);
  const mac = createHmac('sha256', macKey).update(authSafe).digest();
  macKey.fill(0);
  const macData = new MacData();
  macData.mac.digestAlgorithm = AsnConvert.parse(algorithm(ID_SHA256, DER_NULL), AlgorithmIdentifier);
  macData.mac.digest = new OctetString(mac);
  macData.macSalt = new OctetString(macSalt);
  macData.iterations = ITERATIONS;

  const pfx = new PFX({
    version: 3,
    authSafe: new ContentInfo({ contentType: id_data, content: toArrayBuffer(octets(authSafe)) }),
    macData,
  });
  return new Uint8Array(AsnConvert.serialize(pfx));
}
