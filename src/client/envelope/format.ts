/**
 * Envelope file format, version 1: the header layout, its strict bounded parser, and
 * the per-segment nonce. docs/file-format.md describes the same layout byte by byte.
 * @module
 */
import { EnvelopeError } from './envelope-error.js';

/** The first 8 bytes of every envelope file, whatever its version. */
export const ENVELOPE_MAGIC: Uint8Array = new Uint8Array(Buffer.from('KMSENVLP', 'ascii'));
/** The only format version this code writes and reads. */
export const ENVELOPE_VERSION = 1;
/** Bytes of the random per-file nonce prefix (7 + 4-byte counter + 1-byte last flag = 12). */
export const NONCE_PREFIX_LENGTH = 7;
/** Bytes of the AES-GCM tag that ends every segment. */
export const SEGMENT_TAG_LENGTH = 16;
/** The data key: AES-256. */
export const DATA_KEY_LENGTH = 32;
/** Plaintext bytes per segment unless the caller picks another size. */
export const DEFAULT_SEGMENT_SIZE = 64 * 1024;
/** Smallest and largest plaintext segment sizes: the upper bound caps what a hostile header can make a reader allocate. */
export const MIN_SEGMENT_SIZE = 64;
export const MAX_SEGMENT_SIZE = 4 * 1024 * 1024;
/** Bounds of the variable header fields, in bytes. */
export const MAX_KEY_ID_LENGTH = 1024;
export const MAX_SCHEME_LENGTH = 32;
export const MAX_WRAPPED_KEY_LENGTH = 4096;
/** The most bytes a version-1 header can take; reading this many is always enough to parse it. */
export const MAX_HEADER_LENGTH =
  ENVELOPE_MAGIC.length + 1 + 2 + MAX_KEY_ID_LENGTH + 1 + MAX_SCHEME_LENGTH + 2 + MAX_WRAPPED_KEY_LENGTH + 4 + NONCE_PREFIX_LENGTH;
/** The largest segment counter: the counter is a u32. */
export const MAX_SEGMENT_INDEX = 0xffff_ffff;

// A scheme name is a short token: letters, digits and a few separators, no spaces or controls.
const SCHEME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The fields a writer chooses; the version is implied. */
export interface EnvelopeHeader {
  /** Identifier of the server-held key that wrapped the data key (UTF-8, 1..1024 bytes). */
  readonly keyId: string;
  /** How the data key was wrapped, e.g. `rfc5649`, `rsa-oaep-sha256`, `ecies` (ASCII, 1..32 bytes). */
  readonly scheme: string;
  /** The wrapped data key (1..4096 bytes). */
  readonly wrappedKey: Uint8Array;
  /** Plaintext bytes per segment (64 B .. 4 MiB). */
  readonly segmentSize: number;
  /** The random 7-byte nonce prefix of this file. */
  readonly noncePrefix: Uint8Array;
}

/** A header as read from a file. */
export interface ParsedEnvelopeHeader extends EnvelopeHeader {
  readonly version: typeof ENVELOPE_VERSION;
  /** Bytes the header takes at the start of the file; the segments follow. */
  readonly headerLength: number;
}

function badHeader(message: string): EnvelopeError {
  return new EnvelopeError('bad_header', message);
}

/** Throws bad_header unless n is a segment size this format allows. */
export function checkSegmentSize(n: number): void {
  if (!Number.isInteger(n) || n < MIN_SEGMENT_SIZE || n > MAX_SEGMENT_SIZE) {
    throw badHeader(`the segment size must be an integer from ${MIN_SEGMENT_SIZE} to ${MAX_SEGMENT_SIZE} bytes`);
  }
}

function checkLength(field: string, n: number, max: number): void {
  if (n < 1 || n > max) throw badHeader(`the ${field} must be 1 to ${max} bytes, got ${n}`);
}

function checkScheme(scheme: string): void {
  if (!SCHEME_PATTERN.test(scheme)) throw badHeader('the wrapping scheme name must be ASCII letters, digits, ".", "_", "+" or "-"');
}

/** Serialises a header; refuses anything the parser would refuse. The result is also every segment's AAD. */
export function encodeEnvelopeHeader(h: EnvelopeHeader): Buffer {
  const keyId = Buffer.from(h.keyId, 'utf8');
  // Lone surrogates would silently become U+FFFD: the file would then name another key.
  if (keyId.toString('utf8') !== h.keyId) throw badHeader('the key identifier is not well-formed Unicode');
  checkLength('key identifier', keyId.length, MAX_KEY_ID_LENGTH);
  checkLength('wrapping scheme name', h.scheme.length, MAX_SCHEME_LENGTH);
  checkScheme(h.scheme);
  checkLength('wrapped key', h.wrappedKey.length, MAX_WRAPPED_KEY_LENGTH);
  checkSegmentSize(h.segmentSize);
  if (h.noncePrefix.length !== NONCE_PREFIX_LENGTH) throw badHeader(`the nonce prefix must be ${NONCE_PREFIX_LENGTH} bytes`);

  const out = Buffer.alloc(ENVELOPE_MAGIC.length + 1 + 2 + keyId.length + 1 + h.scheme.length + 2 + h.wrappedKey.length + 4 + NONCE_PREFIX_LENGTH);
  let p = 0;
  out.set(ENVELOPE_MAGIC, p); p += ENVELOPE_MAGIC.length;
  p = out.writeUInt8(ENVELOPE_VERSION, p);
  p = out.writeUInt16BE(keyId.length, p);
  out.set(keyId, p); p += keyId.length;
  p = out.writeUInt8(h.scheme.length, p);
  p += out.write(h.scheme, p, 'ascii');
  p = out.writeUInt16BE(h.wrappedKey.length, p);
  out.set(h.wrappedKey, p); p += h.wrappedKey.length;
  p = out.writeUInt32BE(h.segmentSize, p);
  out.set(h.noncePrefix, p);
  return out;
}

