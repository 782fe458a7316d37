/**
 * RNGRetrieve: bytes straight from the operating system's CSPRNG.
 * @module
 */
import { randomKeyBytes } from '../../crypto/random.js';
import type { RngRetrieveRequest } from '../../kmip/operations/rng-retrieve.js';

/** Returns DataLength fresh random bytes (the codec has already bounded the length). */
export function rngRetrieve(req: RngRetrieveRequest): Uint8Array {
  // Not the nonce pool: these bytes may become a client's secret, so they share no buffer with anything.
  return randomKeyBytes(req.dataLength);
}
