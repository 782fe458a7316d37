/**
 * The operation table: each KMIP operation's decoder, handler and encoder, wired in one place.
 * A new OperationName fails to compile until it is listed here.
 * @module
 */
import { decodeCreate, encodeCreateResponse } from '../kmip/operations/create.js';
import { decodeActivate, encodeActivateResponse } from '../kmip/operations/activate.js';
import { decodeReKey, decodeReKeyKeyPair, encodeReKeyKeyPairResponse, encodeReKeyResponse } from '../kmip/operations/re-key.js';
import { activate } from './operations/activate.js';
import { reKey } from './operations/re-key.js';
import { reKeyKeyPair } from './operations/re-key-key-pair.js';
import { decodeRegister, encodeRegisterResponse } from '../kmip/operations/register.js';
import { register } from './operations/register.js';
import { decodeCreateKeyPair, encodeCreateKeyPairResponse } from '../kmip/operations/create-key-pair.js';
import { createKeyPair } from './operations/create-key-pair.js';
import { decodeImport, encodeImportResponse } from '../kmip/operations/import.js';
import { decodeGet, encodeGetResponse } from '../kmip/operations/get.js';
import { decodeExport, encodeExportResponse } from '../kmip/operations/export.js';
import { decodeGetAttributes, encodeGetAttributesResponse } from '../kmip/operations/get-attributes.js';
import { decodeSetAttribute, encodeSetAttributeResponse } from '../kmip/operations/set-attribute.js';
import { decodeDeleteAttribute, encodeDeleteAttributeResponse } from '../kmip/operations/delete-attribute.js';
import { decodeAddAttribute, encodeAddAttributeResponse } from '../kmip/operations/add-attribute.js';
import { decodeModifyAttribute, encodeModifyAttributeResponse } from '../kmip/operations/modify-attribute.js';
import { decodeGetAttributeList, encodeGetAttributeListResponse } from '../kmip/operations/get-attribute-list.js';
import { decodeLocate, encodeLocateResponse } from '../kmip/operations/locate.js';
import { decodeEncrypt, encodeEncryptResponse } from '../kmip/operations/encrypt.js';
import { decodeDecrypt, encodeDecryptResponse } from '../kmip/operations/decrypt.js';
import { decodeRevoke, encodeRevokeResponse } from '../kmip/operations/revoke.js';
import { decodeDestroy, encodeDestroyResponse } from '../kmip/operations/destroy.js';
import { create } from './operations/create.js';
import { importObject } from './operations/import.js';
import { get } from './operations/get.js';
import { exportObject } from './operations/export.js';
import { getAttributes } from './operations/get-attributes.js';
import { setAttribute } from './operations/set-attribute.js';
import { deleteAttribute } from './operations/delete-attribute.js';
import { addAttribute } from './operations/add-attribute.js';
import { modifyAttribute } from './operations/modify-attribute.js';
import { getAttributeList } from './operations/get-attribute-list.js';
import { locate } from './operations/locate.js';
import { encrypt } from './operations/encrypt.js';
import { decrypt } from './operations/decrypt.js';
import { revoke } from './operations/revoke.js';
import { destroy } from './operations/destroy.js';
import { decodeHash, encodeHashResponse } from '../kmip/operations/hash.js';
import { decodeRngRetrieve, encodeRngRetrieveResponse } from '../kmip/operations/rng-retrieve.js';
import { decodeMac, encodeMacResponse } from '../kmip/operations/mac.js';
import { decodeMacVerify, encodeMacVerifyResponse } from '../kmip/operations/mac-verify.js';
import { decodeQuery, encodeQueryResponse } from '../kmip/operations/query.js';
import { decodeDiscoverVersions, encodeDiscoverVersionsResponse } from '../kmip/operations/discover-versions.js';
import { hash } from './operations/hash.js';
import { rngRetrieve } from './operations/rng-retrieve.js';
import { mac } from './operations/mac.js';
import { macVerify } from './operations/mac-verify.js';
import { query } from './operations/query.js';
import { discoverVersions } from './operations/discover-versions.js';
import { decodeSign, encodeSignResponse } from '../kmip/operations/sign.js';
import { decodeSignatureVerify, encodeSignatureVerifyResponse } from '../kmip/operations/signature-verify.js';
import { decodeDeriveKey, encodeDeriveKeyResponse } from '../kmip/operations/derive-key.js';
import { sign } from './operations/sign.js';
import { signatureVerify } from './operations/signature-verify.js';
import { deriveKey } from './operations/derive-key.js';
import { decodeCertify, encodeCertifyResponse } from '../kmip/operations/certify.js';
import { decodeValidate, encodeValidateResponse } from '../kmip/operations/validate.js';
import { certify } from './operations/certify.js';
import { validate } from './operations/validate.js';
import { mapMaybe, type MaybePromise } from '../lib/maybe-async.js';
import type { OperationName } from '../kmip/enums.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
import type { OperationContext } from './context.js';

