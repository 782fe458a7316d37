/**
 * The error a client call rejects with: the server's status, reason and message.
 * @module
 */

/** A failed KMIP call. `status` is the HTTP status (or the WebSocket error status; 0 when the connection was lost). */
export class KmsRequestError extends Error {
  override readonly name = 'KmsRequestError';
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(`${reason}: ${message}`);
  }
}
