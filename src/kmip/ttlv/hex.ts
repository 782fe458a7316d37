/**
 * Hex conversions for the TTLV codecs: byte strings and fixed-width two's complement integers.
 * @module
 */

import { Buffer } from 'node:buffer';

const HEX_DIGITS = /^[0-9A-Fa-f]*$/;

/** True when text is made only of hex digits (the empty string included). */
export function isHexDigits(text: string): boolean {
  return HEX_DIGITS.test(text);
}

/** Decodes an even-length hex string (either case) into a new Uint8Array, or undefined when it is not one. */
export function bytesFromHex(hex: string): Uint8Array | undefined {
  if ((hex.length & 1) !== 0 || !HEX_DIGITS.test(hex)) return undefined;
  const out = new Uint8Array(hex.length >>> 1);
  // Decoding into our own ArrayBuffer keeps key bytes out of Buffer's shared allocation pool.
  Buffer.from(out.buffer).write(hex, 'hex');
  return out;
}

/** Uppercase hex of bytes, without prefix. */
export function hexFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/**
 * The digits after a `0x` (or `0X`) prefix, or undefined when text lacks the prefix, holds a non-hex
 * character, or (when `digits` is given) does not have exactly that many digits.
 */
export function hexDigitsAfterPrefix(text: string, digits?: number): string | undefined {
  if (text.length < 2 || text.charCodeAt(0) !== 0x30 || (text.charCodeAt(1) | 0x20) !== 0x78) return undefined;
  if (digits !== undefined && text.length !== digits + 2) return undefined;
  const body = text.slice(2);
  return HEX_DIGITS.test(body) ? body : undefined;
}

/** Reads validated hex digits as a two's complement integer `bits` wide. */
export function signedFromHex(digits: string, bits: number): bigint {
  return BigInt.asIntN(bits, BigInt('0x' + digits));
}

/** Reads validated hex digits as an unsigned integer; no digits reads as zero. */
export function unsignedFromHex(digits: string): bigint {
  return digits.length === 0 ? 0n : BigInt('0x' + digits);
}

/** Uppercase two's complement hex, exactly bits/4 digits, or undefined when value does not fit in `bits`. */
export function hexFromSigned(value: bigint, bits: number): string | undefined {
  if (BigInt.asIntN(bits, value) !== value) return undefined;
  return BigInt.asUintN(bits, value).toString(16).toUpperCase().padStart(bits >>> 2, '0');
}

/** Uppercase hex of a non-negative integer in whole bytes (zero is `00`), or undefined when negative. */
export function hexFromUnsigned(value: bigint): string | undefined {
  if (value < 0n) return undefined;
  const hex = value.toString(16).toUpperCase();
  return (hex.length & 1) === 0 ? hex : '0' + hex;
}
