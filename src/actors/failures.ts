/**
 * Maps whatever an operation threw to a KMIP failure or a typed KmsError. Unknown errors get a
 * fixed message: their detail may hold data and goes nowhere but a redacted log line.
 * @module
 */
import { KmipError, type ResultReason } from '../kmip/kmip-error.js';
import { KmsError } from '../protocol/wire-error.js';
import { StoreError } from '../storage/store-error.js';
import type { Logger } from '../lib/logger.js';

/** A failure a KMIP client can be told about. */
export interface KmipFailure {
  readonly reason: ResultReason;
  readonly message: string;
}

/** Classifies an error: a KMIP failure, or a KmsError for the HTTP layer. */
export function classify(err: unknown, logger: Logger): KmipFailure | KmsError {
  if (err instanceof KmipError) return { reason: err.reason, message: err.message };
  if (err instanceof KmsError) return err;
  if (err instanceof StoreError) {
    switch (err.code) {
      case 'OBJECT_EXISTS':
        return { reason: 'Object_Already_Exists', message: 'an object with this identifier already exists' };
      case 'OBJECT_NOT_FOUND':
        return { reason: 'Item_Not_Found', message: 'the object no longer exists' };
      default:
        logger.error('database failure', { code: err.code });
        return new KmsError('DATABASE_ERROR', 'the database could not complete the operation');
    }
  }
  logger.error('unexpected failure in an operation', { error: err instanceof Error ? err.name : typeof err });
  return new KmsError('INTERNAL', 'internal error');
}
