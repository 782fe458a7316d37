/**
 * Which actor a caller reaches: the single plain database, or the encrypted one its secret names.
 * Shared by the HTTP routes and WebSocket sessions so both address databases the same way.
 * @module
 */
import type { DatabaseSecret } from './database-secret.js';
import type { ActorTarget } from '../../supervisor/supervisor.js';

/** The plain-mode database (no key). */
export const PLAIN_TARGET: ActorTarget = { actorId: 'kms', database: { kind: 'plain' }, key: null };

/** The encrypted database a secret names; the target takes ownership of the secret's key. */
export function encryptedTarget(secret: DatabaseSecret): ActorTarget {
  const groupId = secret.groupId.toString();
  return { actorId: groupId, database: { kind: 'encrypted', groupId }, key: secret.key };
}