/** True when the bytes start with the envelope magic (pass at least the first 8 bytes of a file). */
export function isEnvelope(firstBytes: Uint8Array): boolean {
  if (firstBytes.length < ENVELOPE_MAGIC.length) return false;
  return ENVELOPE_MAGIC.every((b, i) => firstBytes[i] === b);
}

/** Reads fields from the front of a buffer that may hold only part of the header. */
class HeaderReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  /** The next n bytes, or undefined when the buffer ends first. */
  take(n: number): Uint8Array | undefined {
    if (this.pos + n > this.buf.length) return undefined;
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A big-endian unsigned integer of 1, 2 or 4 bytes, or undefined when the buffer ends first. */
  uint(n: 1 | 2 | 4): number | undefined {
    const b = this.take(n);
    if (b === undefined) return undefined;
    return b.reduce((acc, x) => acc * 256 + x, 0);
  }
}

/**
 * Parses the header at the start of `buf`. Returns undefined when more bytes are needed, and
 * throws as soon as the bytes already present are invalid, so a hostile length is refused
 * before anything of that length is awaited or allocated.
 */
export function parseEnvelopeHeader(buf: Uint8Array): ParsedEnvelopeHeader | undefined {
  const seen = Math.min(buf.length, ENVELOPE_MAGIC.length);
  for (let i = 0; i < seen; i++) {
    if (buf[i] !== ENVELOPE_MAGIC[i]) throw new EnvelopeError('not_envelope', 'the input is not an envelope file (no envelope magic)');
  }
  const r = new HeaderReader(buf);
  if (r.take(ENVELOPE_MAGIC.length) === undefined) return undefined;
  const version = r.uint(1);
  if (version === undefined) return undefined;
  if (version !== ENVELOPE_VERSION) throw new EnvelopeError('unsupported_version', `envelope format version ${version} is not supported (this reader knows version ${ENVELOPE_VERSION})`);

  const keyIdLength = r.uint(2);
  if (keyIdLength === undefined) return undefined;
  checkLength('key identifier', keyIdLength, MAX_KEY_ID_LENGTH);
  const keyIdBytes = r.take(keyIdLength);
  if (keyIdBytes === undefined) return undefined;
  let keyId: string;
  try {
    keyId = utf8.decode(keyIdBytes);
  } catch {
    throw badHeader('the key identifier is not valid UTF-8');
  }

  const schemeLength = r.uint(1);
  if (schemeLength === undefined) return undefined;
  checkLength('wrapping scheme name', schemeLength, MAX_SCHEME_LENGTH);
  const schemeBytes = r.take(schemeLength);
  if (schemeBytes === undefined) return undefined;
  const scheme = Buffer.from(schemeBytes).toString('latin1');
  checkScheme(scheme);

  const wrappedLength = r.uint(2);
  if (wrappedLength === undefined) return undefined;
  checkLength('wrapped key', wrappedLength, MAX_WRAPPED_KEY_LENGTH);
  const wrapped = r.take(wrappedLength);
  if (wrapped === undefined) return undefined;

  const segmentSize = r.uint(4);
  if (segmentSize === undefined) return undefined;
  checkSegmentSize(segmentSize);
  const noncePrefix = r.take(NONCE_PREFIX_LENGTH);
  if (noncePrefix === undefined) return undefined;

  return {
    version: ENVELOPE_VERSION,
    keyId,
    scheme,
    wrappedKey: Uint8Array.from(wrapped),
    segmentSize,
    noncePrefix: Uint8Array.from(noncePrefix),
    headerLength: r.pos,
  };
}

/** Parses the header from the first bytes of a file (read MAX_HEADER_LENGTH bytes, or the whole file if shorter). */
export function readEnvelopeHeader(firstBytes: Uint8Array): ParsedEnvelopeHeader {
  if (firstBytes.length === 0) throw new EnvelopeError('not_envelope', 'the input is empty, not an envelope file');
  const header = parseEnvelopeHeader(firstBytes);
  if (header === undefined) throw new EnvelopeError('truncated', 'the input ends inside the envelope header');
  return header;
}

/** The 12-byte nonce of one segment: prefix (7) || counter (u32 big-endian) || last flag (1 on the final segment). */
export function segmentNonce(prefix: Uint8Array, index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(NONCE_PREFIX_LENGTH + 5);
  nonce.set(prefix, 0);
  nonce.writeUInt32BE(index, NONCE_PREFIX_LENGTH);
  nonce.writeUInt8(last ? 1 : 0, NONCE_PREFIX_LENGTH + 4);
  return nonce;
}
