/**
 * WebSocket close codes of a KMIP session, and which one a refused binding gets.
 * @module
 */
import { KmsError } from '../../protocol/wire-error.js';

/** Close codes this server sends. */
export const CLOSE = {
  shuttingDown: 1001,
  malformedFrame: 1007,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  tryLater: 1013,
  badSecret: 4400,
  unauthorized: 4401,
  timeout: 4408,
} as const;

/** The close code and reason for a binding that failed; the reason never holds the secret. */
export function bindingRefusal(err: unknown): { code: number; reason: string } {
  const e = err instanceof KmsError ? err : new KmsError('INTERNAL', 'internal error');
  switch (e.code) {
    case 'SECRET_MALFORMED':
      return { code: CLOSE.badSecret, reason: `Access denied: ${e.message}` };
    case 'SECRET_MISSING':
    case 'SECRET_MISMATCH':
    case 'DATABASE_NOT_FOUND':
      return { code: CLOSE.unauthorized, reason: `Access denied: ${e.message}` };
    case 'SHUTTING_DOWN':
      return { code: CLOSE.shuttingDown, reason: e.message };
    case 'ACTOR_UNAVAILABLE':
    case 'OVERLOADED':
      return { code: CLOSE.tryLater, reason: e.message };
    default:
      return { code: CLOSE.internal, reason: 'the database could not be opened' };
  }
}

/** Close reasons are limited to 123 bytes by the protocol. */
export function clip(reason: string): string {
  return reason.length > 120 ? `${reason.slice(0, 117)}...` : reason;
}
