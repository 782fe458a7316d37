/**
 * Typed errors to HTTP: the status comes from the error code (and KMIP reason), never from message
 * text; bodies are plain text `Reason: message`, as Cosmian's are.
 * @module
 */
import { KmsError, type ErrorCode } from '../protocol/wire-error.js';

/** An HTTP error response. */
export interface HttpFailure {
  readonly status: number;
  readonly body: string;
}

const BY_CODE: Readonly<Record<ErrorCode, { status: number; label: string }>> = {
  KMIP_ERROR: { status: 422, label: '' },
  UNKNOWN_OPERATION: { status: 404, label: 'Operation_Not_Supported' },
  SECRET_MISSING: { status: 401, label: 'Access denied' },
  SECRET_MALFORMED: { status: 401, label: 'Access denied' },
  SECRET_MISMATCH: { status: 401, label: 'Access denied' },
  DATABASE_NOT_FOUND: { status: 401, label: 'Access denied' },
  DATABASE_EXISTS: { status: 500, label: 'Database Error' },
  DATABASE_ERROR: { status: 500, label: 'Database Error' },
  ACTOR_CRASHED: { status: 500, label: 'Unexpected server error' },
  ACTOR_UNAVAILABLE: { status: 503, label: 'Service Unavailable' },
  OVERLOADED: { status: 503, label: 'Service Unavailable' },
  SHUTTING_DOWN: { status: 503, label: 'Service Unavailable' },
  BODY_TOO_LARGE: { status: 413, label: 'Invalid_Message' },
  ROUTE_NOT_FOUND: { status: 404, label: 'Not Found' },
  INTERNAL: { status: 500, label: 'Unexpected server error' },
  UNAUTHORIZED: { status: 401, label: 'Access denied' },
  FORBIDDEN_ORIGIN: { status: 403, label: 'Forbidden' },
  RATE_LIMITED: { status: 429, label: 'Too Many Requests' },
  HEADERS_TOO_LARGE: { status: 431, label: 'Request Header Fields Too Large' },
};

/** A failure split into its parts: status, reason (a KMIP reason or a label) and message. */
export interface FailureParts {
  readonly status: number;
  readonly reason: string;
  readonly message: string;
}

/** Maps any error to its status, reason and message; unknown errors get a fixed message. */
export function failureParts(err: unknown): FailureParts {
  const e = err instanceof KmsError ? err : new KmsError('INTERNAL', 'internal error');
  if (e.code === 'KMIP_ERROR') {
    const reason = e.reason ?? 'General_Failure';
    return { status: reason === 'General_Failure' ? 500 : 422, reason, message: e.message };
  }
  const { status, label } = BY_CODE[e.code];
  return { status, reason: label, message: e.message };
}

/** Maps any error to a status and a plain-text body. */
export function httpFailure(err: unknown): HttpFailure {
  const f = failureParts(err);
  return { status: f.status, body: `${f.reason}: ${f.message}` };
}

/** Reason phrases for the statuses this server sends. */
export const STATUS_LINES: Readonly<Record<number, string>> = {
  200: '200 OK',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  413: '413 Payload Too Large',
  422: '422 Unprocessable Entity',
  429: '429 Too Many Requests',
  431: '431 Request Header Fields Too Large',
  500: '500 Internal Server Error',
  503: '503 Service Unavailable',
};
