/**
 * Certify and Validate request builders for the tests: Cosmian's CertificateAttributes subject,
 * issuer Links and the `requested_validity_days` / `x509-extension` vendor attributes.
 * @module
 */
import { bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { tagAttribute } from './kmip-requests.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';

/** What a Certify request is made of. */
export interface CertifyOptions {
  /** A public key to certify or a certificate to renew. */
  readonly id?: string;
  /** CertificateSubject fields by Cosmian suffix (Cn, O, Ou, C, St, L, Email...). */
  readonly subject?: Readonly<Record<string, string>>;
  readonly days?: number;
  readonly extensions?: string;
  readonly issuerCert?: string;
  readonly issuerKey?: string;
  readonly keyPair?: { readonly algorithm: string; readonly curve?: string; readonly length?: number };
  readonly csr?: { readonly type: 'PEM' | 'PKCS10'; readonly value: Uint8Array };
  readonly tags?: readonly string[];
}

function vendor(name: string, value: string): TtlvNode {
  return struct('VendorAttributes', [text('VendorIdentification', 'cosmian'), text('AttributeName', name), bytes('AttributeValue', Buffer.from(value, 'utf8'))]);
}

function link(type: string, id: string): TtlvNode {
  return struct('Link', [enumeration('LinkType', type), text('LinkedObjectIdentifier', id)]);
}

/** The Attributes of a Certify request. */
export function certifyAttributes(o: CertifyOptions): TtlvNode {
  const vendors = [
    ...(o.days === undefined ? [] : [vendor('requested_validity_days', String(o.days))]),
    ...(o.extensions === undefined ? [] : [vendor('x509-extension', o.extensions)]),
  ];
  const links = [
    ...(o.issuerCert === undefined ? [] : [link('CertificateLink', o.issuerCert)]),
    ...(o.issuerKey === undefined ? [] : [link('PrivateKeyLink', o.issuerKey)]),
  ];
  return struct('Attributes', [
    o.keyPair === undefined ? undefined : enumeration('CryptographicAlgorithm', o.keyPair.algorithm),
    o.keyPair?.length === undefined ? undefined : int('CryptographicLength', o.keyPair.length),
    o.keyPair?.curve === undefined ? undefined : struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', o.keyPair.curve)]),
    o.subject === undefined ? undefined : struct('CertificateAttributes', Object.entries(o.subject).map(([k, v]) => text(`CertificateSubject${k}`, v))),
    links.length === 0 ? undefined : struct('Link', links),
    vendors.length === 0 ? undefined : struct('VendorAttributes', vendors),
    o.tags === undefined ? undefined : tagAttribute(o.tags),
  ]);
}

/** A Certify request. */
export function certifyRequest(o: CertifyOptions): TtlvNode {
  return struct('Certify', [
    o.id === undefined ? undefined : text('UniqueIdentifier', o.id),
    o.csr === undefined ? undefined : enumeration('CertificateRequestType', o.csr.type),
    o.csr === undefined ? undefined : bytes('CertificateRequestValue', o.csr.value),
    certifyAttributes(o),
  ]);
}

/** A self-signed CA with a new P-256 key pair. */
export function caRequest(cn: string, tags: readonly string[] = []): TtlvNode {
  return certifyRequest({
    subject: { Cn: cn },
    keyPair: { algorithm: 'EC', curve: 'P256' },
    extensions: 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
    tags,
  });
}

/** A Validate request naming held certificates and/or carrying certificate bytes. */
export function validateRequest(o: { readonly ids?: readonly string[]; readonly certs?: readonly Uint8Array[]; readonly at?: Date }): TtlvNode {
  return struct('Validate', [
    ...(o.certs ?? []).map((b) => bytes('Certificate', b)),
    ...(o.ids ?? []).map((id) => text('UniqueIdentifier', id)),
    ...(o.at === undefined ? [] : [{ tag: 'ValidityTime', type: 'DateTime' as const, value: o.at }]),
  ]);
}
