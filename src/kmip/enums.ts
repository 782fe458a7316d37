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

/** The KMIP operations this server dispatches (Operation enumeration names). */
export const OPERATIONS = [
  'Create', 'Import', 'Get', 'Export', 'GetAttributes', 'SetAttribute', 'DeleteAttribute', 'Locate', 'Encrypt', 'Decrypt',
  'Revoke', 'Destroy',
] as const;
/** An implemented operation. */
export type OperationName = (typeof OPERATIONS)[number];

/** True when the name is an implemented operation. */
export function isOperationName(name: string): name is OperationName {
  return (OPERATIONS as readonly string[]).includes(name);
}

/** CryptographicUsageMask bits used here. */
export const USAGE = {
  Encrypt: 0x4,
  Decrypt: 0x8,
  WrapKey: 0x10,
  UnwrapKey: 0x20,
  KeyAgreement: 0x800,
  Unrestricted: 0x200000,
} as const;

/** The mask Cosmian gives every created symmetric key: Encrypt|Decrypt|WrapKey|UnwrapKey|KeyAgreement. */
export const DEFAULT_SYMMETRIC_USAGE_MASK = 2108;
