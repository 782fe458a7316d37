/**
 * Errors as data: what crosses between the gateway thread and the workers (structured clone and
 * msgpack both drop Error subclasses, so failures travel as { code, reason?, message }).
 * @module
 */
import { boundedMessage, isResultReason, KmipError, type ResultReason } from '../kmip/kmip-error.js';

/** Stable error codes shared by every layer. */
export const ERROR_CODES = [
  'KMIP_ERROR',
  'UNKNOWN_OPERATION',
  'SECRET_MISSING',
  'SECRET_MALFORMED',
  'SECRET_MISMATCH',
  'DATABASE_NOT_FOUND',
  'DATABASE_EXISTS',
  'DATABASE_ERROR',
  'ACTOR_CRASHED',
  'ACTOR_UNAVAILABLE',
  'OVERLOADED',
  'SHUTTING_DOWN',
  'BODY_TOO_LARGE',
  'ROUTE_NOT_FOUND',
  'INTERNAL',
  // The caller may not do this (not the owner, self-grant, failed authentication).
  'UNAUTHORIZED',
  'FORBIDDEN_ORIGIN',
  'RATE_LIMITED',
  'HEADERS_TOO_LARGE',
] as const;

/** A stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** An error in transit; `reason` is set for KMIP_ERROR. */
export interface WireError {
  readonly code: ErrorCode;
  readonly reason?: ResultReason;
  readonly message: string;
}

/** A typed error thrown by the supervisor and gateway, rebuilt from a WireError when it crossed a thread. */
export class KmsError extends Error {
  override readonly name = 'KmsError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly reason?: ResultReason,
  ) {
    super(boundedMessage(message));
  }

  /** The transportable form. */
  toWire(): WireError {
    return this.reason === undefined ? { code: this.code, message: this.message } : { code: this.code, reason: this.reason, message: this.message };
  }

  /** Rebuilds the error on the receiving side. */
  static fromWire(w: WireError): KmsError {
    return new KmsError(w.code, w.message, w.reason);
  }
}

/** Turns any thrown value into a WireError; unknown errors get a fixed message so internals never leak. */
export function toWireError(err: unknown): WireError {
  if (err instanceof KmsError) return err.toWire();
  if (err instanceof KmipError) return { code: 'KMIP_ERROR', reason: err.reason, message: err.message };
  return { code: 'INTERNAL', message: 'internal error' };
}

/** Shape check for a WireError received from another thread. */
export function isWireError(v: unknown): v is WireError {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o['code'] === 'string' &&
    CODE_SET.has(o['code']) &&
    typeof o['message'] === 'string' &&
    (o['reason'] === undefined || (typeof o['reason'] === 'string' && isResultReason(o['reason'])))
  );
}
