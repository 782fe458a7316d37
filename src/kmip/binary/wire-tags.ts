/**
 * The message-level tags of binary KMIP, named through the codec's tag table so this module and
 * the codec can never disagree on a spelling.
 * @module
 */
import { tagNameOf } from '../ttlv/tag-table.js';

/** Tag names of the envelope fields, by KMIP tag number. */
export const WIRE = {
  requestMessage: tagNameOf(0x420078),
  requestHeader: tagNameOf(0x420077),
  responseMessage: tagNameOf(0x42007b),
  responseHeader: tagNameOf(0x42007a),
  protocolVersion: tagNameOf(0x420069),
  protocolVersionMajor: tagNameOf(0x42006a),
  protocolVersionMinor: tagNameOf(0x42006b),
  batchCount: tagNameOf(0x42000d),
  batchItem: tagNameOf(0x42000f),
  batchErrorContinuationOption: tagNameOf(0x42000e),
  operation: tagNameOf(0x42005c),
  uniqueBatchItemId: tagNameOf(0x420093),
  requestPayload: tagNameOf(0x420079),
  responsePayload: tagNameOf(0x42007c),
  resultStatus: tagNameOf(0x42007f),
  resultReason: tagNameOf(0x42007e),
  resultMessage: tagNameOf(0x42007d),
  timeStamp: tagNameOf(0x420092),
  authentication: tagNameOf(0x42000c),
  credential: tagNameOf(0x420023),
  credentialType: tagNameOf(0x420024),
  credentialValue: tagNameOf(0x420025),
  username: tagNameOf(0x420099),
  password: tagNameOf(0x4200a1),
  attribute: tagNameOf(0x420008),
  attributeName: tagNameOf(0x42000a),
  attributeIndex: tagNameOf(0x420009),
  attributeValue: tagNameOf(0x42000b),
  templateAttribute: tagNameOf(0x420091),
  commonTemplateAttribute: tagNameOf(0x42001f),
  privateKeyTemplateAttribute: tagNameOf(0x420065),
  publicKeyTemplateAttribute: tagNameOf(0x42006e),
  attributeReference: tagNameOf(0x42013b),
} as const;
