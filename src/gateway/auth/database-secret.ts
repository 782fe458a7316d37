/**
 * The `KmsDatabaseSecret` header: the shared decoder, with its failures turned into the gateway's
 * typed errors (401 SECRET_MISSING / SECRET_MALFORMED). Nothing here is logged.
 * @module
 */
import { KmsError } from '../../protocol/wire-error.js';
import { decodeDatabaseSecret, SecretFormatError, type DatabaseSecret } from '../../lib/database-secret.js';

export type { DatabaseSecret } from '../../lib/database-secret.js';
export { formatDatabaseSecret } from '../../lib/database-secret.js';

/** Decodes a header value; throws KmsError SECRET_MISSING or SECRET_MALFORMED. */
export function parseDatabaseSecret(header: string): DatabaseSecret {
  try {
    return decodeDatabaseSecret(header);
  } catch (err) {
    if (!(err instanceof SecretFormatError)) throw err;
    switch (err.kind) {
      case 'empty':
        throw new KmsError('SECRET_MISSING', 'Missing KmsDatabaseSecret header in the query');
      case 'not-base64':
        throw new KmsError('SECRET_MALFORMED', 'KmsDatabaseSecret header cannot be decoded: it is not standard base64');
      case 'malformed':
        throw new KmsError('SECRET_MALFORMED', `KmsDatabaseSecret header cannot be read: ${err.why}`);
    }
  }
}
