/**
 * The enumeration names this server reads and writes (KMIP 2.1 names, Cosmian spellings).
 * @module
 */

/** ObjectType names. */
export const OBJECT_TYPES = ['Certificate', 'SymmetricKey', 'PublicKey', 'PrivateKey', 'SplitKey', 'SecretData', 'OpaqueObject', 'PGPKey', 'CertificateRequest'] as const;
/** An ObjectType. */
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** CryptographicAlgorithm names this server knows of (a subset of KMIP's plus Cosmian's). */
export const CRYPTOGRAPHIC_ALGORITHMS = [
  'DES', 'THREE_DES', 'AES', 'RSA', 'DSA', 'ECDSA', 'HMACSHA1', 'HMACSHA224', 'HMACSHA256', 'HMACSHA384', 'HMACSHA512',
  'HMACMD5', 'DH', 'ECDH', 'ECMQV', 'Blowfish', 'Camellia', 'CAST5', 'IDEA', 'MARS', 'RC2', 'RC4', 'RC5', 'SKIPJACK',
  'Twofish', 'EC', 'OneTimePad', 'ChaCha20', 'Poly1305', 'ChaCha20Poly1305', 'SHA3224', 'SHA3256', 'SHA3384', 'SHA3512',
  'HMACSHA3224', 'HMACSHA3256', 'HMACSHA3384', 'HMACSHA3512', 'SHAKE128', 'SHAKE256', 'ARIA', 'SEED', 'SM2', 'SM3', 'SM4',
  'GOST28147', 'XMSS', 'SPHINCS', 'Ed25519', 'Ed448', 'CoverCrypt', 'CoverCryptBulk',
] as const;
/** A CryptographicAlgorithm. */
export type CryptographicAlgorithm = (typeof CRYPTOGRAPHIC_ALGORITHMS)[number];

/** KeyFormatType names. */
export const KEY_FORMAT_TYPES = [
  'Raw', 'Opaque', 'PKCS1', 'PKCS8', 'X509', 'ECPrivateKey', 'TransparentSymmetricKey', 'TransparentDSAPrivateKey',
  'TransparentDSAPublicKey', 'TransparentRSAPrivateKey', 'TransparentRSAPublicKey', 'TransparentDHPrivateKey',
  'TransparentDHPublicKey', 'TransparentECPrivateKey', 'TransparentECPublicKey', 'PKCS12', 'PKCS10', 'Pkcs12Legacy',
  'PKCS7', 'CoverCryptSecretKey', 'CoverCryptPublicKey',
] as const;
/** A KeyFormatType. */
export type KeyFormatType = (typeof KEY_FORMAT_TYPES)[number];

/** BlockCipherMode names. */
export const BLOCK_CIPHER_MODES = [
  'CBC', 'ECB', 'PCBC', 'CFB', 'OFB', 'CTR', 'CMAC', 'CCM', 'GCM', 'CBCMAC', 'XTS', 'X9102AESKW', 'X9102TDKW',
  'X9102AKW', 'X9102ANSI', 'AESKeyWrapPadding', 'NISTKeyWrap', 'GCMSIV',
] as const;
/** A BlockCipherMode. */
export type BlockCipherMode = (typeof BLOCK_CIPHER_MODES)[number];

/** KeyWrapType names. */
export const KEY_WRAP_TYPES = ['NotWrapped', 'AsRegistered'] as const;

/** RevocationReasonCode names. */
export const REVOCATION_REASON_CODES = [
  'Unspecified', 'KeyCompromise', 'CACompromise', 'AffiliationChanged', 'Superseded', 'CessationOfOperation', 'PrivilegeWithdrawn',
] as const;
/** A RevocationReasonCode. */
export type RevocationReasonCode = (typeof REVOCATION_REASON_CODES)[number];

/** ValidityIndicator names: Validate's verdict on a certificate chain. */
export const VALIDITY_INDICATORS = ['Valid', 'Invalid', 'Unknown'] as const;
/** A ValidityIndicator. */
export type ValidityIndicator = (typeof VALIDITY_INDICATORS)[number];

/** The KMIP operations this server dispatches (Operation enumeration names). */
export const OPERATIONS = [
  'Create', 'Import', 'Get', 'Export', 'GetAttributes', 'SetAttribute', 'DeleteAttribute', 'Locate', 'Encrypt', 'Decrypt',
  'Revoke', 'Destroy',
  'Activate', 'ReKey', 'ReKeyKeyPair',
  'Register',
  'CreateKeyPair',
  'Sign', 'SignatureVerify', 'DeriveKey',
  'AddAttribute', 'ModifyAttribute', 'GetAttributeList',
  'Hash', 'RNGRetrieve', 'MAC', 'MACVerify', 'Query', 'DiscoverVersions',
  'Certify', 'Validate',
] as const;
/** An implemented operation. */
export type OperationName = (typeof OPERATIONS)[number];

/** True when the name is an implemented operation. */
export function isOperationName(name: string): name is OperationName {
  return (OPERATIONS as readonly string[]).includes(name);
}

/** CryptographicUsageMask bits (KMIP 2.1 plus Cosmian's Unrestricted). */
export const USAGE = {
  Sign: 0x1,
  Verify: 0x2,
  Encrypt: 0x4,
  Decrypt: 0x8,
  WrapKey: 0x10,
  UnwrapKey: 0x20,
  MACGenerate: 0x80,
  MACVerify: 0x100,
  DeriveKey: 0x200,
  KeyAgreement: 0x800,
  Unrestricted: 0x200000,
} as const;
/** A usage the server checks. */
export type Usage = keyof typeof USAGE;

