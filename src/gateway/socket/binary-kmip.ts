/**
 * The little binary KMIP the socket server needs itself: the database credential of a request
 * header, and whole-message failure responses for what never reaches an actor. The gateway does
 * not import kmip/ (see the dependency rules), so the composition root hands these in. Every
 * socket failure, whatever went wrong, is answered as KMIP: never as HTTP-ish text.
 * @module
 */
import { KmsError, type ErrorCode, type WireError } from '../../protocol/wire-error.js';

/** A KMIP result reason. */
export type FailureReason = NonNullable<WireError['reason']>;

/** The Username and Password credential of a request header. */
export interface BinaryCredential {
  readonly username: string;
  readonly password: string;
}

/** Binary KMIP helpers, supplied by the composition root. */
export interface BinaryKmip {
  /**
   * The request header's Username and Password credential, or undefined when it has none, read
   * in the same pass that zeroes every password of the header in place (see wipePasswords);
   * throws KmsError KMIP_ERROR (Invalid_Message) when the header cannot be read.
   */
  takeCredential(message: Uint8Array): BinaryCredential | undefined;
  /**
   * Zeroes, in place, every Password of every credential in the request header, so no secret
   * reaches a worker; throws KmsError KMIP_ERROR (Invalid_Message) when the header cannot be read.
   */
  wipePasswords(message: Uint8Array): void;
  /**
   * A whole-message failure response answering `request`: one Operation Failed item per request
   * batch item (echoing its Operation and Unique Batch Item ID), or a single bare item when the
   * items cannot be peeked; at the request's protocol version when that can be read (null: no
   * request could be read at all).
   */
  failure(request: Uint8Array | null, reason: FailureReason, message: string, timestampSeconds: number): Uint8Array;
}

/**
 * The result reason of each gateway or supervisor error. Limits are Server Limit Exceeded (which
 * the encoder sends 1.x clients as General Failure); the messages say to retry.
 */
const REASON_BY_CODE: Readonly<Record<ErrorCode, FailureReason>> = {
  KMIP_ERROR: 'General_Failure',
  UNKNOWN_OPERATION: 'Operation_Not_Supported',
  SECRET_MISSING: 'Authentication_Not_Successful',
  SECRET_MALFORMED: 'Authentication_Not_Successful',
  SECRET_MISMATCH: 'Authentication_Not_Successful',
  DATABASE_NOT_FOUND: 'Authentication_Not_Successful',
  UNAUTHORIZED: 'Authentication_Not_Successful',
  DATABASE_EXISTS: 'General_Failure',
  DATABASE_ERROR: 'General_Failure',
  ACTOR_CRASHED: 'General_Failure',
  ACTOR_UNAVAILABLE: 'General_Failure',
  OVERLOADED: 'Server_Limit_Exceeded',
  SHUTTING_DOWN: 'General_Failure',
  RATE_LIMITED: 'Server_Limit_Exceeded',
  INTERNAL: 'General_Failure',
  BODY_TOO_LARGE: 'Invalid_Message',
  ROUTE_NOT_FOUND: 'Invalid_Message',
  FORBIDDEN_ORIGIN: 'Permission_Denied',
  HEADERS_TOO_LARGE: 'Invalid_Message',
};

/** A failure's reason and client-safe message; unknown errors get a fixed message. */
export interface SocketFailure {
  readonly reason: FailureReason;
  readonly message: string;
  /** The error code, for logs and metrics. */
  readonly code: ErrorCode;
}

/** Maps anything thrown on a request's way to its KMIP reason and message. */
export function socketFailure(err: unknown): SocketFailure {
  const e = err instanceof KmsError ? err : new KmsError('INTERNAL', 'internal error');
  const reason = e.code === 'KMIP_ERROR' ? e.reason ?? 'General_Failure' : REASON_BY_CODE[e.code];
  return { reason, message: e.message, code: e.code };
}
