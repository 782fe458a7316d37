/**
 * MAC: HMAC under an Active symmetric key whose algorithm is an HMAC; also the algorithm choice
 * MACVerify shares.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { CipherError } from '../../crypto/cipher-error.js';
import { macCompute, type MacAlgorithm } from '../../crypto/mac.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes, symmetricKeyOf } from '../stored-object.js';
import { HMAC_ALGORITHMS } from '../symmetric-algorithms.js';
import { requireUsage } from '../usage.js';
import type { HashingAlgorithm } from '../../kmip/enums.js';
import type { CryptographicParameters } from '../../kmip/operations/cryptographic-parameters.js';
import type { MacRequest, MacResponse } from '../../kmip/operations/mac.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

// The hash inside each HMAC, for clients that name the hash rather than the HMAC.
const HASH_OF: ReadonlyMap<MacAlgorithm, HashingAlgorithm> = new Map<MacAlgorithm, HashingAlgorithm>([
  ['HMAC-SHA1', 'SHA1'],
  ['HMAC-SHA224', 'SHA224'],
  ['HMAC-SHA256', 'SHA256'],
  ['HMAC-SHA384', 'SHA384'],
  ['HMAC-SHA512', 'SHA512'],
  ['HMAC-SHA3-224', 'SHA3224'],
  ['HMAC-SHA3-256', 'SHA3256'],
  ['HMAC-SHA3-384', 'SHA3384'],
  ['HMAC-SHA3-512', 'SHA3512'],
]);

// The same table Create and Import check keys against, so a key that can be made can MAC.
function hmacOf(algorithm: string): MacAlgorithm | undefined {
  return Object.hasOwn(HMAC_ALGORITHMS, algorithm) ? HMAC_ALGORITHMS[algorithm] : undefined;
}

function supported(): string {
  return Object.keys(HMAC_ALGORITHMS).join(', ');
}

/** The HMAC a key computes, checked against the request's optional parameters. */
export function macAlgorithmFor(rec: ObjectRecord, p: CryptographicParameters | undefined): MacAlgorithm {
  // Secret data may carry an algorithm attribute too, but only symmetric keys are MAC keys.
  if (rec.objectType !== 'SymmetricKey') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}, not a symmetric key`);
  const keyAlgorithm = rec.cryptographicAlgorithm ?? 'unknown';
  const asked = p?.cryptographicAlgorithm;
  if (asked !== undefined && hmacOf(asked) === undefined) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', `MAC with ${asked} is not supported (supported: ${supported()})`);
  }
  const own = hmacOf(keyAlgorithm);
  if (own === undefined) {
    if (asked !== undefined) throw new KmipError('Bad_Cryptographic_Parameters', `a ${keyAlgorithm} key cannot be used with ${asked}`);
    if (keyAlgorithm.startsWith('HMAC')) throw new KmipError('Unsupported_Cryptographic_Parameters', `MAC with ${keyAlgorithm} is not supported (supported: ${supported()})`);
    throw new KmipError('Invalid_Object_Type', `keys of algorithm ${keyAlgorithm} cannot compute MACs`);
  }
  if (asked !== undefined && asked !== keyAlgorithm) throw new KmipError('Bad_Cryptographic_Parameters', `a ${keyAlgorithm} key cannot be used with ${asked}`);
  const hashing = p?.hashingAlgorithm;
  if (hashing !== undefined && hashing !== HASH_OF.get(own)) {
    throw new KmipError('Bad_Cryptographic_Parameters', `a ${keyAlgorithm} key cannot be used with HashingAlgorithm ${hashing}`);
  }
  return own;
}

/** Maps a primitive's failure to a KMIP one; anything else is a server bug and passes through. */
export function macFailure(operation: string, err: unknown): never {
  if (err instanceof CipherError) throw new KmipError('Cryptographic_Failure', `${operation}: ${err.message}`);
  throw err;
}

/** Computes the MAC of the request's data. */
export function mac(ctx: OperationContext, req: MacRequest): MacResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active'], 'mac');
  requireUsage(storedAttributes(rec), 'MACGenerate', rec.id);
  const alg = macAlgorithmFor(rec, req.parameters);
  const key = symmetricKeyOf(ctx, rec);
  try {
    return { uniqueIdentifier: rec.id, macData: macCompute(alg, key, req.data), correlationValue: req.correlationValue };
  } catch (err) {
    return macFailure('MAC', err);
  } finally {
    key.fill(0);
  }
}
