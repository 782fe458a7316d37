/**
 * The TypeScript client: a typed method per KMIP operation (Kms) over HTTP or a WebSocket
 * session, the REST endpoints, envelope file encryption, and the raw TTLV layer beneath.
 * @module
 */
export { Kms } from './kms.js';
export type * from './kms-inputs.js';
export type { GetResult, ExportResult, GetAttributesResult, CertificateResult } from './kms-results.js';
export type * from './response-types.js';
export type { KmsClient, KmipExchangeObserver } from './kms-client.js';
export { KmsHttpClient, type HttpClientOptions } from './http-client.js';
export type { ClientTlsOptions, HttpConnectionOptions } from './http-transport.js';
export { KmsWebSocketClient, type WebSocketClientOptions } from './ws-client.js';
export { KmsRestClient, type AccessChange, type AccessGrant, type ObtainedAccess, type OwnedObject } from './rest-client.js';
export { KmsRequestError } from './errors.js';
export { KmipError } from '../kmip/kmip-error.js';
export { encodeAttributeFields, decodeAttributeFields, type AttributeFields, type DecodedAttributeFields, type DomainParameters } from '../kmip/attribute-fields.js';
export { USAGE, usageMaskOf, usagesOf, type Usage, type ObjectType, type CryptographicAlgorithm, type KeyFormatType, type RecommendedCurve } from '../kmip/enums.js';
export type { KeyBlock, KeyMaterial } from '../kmip/key-block.js';
export type { Link } from '../kmip/links.js';
export type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';
export { encryptFile, decryptFile, readEnvelopeFileHeader } from './envelope/envelope-file.js';
export { encryptEnvelope, type WrapDataKey, type WrappedDataKey } from './envelope/encrypt-stream.js';
export { decryptEnvelope, type UnwrapDataKey } from './envelope/decrypt-stream.js';
export { isEnvelope, type ParsedEnvelopeHeader } from './envelope/format.js';
export { EnvelopeError, type EnvelopeErrorCode } from './envelope/envelope-error.js';
export type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
export * as ttlv from '../kmip/ttlv/build.js';
