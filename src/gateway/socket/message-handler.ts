/**
 * One binary KMIP message from the socket server to its actor and back: the client's rate limit,
 * the database it names (the plain one, or in sqlite-enc mode the one whose secret is the
 * password of its header's Username and Password credential), then the supervisor, exactly as the
 * HTTP routes dispatch. The answer is always KMIP bytes: faults become failure responses.
 * @module
 */
import { parseDatabaseSecret } from '../auth/database-secret.js';
import { encryptedTarget, PLAIN_TARGET } from '../auth/actor-target.js';
import { SecretMemo } from '../auth/secret-memo.js';
import { failureParts } from '../errors.js';
import { KmsError } from '../../protocol/wire-error.js';
import { socketFailure, type BinaryKmip } from './binary-kmip.js';
import type { RateLimiter } from '../http/rate-limiter.js';
import type { AuditLog } from '../../lib/audit-log.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { DatabaseType } from '../../config/schema.js';
import type { ActorTarget } from '../../supervisor/supervisor.js';
import type { KmsBackend } from '../routes.js';

/** The request kind (and metrics operation) of a binary KMIP message. */
export const BINARY_KIND = 'kmip-binary';

/** Who sent a message: the certificate's user and the connection's address. */
export interface Caller {
  readonly user: string;
  readonly client: string;
}

/**
 * Answers one message; never rejects. `arrivedAt` is the performance.now() of its arrival. The
 * handler may overwrite `message` (it wipes the password); the caller wipes the rest once answered.
 */
export type MessageHandler = (caller: Caller, message: Uint8Array, arrivedAt: number) => Promise<Uint8Array>;

/** What the handler is built from. */
export interface MessageHandlerOptions {
  readonly backend: KmsBackend;
  readonly databaseType: DatabaseType;
  readonly kmip: BinaryKmip;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Per-client request rate (shared with nothing: the socket server has its own buckets). */
  readonly rateLimiter?: RateLimiter;
  /** Where refusals are recorded; the supervisor records the requests it receives. */
  readonly audit?: AuditLog;
  /** Counts a message that failed before it reached the supervisor, `ms` after it arrived. */
  readonly failed?: (operation: string, err: KmsError, ms: number) => void;
}

const NO_CREDENTIAL =
  'in sqlite-enc mode the request header must carry a Username and Password credential whose password is the database secret';
const NOT_A_SECRET = 'the password of the request header credential is not a database secret (the text /new_database returned)';

/** Builds the handler of a socket server. */
export function createMessageHandler(o: MessageHandlerOptions): MessageHandler {
  const verifierFor = o.backend.verifierFor?.bind(o.backend);
  const memo = o.databaseType === 'sqlite' || verifierFor === undefined ? null : new SecretMemo(verifierFor);

  /** The database a message names; every password of its header (the database secret too) is wiped from it. */
  const targetOf = (message: Uint8Array): ActorTarget => {
    if (o.databaseType === 'sqlite') {
      try {
        o.kmip.wipePasswords(message);
      } catch {
        // An unreadable header: the actor answers it (Invalid Message) as it answers any bad message.
      }
      return PLAIN_TARGET;
    }
    // The credential is read first, then every password goes: the secret goes no further than
    // here (the actor ignores credentials, and zero bytes are still a valid TextString).
    const credential = o.kmip.takeCredential(message);
    if (credential === undefined) throw new KmsError('SECRET_MISSING', NO_CREDENTIAL);
    if (credential.password === '') throw new KmsError('SECRET_MISSING', NO_CREDENTIAL);
    try {
      return memo === null ? encryptedTarget(parseDatabaseSecret(credential.password)) : memo.target(credential.password);
    } catch (err) {
      // The parser's own messages speak of an HTTP header; this one names where the secret was.
      if (err instanceof KmsError && (err.code === 'SECRET_MALFORMED' || err.code === 'SECRET_MISSING')) throw new KmsError('SECRET_MALFORMED', NOT_A_SECRET);
      throw err;
    }
  };

  const answer = (message: Uint8Array, err: unknown): Uint8Array => {
    const f = socketFailure(err);
    if (failureParts(err).status >= 500) o.logger.warn('KMIP socket request failed', { code: f.code });
    return o.kmip.failure(message, f.reason, f.message, Math.floor(o.clock.now() / 1000));
  };

  /** A refusal made here, before the supervisor: counted, audited, answered. */
  const refuse = (caller: Caller, message: Uint8Array, err: KmsError, arrivedAt: number, result: string): Uint8Array => {
    o.failed?.(BINARY_KIND, err, performance.now() - arrivedAt);
    o.audit?.record({ user: caller.user, database: '-', operation: BINARY_KIND, objectId: null, result, client: caller.client });
    return answer(message, err);
  };

  const handle = async (caller: Caller, message: Uint8Array, arrivedAt: number): Promise<Uint8Array> => {
    const rate = o.rateLimiter?.take(caller.client);
    if (rate !== undefined && !rate.allowed) {
      const err = new KmsError('RATE_LIMITED', `rate limit exceeded: retry after ${rate.retryAfterSeconds} s`);
      return refuse(caller, message, err, arrivedAt, 'Rate_Limited');
    }
    let target: ActorTarget;
    try {
      target = targetOf(message);
    } catch (err) {
      const e = err instanceof KmsError ? err : new KmsError('INTERNAL', 'internal error');
      return refuse(caller, message, e, arrivedAt, e.code === 'KMIP_ERROR' ? e.reason ?? 'Invalid_Message' : 'Unauthorized');
    }
    try {
      // The supervisor wipes the key whatever happens.
      return await o.backend.dispatch(target, BINARY_KIND, caller.user, message, arrivedAt);
    } catch (err) {
      return answer(message, err);
    }
  };

  return async (caller, message, arrivedAt) => {
    try {
      return await handle(caller, message, arrivedAt);
    } catch {
      // Even building a failure response failed (it should not): answer without the request's version.
      return o.kmip.failure(null, 'General_Failure', 'internal error', Math.floor(o.clock.now() / 1000));
    }
  };
}
