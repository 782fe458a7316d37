/**
 * CryptographicParameters, as Encrypt, Decrypt, Sign, MAC and key wrapping read them.
 * @module
 */
import {
  BLOCK_CIPHER_MODES,
  CRYPTOGRAPHIC_ALGORITHMS,
  DIGITAL_SIGNATURE_ALGORITHMS,
  HASHING_ALGORITHMS,
  MASK_GENERATORS,
  PADDING_METHODS,
  type BlockCipherMode,
  type CryptographicAlgorithm,
  type DigitalSignatureAlgorithm,
  type HashingAlgorithm,
  type PaddingMethod,
} from '../enums.js';
import { enumeration, long, opt, struct, bool } from '../ttlv/build.js';
import { optBool, optEnum, optLong, optStruct } from '../ttlv/read.js';
import type { TtlvStructure } from '../ttlv/node.js';

/** The parameters this server interprets. */
export interface CryptographicParameters {
  readonly blockCipherMode: BlockCipherMode | undefined;
  readonly paddingMethod: PaddingMethod | undefined;
  readonly hashingAlgorithm: HashingAlgorithm | undefined;
  readonly digitalSignatureAlgorithm: DigitalSignatureAlgorithm | undefined;
  readonly cryptographicAlgorithm: CryptographicAlgorithm | undefined;
  readonly maskGeneratorHashingAlgorithm: HashingAlgorithm | undefined;
  readonly randomIv: boolean | undefined;
  readonly tagLength: bigint | undefined;
  readonly ivLength: bigint | undefined;
  readonly saltLength: bigint | undefined;
}

/** Reads a CryptographicParameters structure. */
export function decodeCryptographicParameters(p: TtlvStructure): CryptographicParameters {
  optEnum(p, 'MaskGenerator', MASK_GENERATORS);
  return {
    blockCipherMode: optEnum(p, 'BlockCipherMode', BLOCK_CIPHER_MODES),
    paddingMethod: optEnum(p, 'PaddingMethod', PADDING_METHODS),
    hashingAlgorithm: optEnum(p, 'HashingAlgorithm', HASHING_ALGORITHMS),
    digitalSignatureAlgorithm: optEnum(p, 'DigitalSignatureAlgorithm', DIGITAL_SIGNATURE_ALGORITHMS),
    cryptographicAlgorithm: optEnum(p, 'CryptographicAlgorithm', CRYPTOGRAPHIC_ALGORITHMS),
    maskGeneratorHashingAlgorithm: optEnum(p, 'MaskGeneratorHashingAlgorithm', HASHING_ALGORITHMS),
    randomIv: optBool(p, 'RandomIV'),
    tagLength: optLong(p, 'TagLength'),
    ivLength: optLong(p, 'IvLength'),
    saltLength: optLong(p, 'SaltLength'),
  };
}

/** Reads the optional CryptographicParameters of a payload. */
export function readCryptographicParameters(s: TtlvStructure): CryptographicParameters | undefined {
  const p = optStruct(s, 'CryptographicParameters');
  return p === undefined ? undefined : decodeCryptographicParameters(p);
}

/** Writes CryptographicParameters (only the fields that are set; a client may leave the others out). */
export function encodeCryptographicParameters(p: Partial<CryptographicParameters>): TtlvStructure {
  return struct('CryptographicParameters', [
    opt(p.blockCipherMode, (v) => enumeration('BlockCipherMode', v)),
    opt(p.paddingMethod, (v) => enumeration('PaddingMethod', v)),
    opt(p.hashingAlgorithm, (v) => enumeration('HashingAlgorithm', v)),
    opt(p.digitalSignatureAlgorithm, (v) => enumeration('DigitalSignatureAlgorithm', v)),
    opt(p.cryptographicAlgorithm, (v) => enumeration('CryptographicAlgorithm', v)),
    opt(p.maskGeneratorHashingAlgorithm, (v) => enumeration('MaskGeneratorHashingAlgorithm', v)),
    opt(p.randomIv, (v) => bool('RandomIV', v)),
    opt(p.tagLength, (v) => long('TagLength', v)),
    opt(p.ivLength, (v) => long('IvLength', v)),
    opt(p.saltLength, (v) => long('SaltLength', v)),
  ]);
}
