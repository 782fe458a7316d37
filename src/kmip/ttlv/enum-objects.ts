/**
 * KMIP enumeration values of the object and attribute tags (object types, key formats, states,
 * links, names, certificates), by the names src/kmip/enums.ts uses; values from KMIP 1.0-2.1.
 * @module
 */
import type { EnumSpec } from './enum-table.js';

const TEXT_OR_URI: EnumSpec = ['UninterpretedTextString', 'URI'];

/** Enumerations of the object and attribute tags, by tag name. */
export const OBJECT_ENUMS: Readonly<Record<string, EnumSpec>> = {
  ObjectType: [
    'Certificate', 'SymmetricKey', 'PublicKey', 'PrivateKey', 'SplitKey', 'Template', 'SecretData', 'OpaqueObject',
    'PGPKey', 'CertificateRequest',
  ],
  KeyFormatType: [
    'Raw', 'Opaque', 'PKCS1', 'PKCS8', 'X509', 'ECPrivateKey', 'TransparentSymmetricKey', 'TransparentDSAPrivateKey',
    'TransparentDSAPublicKey', 'TransparentRSAPrivateKey', 'TransparentRSAPublicKey', 'TransparentDHPrivateKey',
    'TransparentDHPublicKey',
    // 0x0E-0x13 are KMIP 1.x only (reserved from 2.0).
    'TransparentECDSAPrivateKey', 'TransparentECDSAPublicKey', 'TransparentECDHPrivateKey', 'TransparentECDHPublicKey',
    'TransparentECMQVPrivateKey', 'TransparentECMQVPublicKey',
    'TransparentECPrivateKey', 'TransparentECPublicKey', 'PKCS12', 'PKCS10',
  ],
  State: ['PreActive', 'Active', 'Deactivated', 'Compromised', 'Destroyed', 'Destroyed_Compromised'],
  RevocationReasonCode: [
    'Unspecified', 'KeyCompromise', 'CACompromise', 'AffiliationChanged', 'Superseded', 'CessationOfOperation',
    'PrivilegeWithdrawn',
  ],
  NameType: TEXT_OR_URI,
  KeyValueLocationType: TEXT_OR_URI,
  LinkType: [
    [0x101, 'CertificateLink'], 'PublicKeyLink', 'PrivateKeyLink', 'DerivationBaseObjectLink', 'DerivedKeyLink',
    'ReplacementObjectLink', 'ReplacedObjectLink', 'ParentLink', 'ChildLink', 'PreviousLink', 'NextLink',
    'PKCS12CertificateLink', 'PKCS12PasswordLink', 'WrappingKeyLink',
  ],
  CertificateType: ['X509', 'PGP'],
  CertificateRequestType: ['CRMF', 'PKCS10', 'PEM', 'PGP'],
  SecretDataType: ['Password', 'Seed'],
  ValidityIndicator: ['Valid', 'Invalid', 'Unknown'],
  ObjectGroupMember: ['GroupMemberFresh', 'GroupMemberDefault'],
  UsageLimitsUnit: ['Byte', 'Object'],
  AlternativeNameType: [
    'UninterpretedTextString', 'URI', 'ObjectSerialNumber', 'EmailAddress', 'DNSName', 'X500DistinguishedName', 'IPAddress',
  ],
  AttestationType: ['TPMQuote', 'TCGIntegrityReport', 'SAMLAssertion'],
  UnwrapMode: ['Unspecified', 'Processed', 'NotProcessed'],
  DestroyAction: [
    'Unspecified', 'KeyMaterialDeleted', 'KeyMaterialShredded', 'MetaDataDeleted', 'MetaDataShredded', 'Deleted', 'Shredded',
  ],
  NISTKeyType: [
    'PrivateSignatureKey', 'PublicSignatureVerificationKey', 'SymmetricAuthenticationKey', 'PrivateAuthenticationKey',
    'PublicAuthenticationKey', 'SymmetricDataEncryptionKey', 'SymmetricKeyWrappingKey', 'SymmetricRandomNumberGenerationKey',
    'SymmetricMasterKey', 'PrivateKeyTransportKey', 'PublicKeyTransportKey', 'SymmetricKeyAgreementKey',
    'PrivateStaticKeyAgreementKey', 'PublicStaticKeyAgreementKey', 'PrivateEphemeralKeyAgreementKey',
    'PublicEphemeralKeyAgreementKey', 'SymmetricAuthorizationKey', 'PrivateAuthorizationKey', 'PublicAuthorizationKey',
  ],
  ValidationAuthorityType: ['Unspecified', 'NISTCMVP', 'CommonCriteria'],
  ValidationType: ['Unspecified', 'Hardware', 'Software', 'Firmware', 'Hybrid'],
  AdjustmentType: ['Increment', 'Decrement', 'Negate'],
};
