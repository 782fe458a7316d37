/**
 * Reads a PKCS#12 bundle with node-forge, which parses both OpenSSL 3's default (AES, PBKDF2)
 * and legacy (3DES, RC2) bundles, where Node's own OpenSSL lacks the legacy provider. The key
 * leaves as a node:crypto KeyObject; forge only decodes. Lives in lib so both the gateway (TLS
 * setup) and the actors (KMIP import) can use it, each mapping Pkcs12ReadError onto its own errors.
 * @module
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/** Why a bundle could not be read. */
export type Pkcs12ReadErrorCode = 'PKCS12_UNREADABLE' | 'PKCS12_NO_KEY' | 'PKCS12_KEY_MISMATCH';

/**
 * A bundle that cannot be used. Messages are fixed texts around the caller's label (e.g. "the
 * PKCS#12 file /etc/kms/server.p12"); they never carry the password or bundle bytes, and forge's
 * own error is not attached.
 */
export class Pkcs12ReadError extends Error {
  override readonly name = 'Pkcs12ReadError';
  constructor(
    readonly code: Pkcs12ReadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The contents of a PKCS#12 bundle. */
export interface Pkcs12Contents {
  readonly key: KeyObject;
  /** The certificate whose public key matches the private key. */
  readonly leaf: X509Certificate;
  /** Every other certificate: the leaf's issuer first and upward as far as present, then the rest. */
  readonly chain: X509Certificate[];
}

type Bag = forge.pkcs12.Bag;

function derOf(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}

/** PrivateKeyInfo DER: forge decodes RSA keys itself and hands back the ASN.1 of any other kind. */
function keyDer(bag: Bag): Buffer {
  const rsa: forge.pki.rsa.PrivateKey | null | undefined = bag.key;
  if (rsa !== null && rsa !== undefined) return derOf(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(rsa)));
  return derOf(bag.asn1);
}

function certOf(bag: Bag): X509Certificate {
  const cert: forge.pki.Certificate | null | undefined = bag.cert;
  // forge keeps the original TBSCertificate, so re-encoding reproduces the exact signed bytes.
  return new X509Certificate(derOf(cert !== null && cert !== undefined ? forge.pki.certificateToAsn1(cert) : bag.asn1));
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, type: string): Bag[] {
  return p12.getBags({ bagType: type })[type] ?? [];
}

/** Orders `others` from the leaf's issuer upward (by name), leftovers after in bundle order. */
function orderChain(leaf: X509Certificate, others: readonly X509Certificate[]): X509Certificate[] {
  const left = [...others];
  const ordered: X509Certificate[] = [];
  let current = leaf;
  for (;;) {
    // A self-issued certificate is the top; stop there rather than look for itself.
    if (current.issuer === current.subject && ordered.length > 0) break;
    const at = left.findIndex((c) => c.subject === current.issuer);
    const next = left[at];
    if (next === undefined) break;
    ordered.push(next);
    left.splice(at, 1);
    current = next;
  }
  return [...ordered, ...left];
}

/**
 * Decodes a PKCS#12 bundle holding exactly one private key and the certificate that matches it.
 * `what` names the bundle in error messages, e.g. "the PKCS#12 file /x/server.p12".
 */
export function readPkcs12Bundle(bundle: Uint8Array, password: string, what: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn = forge.asn1.fromDer(Buffer.from(bundle).toString('binary'));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn, true, password);
  } catch {
    // forge's messages are about structure or the MAC; neither needs to reach the log verbatim.
    throw new Pkcs12ReadError('PKCS12_UNREADABLE', `cannot open ${what}: wrong password or not a PKCS#12 file`);
  }
  const keyBags = [...bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag ?? ''), ...bagsOf(p12, forge.pki.oids.keyBag ?? '')];
  if (keyBags.length !== 1 || keyBags[0] === undefined) {
    throw new Pkcs12ReadError('PKCS12_NO_KEY', `${what} must hold exactly one private key (it holds ${keyBags.length})`);
  }
  let key: KeyObject;
  let certs: X509Certificate[];
  try {
    const der = keyDer(keyBags[0]);
    try {
      key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } finally {
      der.fill(0);
    }
    certs = bagsOf(p12, forge.pki.oids.certBag ?? '').map(certOf);
  } catch {
    throw new Pkcs12ReadError('PKCS12_UNREADABLE', `${what} holds a key or certificate that cannot be decoded`);
  }
  const leaf = certs.find((c) => c.checkPrivateKey(key));
  if (leaf === undefined) {
    throw new Pkcs12ReadError('PKCS12_KEY_MISMATCH', `${what} holds no certificate matching its private key`);
  }
  return { key, leaf, chain: orderChain(leaf, certs.filter((c) => c !== leaf)) };
}
