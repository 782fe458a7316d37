/**
 * The typed client: one method per KMIP operation over any transport (HTTP or WebSocket), typed
 * inputs in and decoded responses out, so a caller never writes TTLV. A refused call rejects with
 * the transport's KmsRequestError; an answer that does not decode rejects with a KmipError.
 * @module
 */
import { decodeActivateResponse, encodeActivateRequest, type ActivateResponse } from '../kmip/operations/activate.js';
import { decodeAddAttributeResponse, encodeAddAttributeRequest, type AddAttributeResponse } from '../kmip/operations/add-attribute.js';
import { decodeCertifyResponse, type CertifyResponse } from '../kmip/operations/certify.js';
import { decodeCreateResponse, type CreateResponse } from '../kmip/operations/create.js';
import { decodeCreateKeyPairResponse, type CreateKeyPairResponse } from '../kmip/operations/create-key-pair.js';
import { decodeDecryptResponse, encodeDecryptRequest, type DecryptResponse } from '../kmip/operations/decrypt.js';
import { decodeDeleteAttributeResponse, type DeleteAttributeResponse } from '../kmip/operations/delete-attribute.js';
import { decodeDeriveKeyResponse, type DeriveKeyResponse } from '../kmip/operations/derive-key.js';
import { decodeDestroyResponse, encodeDestroyRequest, type DestroyResponse } from '../kmip/operations/destroy.js';
import { decodeDiscoverVersionsResponse, encodeDiscoverVersionsRequest, type DiscoverVersionsResponse } from '../kmip/operations/discover-versions.js';
import { decodeEncryptResponse, encodeEncryptRequest, type EncryptResponse } from '../kmip/operations/encrypt.js';
import { decodeGetAttributeListResponse, encodeGetAttributeListRequest, type GetAttributeListResponse } from '../kmip/operations/get-attribute-list.js';
import { decodeHashResponse, encodeHashRequest, type HashResponse } from '../kmip/operations/hash.js';
import { decodeImportResponse, type ImportResponse } from '../kmip/operations/import.js';
import { decodeLocateResponse, encodeLocateRequest, type LocateResponse } from '../kmip/operations/locate.js';
import { decodeMacResponse, encodeMacRequest, type MacResponse } from '../kmip/operations/mac.js';
import { decodeMacVerifyResponse, encodeMacVerifyRequest, type MacVerifyResponse } from '../kmip/operations/mac-verify.js';
import { decodeModifyAttributeResponse, type ModifyAttributeResponse } from '../kmip/operations/modify-attribute.js';
import { decodeQueryResponse, encodeQueryRequest, type QueryResponse } from '../kmip/operations/query.js';
import { decodeReKeyKeyPairResponse, decodeReKeyResponse, encodeReKeyRequest, type ReKeyKeyPairResponse, type ReKeyResponse } from '../kmip/operations/re-key.js';
import { decodeRegisterResponse, type RegisterResponse } from '../kmip/operations/register.js';
import { decodeRevokeResponse, type RevokeResponse } from '../kmip/operations/revoke.js';
import { decodeRngRetrieveResponse, encodeRngRetrieveRequest, type RngRetrieveResponse } from '../kmip/operations/rng-retrieve.js';
import { decodeSetAttributeResponse, encodeSetAttributeRequest, type SetAttributeResponse } from '../kmip/operations/set-attribute.js';
import { decodeSignResponse, encodeSignRequest, type SignedInput, type SignResponse } from '../kmip/operations/sign.js';
import { decodeSignatureVerifyResponse, encodeSignatureVerifyRequest, type SignatureVerifyResponse } from '../kmip/operations/signature-verify.js';
import { decodeValidateResponse, type ValidateResponse } from '../kmip/operations/validate.js';
import type { KeyBlock } from '../kmip/key-block.js';
import type { TtlvStructure } from '../kmip/ttlv/node.js';
import type { KmsClient } from './kms-client.js';
import { keyBytesOf } from './kms-objects.js';
import { certifyRequest, pkcs12ExportRequest, pkcs12ImportRequest, validateRequest } from './kms-certificates.js';
import {
  certificateResultOf, exportResultOf, getAttributesResultOf, getResultOf, type CertificateResult, type ExportResult, type GetAttributesResult, type GetResult,
} from './kms-results.js';
import {
  attributesOf, createKeyPairRequest, createRequest, deleteAttributeRequest, deriveKeyRequest, getAttributesRequest, getRequest, importRequest,
  modifyAttributeRequest, oneAttributeOf, optParameters, parametersOf, reKeyKeyPairRequest, registerRequest, revokeRequest,
} from './kms-requests.js';
import type {
  AttributeInput, CertifyInput, CreateInput, CreateKeyPairInput, DecryptInput, DeleteAttributeInput, DeriveKeyInput, DiscoverVersionsInput, EncryptInput,
  GetAttributesInput, GetInput, HashInput, IdInput, ImportInput, LocateInput, MacInput, MacVerifyInput, ModifyAttributeInput, Pkcs12ExportInput,
  Pkcs12ImportInput, QueryInput, ReKeyInput, ReKeyKeyPairInput, RegisterInput, RevokeInput, RngRetrieveInput, SignatureVerifyInput, SignedDataInput,
  SignInput, ValidateInput,
} from './kms-inputs.js';

