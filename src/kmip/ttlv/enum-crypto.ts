/**
 * KMIP enumeration values of the cryptographic tags (algorithms, modes, curves, key roles), by the
 * names src/kmip/enums.ts uses; values from the KMIP 1.0-2.1 specifications.
 * @module
 */
import type { EnumSpec } from './enum-table.js';

const HASHING_ALGORITHM: EnumSpec = [
  'MD2', 'MD4', 'MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'RIPEMD160', 'Tiger', 'Whirlpool', 'SHA512224',
  'SHA512256', 'SHA3224', 'SHA3256', 'SHA3384', 'SHA3512',
];

/** Enumerations of the cryptographic tags, by tag name. */
export const CRYPTO_ENUMS: Readonly<Record<string, EnumSpec>> = {
  CryptographicAlgorithm: [
    'DES', 'THREE_DES', 'AES', 'RSA', 'DSA', 'ECDSA', 'HMACSHA1', 'HMACSHA224', 'HMACSHA256', 'HMACSHA384', 'HMACSHA512',
    'HMACMD5', 'DH', 'ECDH', 'ECMQV', 'Blowfish', 'Camellia', 'CAST5', 'IDEA', 'MARS', 'RC2', 'RC4', 'RC5', 'SKIPJACK',
    'Twofish', 'EC', 'OneTimePad', 'ChaCha20', 'Poly1305', 'ChaCha20Poly1305', 'SHA3224', 'SHA3256', 'SHA3384', 'SHA3512',
    'HMACSHA3224', 'HMACSHA3256', 'HMACSHA3384', 'HMACSHA3512', 'SHAKE128', 'SHAKE256', 'ARIA', 'SEED', 'SM2', 'SM3', 'SM4',
    'GOSTR34102012', 'GOSTR34112012', 'GOSTR34132015', 'GOST28147', 'XMSS', 'SPHINCS', 'McEliece', 'McEliece6960119',
    'McEliece8192128', 'Ed25519', 'Ed448',
  ],
  BlockCipherMode: [
    'CBC', 'ECB', 'PCBC', 'CFB', 'OFB', 'CTR', 'CMAC', 'CCM', 'GCM', 'CBCMAC', 'XTS', 'AESKeyWrapPadding', 'NISTKeyWrap',
    'X9102AESKW', 'X9102TDKW', 'X9102AKW1', 'X9102AKW2', 'AEAD',
  ],
  PaddingMethod: ['None', 'OAEP', 'PKCS5', 'SSL3', 'Zeros', 'ANSI_X923', 'ISO10126', 'PKCS1v15', 'X931', 'PSS'],
  HashingAlgorithm: HASHING_ALGORITHM,
  MaskGeneratorHashingAlgorithm: HASHING_ALGORITHM,
  DigitalSignatureAlgorithm: [
    'MD2WithRSAEncryption', 'MD5WithRSAEncryption', 'SHA1WithRSAEncryption', 'SHA224WithRSAEncryption',
    'SHA256WithRSAEncryption', 'SHA384WithRSAEncryption', 'SHA512WithRSAEncryption', 'RSASSAPSS', 'DSAWithSHA1',
    'DSAWithSHA224', 'DSAWithSHA256', 'ECDSAWithSHA1', 'ECDSAWithSHA224', 'ECDSAWithSHA256', 'ECDSAWithSHA384',
    'ECDSAWithSHA512', 'SHA3256WithRSAEncryption', 'SHA3384WithRSAEncryption', 'SHA3512WithRSAEncryption',
  ],
  RecommendedCurve: [
    'P192', 'K163', 'B163', 'P224', 'K233', 'B233', 'P256', 'K283', 'B283', 'P384', 'K409', 'B409', 'P521', 'K571',
    'B571', 'SECP112R1', 'SECP112R2', 'SECP128R1', 'SECP128R2', 'SECP160K1', 'SECP160R1', 'SECP160R2', 'SECP191K1',
    'SECP224K1', 'SECP256K1', 'SECT113R1', 'SECT113R2', 'SECT131R1', 'SECT131R2', 'SECT163R1', 'SECT193R1',
    'SECT193R2', 'SECT239K1', 'ANSIX9P192V2', 'ANSIX9P192V3', 'ANSIX9P239V1', 'ANSIX9P239V2', 'ANSIX9P239V3',
    'ANSIX9C2PNB163V1', 'ANSIX9C2PNB163V2', 'ANSIX9C2PNB163V3', 'ANSIX9C2PNB176V1', 'ANSIX9C2TNB191V1',
    'ANSIX9C2TNB191V2', 'ANSIX9C2TNB191V3', 'ANSIX9C2PNB208W1', 'ANSIX9C2TNB239V1', 'ANSIX9C2TNB239V2',
    'ANSIX9C2TNB239V3', 'ANSIX9C2PNB272W1', 'ANSIX9C2PNB304W1', 'ANSIX9C2TNB359V1', 'ANSIX9C2PNB368W1',
    'ANSIX9C2TNB431R1', 'BRAINPOOLP160R1', 'BRAINPOOLP160T1', 'BRAINPOOLP192R1', 'BRAINPOOLP192T1',
    'BRAINPOOLP224R1', 'BRAINPOOLP224T1', 'BRAINPOOLP256R1', 'BRAINPOOLP256T1', 'BRAINPOOLP320R1',
    'BRAINPOOLP320T1', 'BRAINPOOLP384R1', 'BRAINPOOLP384T1', 'BRAINPOOLP512R1', 'BRAINPOOLP512T1', 'CURVE25519',
    'CURVE448',
  ],
  KeyRoleType: [
    'BDK', 'CVK', 'DEK', 'MKAC', 'MKSMC', 'MKSMI', 'MKDAC', 'MKDN', 'MKCP', 'MKOTH', 'KEK', 'MAC16609', 'MAC97971',
    'MAC97972', 'MAC97973', 'MAC97974', 'MAC97975', 'ZPK', 'PVKIBM', 'PVKPVV', 'PVKOTH', 'DUKPT', 'IV', 'TRKBK',
  ],
  MaskGenerator: ['MGF1'],
  DerivationMethod: [
    'PBKDF2', 'HASH', 'HMAC', 'ENCRYPT', 'NIST800108C', 'NIST800108F', 'NIST800108DPI', 'AsymmetricKey',
    'AWSSignatureVersion4', 'HKDF',
  ],
  RNGAlgorithm: ['Unspecified', 'FIPS1862', 'DRBG', 'NRBG', 'ANSIX931', 'ANSIX962'],
  DRBGAlgorithm: ['Unspecified', 'DualEC', 'Hash', 'HMAC', 'CTR'],
  FIPS186Variation: ['Unspecified', 'GPXOriginal', 'GPXChangeNotice', 'XOriginal', 'XChangeNotice', 'KOriginal', 'KChangeNotice'],
  RNGMode: ['Unspecified', 'SharedInstantiation', 'NonSharedInstantiation'],
  KeyCompressionType: [
    'ECPublicKeyTypeUncompressed', 'ECPublicKeyTypeX962CompressedPrime', 'ECPublicKeyTypeX962CompressedChar2',
    'ECPublicKeyTypeX962Hybrid',
  ],
  WrappingMethod: ['Encrypt', 'MACSign', 'EncryptThenMACSign', 'MACSignThenEncrypt', 'TR31'],
  EncodingOption: ['NoEncoding', 'TTLVEncoding'],
  KeyWrapType: ['NotWrapped', 'AsRegistered'],
  SplitKeyMethod: ['XOR', 'PolynomialSharingGF216', 'PolynomialSharingPrimeField', 'PolynomialSharingGF28'],
  ShreddingAlgorithm: ['Unspecified', 'Cryptographic', 'Unsupported'],
  ProtectionLevel: ['High', 'Low'],
};
