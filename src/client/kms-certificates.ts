/**
 * The typed client's certificate inputs turned into KMIP request payloads: Certify (the subject as
 * Cosmian's CertificateAttributes, the issuer as Links, validity days and extensions as Cosmian's
 * vendor attributes), Validate, and PKCS#12 import and export (the password carried where Cosmian
 * carries it: a PKCS12PasswordLink on import, the wrapping key identifier on export).
 * @module
 */
import { encodeCertifyRequest } from '../kmip/operations/certify.js';
import { encodeValidateRequest } from '../kmip/operations/validate.js';
import { bytes, struct, text } from '../kmip/ttlv/build.js';
import type { VendorAttribute } from '../kmip/attributes.js';
import type { Link } from '../kmip/links.js';
import type { TtlvStructure } from '../kmip/ttlv/node.js';
import { attributesOf, getRequest, importRequest } from './kms-requests.js';
import type { CertificateSubject, CertifyInput, Pkcs12ExportInput, Pkcs12ImportInput, ValidateInput } from './kms-inputs.js';

/** The vendor identification of Cosmian's certify vendor attributes. */
const COSMIAN = 'cosmian';

function vendor(name: string, value: string): VendorAttribute {
  return { vendor: COSMIAN, name, value: bytes('AttributeValue', Buffer.from(value, 'utf8')) };
}

function subjectNode(s: CertificateSubject): TtlvStructure {
  return struct('CertificateAttributes', Object.entries(s).map(([field, value]) => (value === undefined ? undefined : text(`CertificateSubject${field}`, value))));
}

/** Certify. */
export function certifyRequest(i: CertifyInput): TtlvStructure {
  const base = i.attributes ?? {};
  const links: Link[] = [
    ...(base.links ?? []),
    ...(i.issuerCertificateId === undefined ? [] : [{ type: 'CertificateLink' as const, id: i.issuerCertificateId }]),
    ...(i.issuerPrivateKeyId === undefined ? [] : [{ type: 'PrivateKeyLink' as const, id: i.issuerPrivateKeyId }]),
  ];
  const vendors: VendorAttribute[] = [
    ...(base.vendorAttributes ?? []),
    ...(i.validityDays === undefined ? [] : [vendor('requested_validity_days', String(i.validityDays))]),
    ...(i.extensions === undefined ? [] : [vendor('x509-extension', i.extensions)]),
  ];
  const attributes = attributesOf({
    ...base,
    ...(links.length === 0 ? {} : { links }),
    ...(vendors.length === 0 ? {} : { vendorAttributes: vendors }),
    ...(i.subject === undefined ? {} : { other: [...(base.other ?? []), subjectNode(i.subject)] }),
  });
  return encodeCertifyRequest({
    uniqueIdentifier: i.uniqueIdentifier,
    requestType: i.certificateRequest?.type,
    requestValue: i.certificateRequest?.value,
    attributes,
  });
}

/** Validate. */
export const validateRequest = (i: ValidateInput): TtlvStructure => encodeValidateRequest(i);

/** Export of a private key as PKCS#12. */
export const pkcs12ExportRequest = (i: Pkcs12ExportInput): TtlvStructure =>
  getRequest({ uniqueIdentifier: i.privateKeyId, keyFormatType: 'PKCS12', wrapping: { wrappingKeyId: i.password } }, 'Export');

/** Import of a PKCS#12 bundle as a private key. */
export function pkcs12ImportRequest(i: Pkcs12ImportInput): TtlvStructure {
  const base = i.attributes ?? {};
  return importRequest({
    object: { objectType: 'PrivateKey', keyBlock: { keyFormatType: 'PKCS12', material: { kind: 'bytes', bytes: i.pkcs12 } } },
    ...(i.uniqueIdentifier === undefined ? {} : { uniqueIdentifier: i.uniqueIdentifier }),
    ...(i.replaceExisting === undefined ? {} : { replaceExisting: i.replaceExisting }),
    attributes: { ...base, links: [...(base.links ?? []), { type: 'PKCS12PasswordLink', id: i.password }] },
  });
}