const signedInputOf = (i: SignedDataInput): SignedInput => (i.data !== undefined ? { kind: 'data', data: i.data } : { kind: 'digest', digest: i.digest });

/** A KMIP 2.1 client with one typed method per operation. */
export class Kms {
  readonly #transport: KmsClient;

  constructor(transport: KmsClient) {
    this.#transport = transport;
  }

  /** The bytes of a key block (raw or DER key, transparent symmetric key, or wrapped bytes). */
  static bytesOf(keyBlock: KeyBlock): Uint8Array {
    return keyBytesOf(keyBlock);
  }

  /** Closes the transport. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  async #call<T>(request: TtlvStructure, decode: (s: TtlvStructure) => T): Promise<T> {
    return decode(await this.#transport.kmip(request));
  }

  /** Creates a symmetric key (or secret data). */
  create(i: CreateInput = {}): Promise<CreateResponse> {
    return this.#call(createRequest(i), decodeCreateResponse);
  }

  /** Creates a key pair. */
  createKeyPair(i: CreateKeyPairInput): Promise<CreateKeyPairResponse> {
    return this.#call(createKeyPairRequest(i), decodeCreateKeyPairResponse);
  }

  /** Registers a client-supplied object. */
  register(i: RegisterInput): Promise<RegisterResponse> {
    return this.#call(registerRequest(i), decodeRegisterResponse);
  }

  /** Imports an object under a chosen identifier. */
  import(i: ImportInput): Promise<ImportResponse> {
    return this.#call(importRequest(i), decodeImportResponse);
  }

  /** Gets an object's key material. */
  get(i: GetInput): Promise<GetResult> {
    return this.#call(getRequest(i, 'Get'), getResultOf);
  }

  /** Exports an object with its attributes (any state, Cosmian's Export). */
  export(i: GetInput): Promise<ExportResult> {
    return this.#call(getRequest(i, 'Export'), exportResultOf);
  }

  /** Gets a certificate's DER bytes. */
  getCertificate(i: IdInput): Promise<CertificateResult> {
    return this.#call(getRequest(i, 'Get'), certificateResultOf);
  }

