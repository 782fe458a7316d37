/**
 * CryptographicParameters, as Encrypt and Decrypt read them.
 * @module
 */
import { BLOCK_CIPHER_MODES, CRYPTOGRAPHIC_ALGORITHMS, type BlockCipherMode, type CryptographicAlgorithm } from '../enums.js';
import { optEnum, optLong, optStruct } from '../ttlv/read.js';
import type { TtlvStructure } from '../ttlv/node.js';

/** The parameters this server interprets. */
export interface CryptographicParameters {
  readonly blockCipherMode: BlockCipherMode | undefined;
  readonly cryptographicAlgorithm: CryptographicAlgorithm | undefined;
  readonly tagLength: bigint | undefined;
  readonly ivLength: bigint | undefined;
}

/** Reads the optional CryptographicParameters of a payload. */
export function readCryptographicParameters(s: TtlvStructure): CryptographicParameters | undefined {
  const p = optStruct(s, 'CryptographicParameters');
  if (p === undefined) return undefined;
  return {
    blockCipherMode: optEnum(p, 'BlockCipherMode', BLOCK_CIPHER_MODES),
    cryptographicAlgorithm: optEnum(p, 'CryptographicAlgorithm', CRYPTOGRAPHIC_ALGORITHMS),
    tagLength: optLong(p, 'TagLength'),
    ivLength: optLong(p, 'IvLength'),
  };
}