/** Runs one operation on its request payload and returns the response payload. */
export type OperationHandler = (ctx: OperationContext, request: TtlvStructure) => MaybePromise<TtlvNode>;

/** Every implemented operation. */
export const OPERATION_TABLE: Readonly<Record<OperationName, OperationHandler>> = {
  Create: (ctx, r) => encodeCreateResponse(create(ctx, decodeCreate(r))),
  Activate: (ctx, r) => encodeActivateResponse(activate(ctx, decodeActivate(r).uniqueIdentifier)),
  ReKey: (ctx, r) => encodeReKeyResponse(reKey(ctx, decodeReKey(r))),
  ReKeyKeyPair: (ctx, r) => reKeyKeyPair(ctx, decodeReKeyKeyPair(r)).then((ids) => encodeReKeyKeyPairResponse(ids.privateId, ids.publicId)),
  Register: (ctx, r) => encodeRegisterResponse(register(ctx, decodeRegister(r))),
  CreateKeyPair: (ctx, r) => createKeyPair(ctx, decodeCreateKeyPair(r)).then(encodeCreateKeyPairResponse),
  Sign: (ctx, r) => encodeSignResponse(sign(ctx, decodeSign(r))),
  SignatureVerify: (ctx, r) => encodeSignatureVerifyResponse(signatureVerify(ctx, decodeSignatureVerify(r))),
  DeriveKey: (ctx, r) => mapMaybe(deriveKey(ctx, decodeDeriveKey(r)), encodeDeriveKeyResponse),
  Import: (ctx, r) => encodeImportResponse(importObject(ctx, decodeImport(r))),
  Get: (ctx, r) => encodeGetResponse(get(ctx, decodeGet(r))),
  Export: (ctx, r) => encodeExportResponse(exportObject(ctx, decodeExport(r))),
  GetAttributes: (ctx, r) => {
    const res = getAttributes(ctx, decodeGetAttributes(r));
    return encodeGetAttributesResponse(res.uniqueIdentifier, res.attributes);
  },
  SetAttribute: (ctx, r) => encodeSetAttributeResponse(setAttribute(ctx, decodeSetAttribute(r))),
  DeleteAttribute: (ctx, r) => encodeDeleteAttributeResponse(deleteAttribute(ctx, decodeDeleteAttribute(r))),
  AddAttribute: (ctx, r) => encodeAddAttributeResponse(addAttribute(ctx, decodeAddAttribute(r))),
  ModifyAttribute: (ctx, r) => encodeModifyAttributeResponse(modifyAttribute(ctx, decodeModifyAttribute(r))),
  GetAttributeList: (ctx, r) => {
    const res = getAttributeList(ctx, decodeGetAttributeList(r));
    return encodeGetAttributeListResponse(res.uniqueIdentifier, res.references);
  },
  Locate: (ctx, r) => {
    const res = locate(ctx, decodeLocate(r));
    return encodeLocateResponse(res.located, res.ids);
  },
  Encrypt: (ctx, r) => mapMaybe(encrypt(ctx, decodeEncrypt(r)), encodeEncryptResponse),
  Decrypt: (ctx, r) => {
    const req = decodeDecrypt(r);
    return mapMaybe(decrypt(ctx, req), (res) => encodeDecryptResponse(res.uniqueIdentifier, res.data, req.correlationValue));
  },
  Revoke: (ctx, r) => encodeRevokeResponse(revoke(ctx, decodeRevoke(r))),
  Destroy: (ctx, r) => encodeDestroyResponse(destroy(ctx, decodeDestroy(r).uniqueIdentifier)),
  Hash: (_ctx, r) => encodeHashResponse(hash(decodeHash(r))),
  RNGRetrieve: (_ctx, r) => encodeRngRetrieveResponse(rngRetrieve(decodeRngRetrieve(r))),
  MAC: (ctx, r) => encodeMacResponse(mac(ctx, decodeMac(r))),
  MACVerify: (ctx, r) => encodeMacVerifyResponse(macVerify(ctx, decodeMacVerify(r))),
  Query: (_ctx, r) => encodeQueryResponse(query(decodeQuery(r))),
  DiscoverVersions: (ctx, r) => encodeDiscoverVersionsResponse(discoverVersions(ctx, decodeDiscoverVersions(r))),
  Certify: (ctx, r) => mapMaybe(certify(ctx, decodeCertify(r)), encodeCertifyResponse),
  Validate: (ctx, r) => encodeValidateResponse(validate(ctx, decodeValidate(r))),
};
