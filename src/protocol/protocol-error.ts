/**
 * The error a malformed frame raises, shared by the msgpack and record decoders.
 * @module
 */

/** Thrown when a frame does not hold a well-formed message. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}