/** The CryptographicUsageMask of a list of usages (a number is taken as the mask itself). */
export function usageMaskOf(usage: number | readonly Usage[]): number {
  return typeof usage === 'number' ? usage : usage.reduce((mask, u) => mask | USAGE[u], 0);
}

/** The usages a mask grants, in USAGE's order (bits this server does not name are left out). */
export function usagesOf(mask: number): Usage[] {
  return (Object.keys(USAGE) as Usage[]).filter((u) => (mask & USAGE[u]) !== 0);
}

/** RecommendedCurve names (Cosmian spellings). */
export const RECOMMENDED_CURVES = ['P192', 'P224', 'P256', 'P384', 'P521', 'CURVE25519', 'CURVE448', 'CURVEED25519', 'CURVEED448'] as const;
/** A RecommendedCurve. */
export type RecommendedCurve = (typeof RECOMMENDED_CURVES)[number];

/** PaddingMethod names. */
export const PADDING_METHODS = ['None', 'OAEP', 'PKCS5', 'SSL3', 'Zeros', 'ANSI_X923', 'ISO10126', 'PKCS1v15', 'X931', 'PSS'] as const;
/** A PaddingMethod. */
export type PaddingMethod = (typeof PADDING_METHODS)[number];

/** HashingAlgorithm names (Cosmian spellings). */
export const HASHING_ALGORITHMS = [
  'MD2', 'MD4', 'MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'RIPEMD160', 'Tiger', 'Whirlpool', 'SHA512224',
  'SHA512256', 'SHA3224', 'SHA3256', 'SHA3384', 'SHA3512',
] as const;
/** A HashingAlgorithm. */
export type HashingAlgorithm = (typeof HASHING_ALGORITHMS)[number];

/** DigitalSignatureAlgorithm names (Cosmian spellings). */
export const DIGITAL_SIGNATURE_ALGORITHMS = [
  'MD2WithRSAEncryption', 'MD5WithRSAEncryption', 'SHA1WithRSAEncryption', 'SHA224WithRSAEncryption',
  'SHA256WithRSAEncryption', 'SHA384WithRSAEncryption', 'SHA512WithRSAEncryption', 'RSASSAPSS', 'DSAWithSHA1',
  'DSAWithSHA224', 'DSAWithSHA256', 'ECDSAWithSHA1', 'ECDSAWithSHA224', 'ECDSAWithSHA256', 'ECDSAWithSHA384',
  'ECDSAWithSHA512', 'SHA3256WithRSAEncryption', 'SHA3384WithRSAEncryption', 'SHA3512WithRSAEncryption',
] as const;
/** A DigitalSignatureAlgorithm. */
export type DigitalSignatureAlgorithm = (typeof DIGITAL_SIGNATURE_ALGORITHMS)[number];

/** MaskGenerator names. */
export const MASK_GENERATORS = ['MGF1'] as const;

/** WrappingMethod names. */
export const WRAPPING_METHODS = ['Encrypt', 'MACSign', 'EncryptThenMACSign', 'MACSignThenEncrypt', 'TR31'] as const;
/** A WrappingMethod. */
export type WrappingMethod = (typeof WRAPPING_METHODS)[number];

/** EncodingOption names. */
export const ENCODING_OPTIONS = ['NoEncoding', 'TTLVEncoding'] as const;
/** An EncodingOption. */
export type EncodingOption = (typeof ENCODING_OPTIONS)[number];

/** SecretDataType names. */
export const SECRET_DATA_TYPES = ['Password', 'Seed', 'FunctionalKey', 'FunctionalKeyShare'] as const;
/** A SecretDataType. */
export type SecretDataType = (typeof SECRET_DATA_TYPES)[number];

/** DerivationMethod names. */
export const DERIVATION_METHODS = ['PBKDF2', 'HASH', 'HMAC', 'ENCRYPT', 'NIST800108C', 'NIST800108F', 'NIST800108DPI', 'AsymmetricKey', 'AWSSignatureVersion4', 'HKDF'] as const;
/** A DerivationMethod. */
export type DerivationMethod = (typeof DERIVATION_METHODS)[number];

/** LinkType names. */
export const LINK_TYPES = [
  'CertificateLink', 'PublicKeyLink', 'PrivateKeyLink', 'DerivationBaseObjectLink', 'DerivedKeyLink', 'ReplacementObjectLink',
  'ReplacedObjectLink', 'ParentLink', 'ChildLink', 'PreviousLink', 'NextLink', 'PKCS12CertificateLink', 'PKCS12PasswordLink',
  'WrappingKeyLink',
] as const;
/** A LinkType. */
export type LinkType = (typeof LINK_TYPES)[number];

/** The object states, as KMIP names them. */
export const OBJECT_STATES = ['PreActive', 'Active', 'Deactivated', 'Compromised', 'Destroyed', 'Destroyed_Compromised'] as const;
/** An object state. */
export type ObjectState = (typeof OBJECT_STATES)[number];

/** The mask Cosmian gives every created symmetric key: Encrypt|Decrypt|WrapKey|UnwrapKey|KeyAgreement. */
export const DEFAULT_SYMMETRIC_USAGE_MASK = 2108;
