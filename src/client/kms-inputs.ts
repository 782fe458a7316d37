/**
 * What the typed client's methods take: plain objects, optional fields optional, attributes as
 * AttributeFields, bytes as Uint8Array. Field names follow the decoded request types.
 * @module
 */
import type { AttributeFields } from '../kmip/attribute-fields.js';
import type { KeyBlockParts } from '../kmip/key-block.js';
import type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';
import type { AttributeReference } from '../kmip/operations/attribute-reference.js';
import type { ProtocolVersion } from '../kmip/operations/discover-versions.js';
import type { QueryFunction } from '../kmip/operations/query.js';
import type {
  CryptographicAlgorithm, DerivationMethod, EncodingOption, KeyFormatType, KEY_WRAP_TYPES, ObjectType, RevocationReasonCode, SecretDataType,
} from '../kmip/enums.js';

/** CryptographicParameters: only the ones a call needs. */
export type ParametersInput = Partial<CryptographicParameters>;

/** A KeyWrapType. */
export type KeyWrapType = (typeof KEY_WRAP_TYPES)[number];

/** Names one object. */
export interface IdInput {
  readonly uniqueIdentifier: string;
}

/** Create: a symmetric key (the default) or secret data. */
export interface CreateInput {
  readonly objectType?: 'SymmetricKey' | 'SecretData';
  readonly attributes?: AttributeFields;
}

/** CreateKeyPair: attributes for both keys, and for each. */
export interface CreateKeyPairInput {
  readonly commonAttributes?: AttributeFields;
  readonly privateKeyAttributes?: AttributeFields;
  readonly publicKeyAttributes?: AttributeFields;
}

/**
 * An object to Register or Import: raw symmetric key bytes, secret data, DER private keys
 * (PKCS#8, PKCS#1, SEC1) or public keys (SubjectPublicKeyInfo, PKCS#1), DER X.509 certificates, or any KeyBlock.
 */
export type ObjectInput =
  | { readonly objectType: 'SymmetricKey'; readonly key: Uint8Array; readonly cryptographicAlgorithm?: CryptographicAlgorithm }
  | { readonly objectType: 'SecretData'; readonly secret: Uint8Array; readonly secretDataType?: SecretDataType }
  | { readonly objectType: 'PrivateKey'; readonly der: Uint8Array; readonly format: 'PKCS8' | 'PKCS1' | 'SEC1' }
  | { readonly objectType: 'PublicKey'; readonly der: Uint8Array; readonly format: 'SPKI' | 'PKCS1' }
  | { readonly objectType: 'Certificate'; readonly certificate: Uint8Array }
  | { readonly objectType: ObjectType; readonly keyBlock: KeyBlockParts; readonly secretDataType?: SecretDataType };

/** Register: an object and its attributes; the server picks the identifier unless attributes name one. */
export interface RegisterInput {
  readonly object: ObjectInput;
  readonly attributes?: AttributeFields;
}

/** Import: an object under a chosen identifier (empty or absent: the server chooses). */
export interface ImportInput extends RegisterInput {
  readonly uniqueIdentifier?: string;
  readonly replaceExisting?: boolean;
  /** NotWrapped unwraps a wrapped block on import; by default it is kept as registered. */
  readonly keyWrapType?: KeyWrapType;
}

/** Wrap the returned key with another key of the server. */
export interface WrappingInput {
  readonly wrappingKeyId: string;
  readonly cryptographicParameters?: ParametersInput;
  readonly encodingOption?: EncodingOption;
}

/** Get and Export. */
export interface GetInput extends IdInput {
  readonly keyFormatType?: KeyFormatType;
  readonly keyWrapType?: KeyWrapType;
  readonly wrapping?: WrappingInput;
}

/** An attribute by KMIP tag name (e.g. `'CryptographicLength'`) or a full reference. */
export type ReferenceInput = string | AttributeReference;

/** GetAttributes: the referenced attributes, or all of them. */
export interface GetAttributesInput extends IdInput {
  readonly references?: readonly ReferenceInput[];
}

/** SetAttribute and AddAttribute: `attribute` must hold exactly one attribute (e.g. `{ comment: 'x' }`). */
export interface AttributeInput extends IdInput {
  readonly attribute: AttributeFields;
}

/** ModifyAttribute: the new value, and the value it replaces for attributes holding several. */
export interface ModifyAttributeInput extends AttributeInput {
  readonly current?: AttributeFields;
}

/** DeleteAttribute: a value to delete (one attribute), references, or both. */
export interface DeleteAttributeInput extends IdInput {
  readonly attribute?: AttributeFields;
  readonly references?: readonly ReferenceInput[];
}

/** Locate: objects matching every given attribute (tags included). */
export interface LocateInput {
  readonly attributes?: AttributeFields;
  readonly maximumItems?: number;
  readonly offsetItems?: number;
}

/** Encrypt. */
export interface EncryptInput extends IdInput {
  readonly data: Uint8Array;
  readonly parameters?: ParametersInput;
  readonly nonce?: Uint8Array;
  readonly aad?: Uint8Array;
  readonly correlationValue?: Uint8Array;
}

/** Decrypt: what Encrypt returned (nonce and tag included). */
export interface DecryptInput extends EncryptInput {
  readonly tag?: Uint8Array;
}