  /** A private key with its certificate and chain as PKCS#12 bytes, protected by the password. */
  async exportPkcs12(i: Pkcs12ExportInput): Promise<Uint8Array> {
    return keyBytesOf((await this.#call(pkcs12ExportRequest(i), exportResultOf)).keyBlock);
  }

  /** Imports a PKCS#12 bundle; resolves with the private key's identifier (its certificates become linked objects). */
  importPkcs12(i: Pkcs12ImportInput): Promise<ImportResponse> {
    return this.#call(pkcs12ImportRequest(i), decodeImportResponse);
  }

  /** Issues (or renews) a certificate. */
  certify(i: CertifyInput): Promise<CertifyResponse> {
    return this.#call(certifyRequest(i), decodeCertifyResponse);
  }

  /** Checks a certificate chain. */
  validate(i: ValidateInput): Promise<ValidateResponse> {
    return this.#call(validateRequest(i), decodeValidateResponse);
  }

  /** An object's attributes, all or the referenced ones. */
  getAttributes(i: GetAttributesInput): Promise<GetAttributesResult> {
    return this.#call(getAttributesRequest(i), getAttributesResultOf);
  }

  /** The names of an object's attributes. */
  getAttributeList(i: IdInput): Promise<GetAttributeListResponse> {
    return this.#call(encodeGetAttributeListRequest(i), decodeGetAttributeListResponse);
  }

  /** Sets one attribute (replacing its value). */
  setAttribute(i: AttributeInput): Promise<SetAttributeResponse> {
    const request = encodeSetAttributeRequest({ uniqueIdentifier: i.uniqueIdentifier, attribute: oneAttributeOf('SetAttribute', i.attribute) });
    return this.#call(request, decodeSetAttributeResponse);
  }

  /** Adds one attribute value. */
  addAttribute(i: AttributeInput): Promise<AddAttributeResponse> {
    const request = encodeAddAttributeRequest({ uniqueIdentifier: i.uniqueIdentifier, attribute: oneAttributeOf('AddAttribute', i.attribute) });
    return this.#call(request, decodeAddAttributeResponse);
  }

  /** Changes an attribute's value. */
  modifyAttribute(i: ModifyAttributeInput): Promise<ModifyAttributeResponse> {
    return this.#call(modifyAttributeRequest(i), decodeModifyAttributeResponse);
  }

  /** Deletes an attribute (value). */
  deleteAttribute(i: DeleteAttributeInput): Promise<DeleteAttributeResponse> {
    return this.#call(deleteAttributeRequest(i), decodeDeleteAttributeResponse);
  }

  /** The identifiers of the objects matching the attributes. */
  locate(i: LocateInput = {}): Promise<LocateResponse> {
    const request = encodeLocateRequest({ attributes: attributesOf(i.attributes), maximumItems: i.maximumItems, offsetItems: i.offsetItems });
    return this.#call(request, decodeLocateResponse);
  }

  /** Encrypts data. */
  encrypt(i: EncryptInput): Promise<EncryptResponse> {
    return this.#call(encodeEncryptRequest({ ...i, parameters: optParameters(i.parameters) }), decodeEncryptResponse);
  }

  /** Decrypts data. */
  decrypt(i: DecryptInput): Promise<DecryptResponse> {
    return this.#call(encodeDecryptRequest({ ...i, parameters: optParameters(i.parameters) }), decodeDecryptResponse);
  }

  /** Signs data (or a digest). */
  sign(i: SignInput): Promise<SignResponse> {
    const request = encodeSignRequest({ ...i, parameters: optParameters(i.parameters), input: signedInputOf(i) });
    return this.#call(request, decodeSignResponse);
  }

  /** Verifies a signature. */
  signatureVerify(i: SignatureVerifyInput): Promise<SignatureVerifyResponse> {
    const request = encodeSignatureVerifyRequest({ ...i, parameters: optParameters(i.parameters), input: signedInputOf(i) });
    return this.#call(request, decodeSignatureVerifyResponse);
  }

  /** Computes a MAC. */
  mac(i: MacInput): Promise<MacResponse> {
    return this.#call(encodeMacRequest({ ...i, parameters: optParameters(i.parameters) }), decodeMacResponse);
  }

  /** Verifies a MAC. */
  macVerify(i: MacVerifyInput): Promise<MacVerifyResponse> {
    return this.#call(encodeMacVerifyRequest({ ...i, parameters: optParameters(i.parameters) }), decodeMacVerifyResponse);
  }

  /** Hashes data. */
  hash(i: HashInput): Promise<HashResponse> {
    return this.#call(encodeHashRequest({ ...i, parameters: parametersOf(i.parameters) }), decodeHashResponse);
  }

  /** Random bytes from the server. */
  rngRetrieve(i: RngRetrieveInput): Promise<RngRetrieveResponse> {
    return this.#call(encodeRngRetrieveRequest(i), decodeRngRetrieveResponse);
  }

  /** Derives a new object from base objects. */
  deriveKey(i: DeriveKeyInput): Promise<DeriveKeyResponse> {
    return this.#call(deriveKeyRequest(i), decodeDeriveKeyResponse);
  }

  /** Replaces a symmetric key with a new one. */
  reKey(i: ReKeyInput): Promise<ReKeyResponse> {
    const request = encodeReKeyRequest({ uniqueIdentifier: i.uniqueIdentifier, offsetMs: i.offsetMs, attributes: attributesOf(i.attributes) });
    return this.#call(request, decodeReKeyResponse);
  }

  /** Replaces a key pair with a new one. */
  reKeyKeyPair(i: ReKeyKeyPairInput): Promise<ReKeyKeyPairResponse> {
    return this.#call(reKeyKeyPairRequest(i), decodeReKeyKeyPairResponse);
  }

  /** Activates a PreActive object. */
  activate(i: IdInput): Promise<ActivateResponse> {
    return this.#call(encodeActivateRequest(i), decodeActivateResponse);
  }

  /** Revokes an object. */
  revoke(i: RevokeInput): Promise<RevokeResponse> {
    return this.#call(revokeRequest(i), decodeRevokeResponse);
  }

  /** Destroys an object's key material. */
  destroy(i: IdInput): Promise<DestroyResponse> {
    return this.#call(encodeDestroyRequest(i), decodeDestroyResponse);
  }

  /** What the server supports. */
  query(i: QueryInput = {}): Promise<QueryResponse> {
    const functions = i.functions ?? ['QueryOperations', 'QueryObjects', 'QueryServerInformation'];
    return this.#call(encodeQueryRequest({ functions }), decodeQueryResponse);
  }

  /** The protocol versions both sides speak. */
  discoverVersions(i: DiscoverVersionsInput = {}): Promise<DiscoverVersionsResponse> {
    return this.#call(encodeDiscoverVersionsRequest({ versions: i.versions ?? [] }), decodeDiscoverVersionsResponse);
  }
}
