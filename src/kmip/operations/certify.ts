/**
 * Certify: request and response codecs, server and client halves. The request carries what the
 * certificate is made from (a PKCS#10 request, or the identifier of a public key or of a certificate
 * to renew) and Attributes: the subject (Cosmian's CertificateAttributes), the issuer (Links), the
 * identifier wanted, tags, Cosmian's `requested_validity_days` and `x509-extension` vendor attributes,
 * and, when a key pair is to be generated, its algorithm.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
import { bytes, enumeration, opt, struct, text } from '../ttlv/build.js';
import { optBytes, optEnum, optStruct, optText } from '../ttlv/read.js';
import { decodeIdentifierPayload, encodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { Loose } from '../loose.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** CertificateRequestType names. */
export const CERTIFICATE_REQUEST_TYPES = ['CRMF', 'PKCS10', 'PEM', 'PGP'] as const;
/** A CertificateRequestType. */
export type CertificateRequestType = (typeof CERTIFICATE_REQUEST_TYPES)[number];

/** A decoded Certify request. */
export interface CertifyRequest {
  /** A public key to certify or a certificate to renew. */
  readonly uniqueIdentifier: string | undefined;
  readonly requestType: CertificateRequestType | undefined;
  readonly requestValue: Uint8Array | undefined;
  readonly attributes: AttributeList;
}

/** Reads a Certify request payload. */
export function decodeCertify(s: TtlvStructure): CertifyRequest {
  if (optStruct(s, 'ProtectionStorageMasks') !== undefined) {
    throw new KmipError('Feature_Not_Supported', 'Certify: ProtectionStorageMasks are not supported');
  }
  if (optText(s, 'CertificateRequestUniqueIdentifier') !== undefined) {
    throw new KmipError('Feature_Not_Supported', 'Certify: send the certificate request itself (CertificateRequestValue), not an identifier');
  }
  const attrs = optStruct(s, 'Attributes');
  return {
    uniqueIdentifier: optText(s, 'UniqueIdentifier'),
    requestType: optEnum(s, 'CertificateRequestType', CERTIFICATE_REQUEST_TYPES),
    requestValue: optBytes(s, 'CertificateRequestValue'),
    attributes: attrs ? attributeListOf(attrs) : [],
  };
}

/** Writes a CertifyResponse. */
export function encodeCertifyResponse(uniqueIdentifier: string): TtlvNode {
  return encodeIdentifierPayload('CertifyResponse', { uniqueIdentifier });
}

/** Writes a Certify request payload. */
export function encodeCertifyRequest(r: Loose<CertifyRequest>): TtlvStructure {
  return struct('Certify', [
    opt(r.uniqueIdentifier, (id) => text('UniqueIdentifier', id)),
    opt(r.requestType, (t) => enumeration('CertificateRequestType', t)),
    opt(r.requestValue, (v) => bytes('CertificateRequestValue', v)),
    r.attributes.length === 0 ? undefined : struct('Attributes', r.attributes),
  ]);
}

/** A Certify response. */
export type CertifyResponse = IdentifierPayload;

/** Reads a CertifyResponse. */
export function decodeCertifyResponse(s: TtlvStructure): CertifyResponse {
  return decodeIdentifierPayload('CertifyResponse', s);
}
