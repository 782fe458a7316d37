/**
 * The few binary TTLV numbers the gateway-side peeks read straight from the bytes (they never
 * decode a whole message): item type codes, the message-level tags, and a view of the bytes.
 * @module
 */

/** Item type codes. */
export const STRUCTURE = 0x01;
export const INTEGER = 0x02;
export const ENUMERATION = 0x05;
export const BYTE_STRING = 0x08;

/** Message-level tags. */
export const REQUEST_MESSAGE = 0x420078;
export const REQUEST_HEADER = 0x420077;

/** A DataView over exactly the bytes of `bytes`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
