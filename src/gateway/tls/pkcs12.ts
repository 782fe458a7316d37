/**
 * Reads a PKCS#12 bundle with node-forge, which parses both OpenSSL 3's default (AES, PBKDF2)
 * and legacy (3DES, RC2) bundles, where Node's own OpenSSL lacks the legacy provider. The key
 * leaves as a node:crypto KeyObject; forge only decodes.
 * @module
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { TlsSetupError } from './tls-error.js';

/** The contents of a PKCS#12 bundle. */
export interface Pkcs12Contents {
  readonly key: KeyObject;
  /** The certificate whose public key matches the private key. */
  readonly leaf: X509Certificate;
  /** Every other certificate in the bundle (the chain). */
  readonly chain: readonly X509Certificate[];
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

/** Decodes a PKCS#12 bundle; `file` only names it in errors. */
export function readPkcs12(bundle: Uint8Array, password: string, file: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn = forge.asn1.fromDer(Buffer.from(bundle).toString('binary'));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn, true, password);
  } catch {
    // forge's messages are about structure or the MAC; neither needs to reach the log verbatim.
    throw new TlsSetupError('TLS_BAD_PKCS12', `cannot open the PKCS#12 file ${file}: wrong password or not a PKCS#12 file`);
  }
  const keyBags = [...bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag ?? ''), ...bagsOf(p12, forge.pki.oids.keyBag ?? '')];
  if (keyBags.length !== 1 || keyBags[0] === undefined) {
    throw new TlsSetupError('TLS_BAD_PKCS12', `the PKCS#12 file ${file} must hold exactly one private key (it holds ${keyBags.length})`);
  }
  let key: KeyObject;
  let certs: X509Certificate[];
  try {
    const der = keyDer(keyBags[0]);
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    der.fill(0);
    certs = bagsOf(p12, forge.pki.oids.certBag ?? '').map(certOf);
  } catch {
    throw new TlsSetupError('TLS_BAD_PKCS12', `the PKCS#12 file ${file} holds a key or certificate that cannot be decoded`);
  }
  const leaf = certs.find((c) => c.checkPrivateKey(key));
  if (leaf === undefined) {
    throw new TlsSetupError('TLS_KEY_MISMATCH', `the PKCS#12 file ${file} holds no certificate matching its private key`);
  }
  return { key, leaf, chain: certs.filter((c) => c !== leaf) };
}
