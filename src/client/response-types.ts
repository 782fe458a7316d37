/**
 * The KMIP answer types the typed client resolves with, gathered for the package entry point.
 * @module
 */
export type { ActivateResponse } from '../kmip/operations/activate.js';
export type { AddAttributeResponse } from '../kmip/operations/add-attribute.js';
export type { CertifyResponse } from '../kmip/operations/certify.js';
export type { CreateKeyPairResponse } from '../kmip/operations/create-key-pair.js';
export type { CreateResponse } from '../kmip/operations/create.js';
export type { DecryptResponse } from '../kmip/operations/decrypt.js';
export type { DeleteAttributeResponse } from '../kmip/operations/delete-attribute.js';
export type { DeriveKeyResponse } from '../kmip/operations/derive-key.js';
export type { DestroyResponse } from '../kmip/operations/destroy.js';
export type { DiscoverVersionsResponse } from '../kmip/operations/discover-versions.js';
export type { EncryptResponse } from '../kmip/operations/encrypt.js';
export type { ExportResponse } from '../kmip/operations/export.js';
export type { GetAttributeListResponse } from '../kmip/operations/get-attribute-list.js';
export type { GetAttributesResponse } from '../kmip/operations/get-attributes.js';
export type { GetResponse } from '../kmip/operations/get.js';
export type { HashResponse } from '../kmip/operations/hash.js';
export type { ImportResponse } from '../kmip/operations/import.js';
export type { LocateResponse } from '../kmip/operations/locate.js';
export type { MacVerifyResponse } from '../kmip/operations/mac-verify.js';
export type { MacResponse } from '../kmip/operations/mac.js';
export type { ModifyAttributeResponse } from '../kmip/operations/modify-attribute.js';
export type { QueryResponse } from '../kmip/operations/query.js';
export type { ReKeyKeyPairResponse, ReKeyResponse } from '../kmip/operations/re-key.js';
export type { RegisterResponse } from '../kmip/operations/register.js';
export type { RevokeResponse } from '../kmip/operations/revoke.js';
export type { RngRetrieveResponse } from '../kmip/operations/rng-retrieve.js';
export type { SetAttributeResponse } from '../kmip/operations/set-attribute.js';
export type { SignResponse } from '../kmip/operations/sign.js';
export type { SignatureVerifyResponse } from '../kmip/operations/signature-verify.js';
export type { ValidateResponse } from '../kmip/operations/validate.js';