/** The message itself, or its digest under the signature scheme's hash. */
export type SignedDataInput = { readonly data: Uint8Array; readonly digest?: never } | { readonly digest: Uint8Array; readonly data?: never };

/** Sign. */
export type SignInput = IdInput & SignedDataInput & { readonly parameters?: ParametersInput; readonly correlationValue?: Uint8Array };

/** SignatureVerify. */
export type SignatureVerifyInput = SignInput & { readonly signatureData: Uint8Array };

/** MAC. */
export interface MacInput extends IdInput {
  readonly data: Uint8Array;
  readonly parameters?: ParametersInput;
  readonly correlationValue?: Uint8Array;
}

/** MACVerify. */
export interface MacVerifyInput extends IdInput {
  readonly data: Uint8Array;
  readonly macData: Uint8Array;
  readonly parameters?: ParametersInput;
}

/** Hash: `parameters.hashingAlgorithm` names the digest. */
export interface HashInput {
  readonly parameters: ParametersInput;
  readonly data: Uint8Array;
  readonly correlationValue?: Uint8Array;
}

/** RNGRetrieve. */
export interface RngRetrieveInput {
  readonly dataLength: number;
}

/** DeriveKey: a new object from base objects. */
export interface DeriveKeyInput {
  /** SymmetricKey by default. */
  readonly objectType?: ObjectType;
  readonly uniqueIdentifiers: readonly string[];
  readonly derivationMethod: DerivationMethod;
  readonly parameters?: {
    readonly cryptographicParameters?: ParametersInput;
    readonly initializationVector?: Uint8Array;
    readonly derivationData?: Uint8Array;
    readonly salt?: Uint8Array;
    readonly iterationCount?: number;
  };
  readonly attributes?: AttributeFields;
}

/** ReKey: a replacement for a symmetric key, active after `offsetMs` (whole seconds). */
export interface ReKeyInput extends IdInput {
  readonly offsetMs?: number;
  readonly attributes?: AttributeFields;
}

/** ReKeyKeyPair. */
export interface ReKeyKeyPairInput extends CreateKeyPairInput {
  readonly privateKeyUniqueIdentifier: string;
  readonly offsetMs?: number;
}

/** Revoke: with a reason code, KMIP's revocation; with only a message, a plain deactivation. */
export interface RevokeInput extends IdInput {
  readonly reasonCode?: RevocationReasonCode;
  readonly message?: string;
  readonly compromiseOccurrenceDate?: Date;
}

/** Query: the functions asked for (operations, object types and server information by default). */
export interface QueryInput {
  readonly functions?: readonly QueryFunction[];
}

/** DiscoverVersions: the versions the client speaks (none: all the server speaks). */
export interface DiscoverVersionsInput {
  readonly versions?: readonly ProtocolVersion[];
}

/** The subject fields of a certificate, as Cosmian's CertificateAttributes name them (`CertificateSubject<Field>`). */
export type CertificateSubjectField = 'Cn' | 'O' | 'Ou' | 'C' | 'St' | 'L' | 'Email' | 'Uid' | 'SerialNumber' | 'Title' | 'Dc' | 'DnQualifier';

/** A certificate subject: the fields given. */
export type CertificateSubject = { readonly [K in CertificateSubjectField]?: string };

/** A PKCS#10 certificate signing request: PEM text (as bytes) or DER. */
export interface CertificateRequestInput {
  readonly type: 'PEM' | 'PKCS10';
  readonly value: Uint8Array;
}

/**
 * Certify, in one of its modes: a certificate request; a public key (`uniqueIdentifier`) and a
 * subject; a certificate to renew (`uniqueIdentifier`); or neither, to have a key pair generated
 * (its algorithm in `attributes`) with a subject. Without an issuer the certificate is self-signed.
 */
export interface CertifyInput {
  /** A public key to certify, or a certificate to renew. */
  readonly uniqueIdentifier?: string;
  readonly certificateRequest?: CertificateRequestInput;
  readonly subject?: CertificateSubject;
  readonly issuerCertificateId?: string;
  readonly issuerPrivateKeyId?: string;
  /** Validity in days (the server's default otherwise). */
  readonly validityDays?: number;
  /** The text of an OpenSSL extension section (x509v3_config) to add. */
  readonly extensions?: string;
  /** Any other attributes: the identifier wanted, tags, the algorithm of a key pair to generate. */
  readonly attributes?: AttributeFields;
}

/** Validate: a chain given as certificate bytes (DER) and identifiers of stored certificates, in any order. */
export interface ValidateInput {
  readonly certificates?: readonly Uint8Array[];
  readonly uniqueIdentifiers?: readonly string[];
  /** The moment the chain must be valid at (default: now). */
  readonly validityTime?: Date;
}

/** A PKCS#12 export: a private key with its certificate and chain, protected by a password. */
export interface Pkcs12ExportInput {
  readonly privateKeyId: string;
  readonly password: string;
}

/** A PKCS#12 import: the private key, its certificate and its chain become linked objects. */
export interface Pkcs12ImportInput {
  readonly pkcs12: Uint8Array;
  readonly password: string;
  /** The private key's identifier (empty or absent: the server chooses). */
  readonly uniqueIdentifier?: string;
  readonly replaceExisting?: boolean;
  readonly attributes?: AttributeFields;
}
