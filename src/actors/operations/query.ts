/**
 * Query: what this server can do. The operation list is OPERATIONS itself, so it follows the
 * dispatch table as operations are added.
 * @module
 */
import { OPERATIONS, type ObjectType } from '../../kmip/enums.js';
import type { QueryRequest, QueryResponse } from '../../kmip/operations/query.js';

/** The vendor name Query reports. */
export const VENDOR_IDENTIFICATION = 'actor-kms';

/** The object types the server manages. */
export const SUPPORTED_OBJECT_TYPES: readonly ObjectType[] = ['SymmetricKey', 'PublicKey', 'PrivateKey', 'SecretData', 'Certificate'];

/** Answers the functions asked for; the ones the server has nothing to say about add nothing. */
export function query(req: QueryRequest): QueryResponse {
  const asked = new Set(req.functions);
  return {
    operations: asked.has('QueryOperations') ? [...OPERATIONS] : [],
    objectTypes: asked.has('QueryObjects') ? [...SUPPORTED_OBJECT_TYPES] : [],
    vendorIdentification: asked.has('QueryServerInformation') ? VENDOR_IDENTIFICATION : undefined,
  };
}
