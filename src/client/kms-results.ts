/**
 * What the typed client's Get, Export and GetAttributes resolve with: the decoded response, with
 * the key block (or a certificate's DER bytes) and the attributes read into their typed forms.
 * @module
 */
import { attributeListOf, type AttributeList } from '../kmip/attributes.js';
import { decodeAttributeFields, type DecodedAttributeFields } from '../kmip/attribute-fields.js';
import { decodeExportResponse, type ExportResponse } from '../kmip/operations/export.js';
import { decodeGetResponse, type GetResponse } from '../kmip/operations/get.js';
import { decodeGetAttributesResponse } from '../kmip/operations/get-attributes.js';
import type { KeyBlock } from '../kmip/key-block.js';
import type { SecretDataType } from '../kmip/enums.js';
import type { TtlvStructure } from '../kmip/ttlv/node.js';
import { readCertificate, readObject } from './kms-objects.js';

/** A Get answer: the response, its KeyBlock, and the attributes embedded in the key value, if any. */
export interface GetResult extends GetResponse {
  readonly keyBlock: KeyBlock;
  readonly secretDataType: SecretDataType | undefined;
  readonly attributes: DecodedAttributeFields | undefined;
}

/** An Export answer: the response, its KeyBlock, and its attributes typed (`attributeList` keeps the nodes). */
export interface ExportResult extends Omit<ExportResponse, 'attributes'> {
  readonly keyBlock: KeyBlock;
  readonly secretDataType: SecretDataType | undefined;
  readonly attributes: DecodedAttributeFields;
  readonly attributeList: AttributeList;
}

/** A GetAttributes answer: the attributes typed (`attributeList` keeps the nodes). */
export interface GetAttributesResult {
  readonly uniqueIdentifier: string;
  readonly attributes: DecodedAttributeFields;
  readonly attributeList: AttributeList;
}

/** Reads a GetResponse into a GetResult. */
export function getResultOf(s: TtlvStructure): GetResult {
  const r = decodeGetResponse(s);
  const read = readObject(r.object);
  const embedded = read.keyBlock.attributes;
  return { ...r, ...read, attributes: embedded === undefined ? undefined : decodeAttributeFields(attributeListOf(embedded)) };
}

/** Reads an ExportResponse into an ExportResult. */
export function exportResultOf(s: TtlvStructure): ExportResult {
  const r = decodeExportResponse(s);
  return { ...r, ...readObject(r.object), attributes: decodeAttributeFields(r.attributes), attributeList: r.attributes };
}

/** Reads a GetAttributesResponse into a GetAttributesResult. */
export function getAttributesResultOf(s: TtlvStructure): GetAttributesResult {
  const r = decodeGetAttributesResponse(s);
  return { uniqueIdentifier: r.uniqueIdentifier, attributes: decodeAttributeFields(r.attributes), attributeList: r.attributes };
}

/** A Get answer holding a certificate: its DER bytes (`object` keeps the nodes). */
export interface CertificateResult extends GetResponse {
  readonly certificate: Uint8Array;
}

/** Reads a GetResponse holding a Certificate into a CertificateResult. */
export function certificateResultOf(s: TtlvStructure): CertificateResult {
  const r = decodeGetResponse(s);
  return { ...r, certificate: readCertificate(r.objectType, r.object) };
}
