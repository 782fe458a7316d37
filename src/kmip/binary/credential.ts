/**
 * Reads a binary request's header alone, before any actor sees it: the gateway needs the protocol
 * version (to answer in it) and, in sqlite-enc mode, the Username and Password credential (the
 * password is the database secret) to pick the database, and where the password lies so it can
 * wipe it. This runs on the main thread for every message, so it reads as little as it can: the
 * version at fixed offsets, the header alone under tight bounds.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { decodeBinaryTtlv } from '../ttlv/binary.js';
import { enumValueOf } from '../ttlv/enum-table.js';
import { child, optStruct, optText } from '../ttlv/read.js';
import { WIRE } from './wire-tags.js';
import { INTEGER, REQUEST_HEADER, REQUEST_MESSAGE, STRUCTURE, viewOf } from './wire-layout.js';
import type { TtlvLimits } from '../ttlv/binary.js';
import type { ProtocolVersion } from './protocol-versions.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

const USERNAME_AND_PASSWORD = 1;
const PROTOCOL_VERSION = 0x420069;
const PROTOCOL_VERSION_MAJOR = 0x42006a;
const PROTOCOL_VERSION_MINOR = 0x42006b;

/** The largest Request Header read (item header included): real ones take a few hundred bytes. */
export const MAX_REQUEST_HEADER_BYTES = 8 * 1024;

/** Bounds of the header decode: a header has a dozen or two items, and short texts. */
export const REQUEST_HEADER_LIMITS: TtlvLimits = Object.freeze({ maxDepth: 8, maxNodes: 64, maxStringLength: 1024 });

/** A Username and Password credential, and where its password's value bytes are in the message. */
export interface LocatedCredential {
  readonly username: string;
  readonly password: string;
  /** Offset and length of the Password's value bytes (no padding) in the message. */
  readonly passwordBytes: { readonly offset: number; readonly length: number };
}

function unreadable(): KmipError {
  return new KmipError('Invalid_Message', 'the Request Header cannot be read');
}

/** The tag and type at `at` match (3-byte tag, 1-byte type). */
function isItem(view: DataView, at: number, tag: number, type: number): boolean {
  return (view.getUint32(at) >>> 8) === tag && view.getUint8(at + 3) === type;
}

/** The Request Header (the first item of the Request Message), decoded from its own bytes. */
function header(bytes: Uint8Array): TtlvStructure {
  if (bytes.length < 16 || bytes[3] !== STRUCTURE) throw unreadable();
  const view = viewOf(bytes);
  const length = view.getUint32(12);
  // Refused before decoding: the main thread never walks a large header.
  if (8 + length > MAX_REQUEST_HEADER_BYTES) throw new KmipError('Invalid_Message', `the Request Header is limited to ${MAX_REQUEST_HEADER_BYTES} bytes`);
  const end = 16 + length;
  if (end > bytes.length || end > 8 + view.getUint32(4)) throw unreadable();
  const node = decodeBinaryTtlv(bytes.subarray(8, end), REQUEST_HEADER_LIMITS);
  if (node.type !== 'Structure' || node.tag !== WIRE.requestHeader) throw unreadable();
  return node;
}

/**
 * The offset of the `index`th item in the Structure at `at`. Only called on bytes that already
 * decoded into a tree, so the layout is known to be sound and tree children match items one to one.
 */
function itemOffset(view: DataView, at: number, index: number): number {
  let offset = at + 8;
  for (let i = 0; i < index; i++) offset += 8 + Math.ceil(view.getUint32(offset + 4) / 8) * 8;
  return offset;
}

function isUsernameAndPassword(type: TtlvNode | undefined): boolean {
  if (type?.type !== 'Enumeration') return false;
  return typeof type.value === 'number' ? type.value === USERNAME_AND_PASSWORD : enumValueOf(type.tag, type.value) === USERNAME_AND_PASSWORD;
}

/** Where one value's bytes lie in the message (no padding). */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** What the Request Header holds that the gateway must act on, from one decode of it. */
export interface HeaderSecrets {
  /** The first Username and Password credential (with a username and a password), if any. */
  readonly credential: LocatedCredential | undefined;
  /**
   * Every Password TextString of every Credential (whatever its type) of every Authentication:
   * the database secret, or any other secret, must never reach a worker.
   */
  readonly passwords: readonly ByteRange[];
}

/** Reads the header once for both its credential and its passwords. Throws KmipError('Invalid_Message') when it cannot be read. */
export function readHeaderSecrets(bytes: Uint8Array): HeaderSecrets {
  const head = header(bytes);
  const view = viewOf(bytes);
  let credential: LocatedCredential | undefined;
  const passwords: ByteRange[] = [];
  // Only the first Authentication names the database, as a header has one.
  const firstAuthentication = head.value.findIndex((n) => n.tag === WIRE.authentication);
  for (const [ai, auth] of head.value.entries()) {
    if (auth.tag !== WIRE.authentication || auth.type !== 'Structure') continue;
    // Header (8) -> Authentication -> Credential -> Credential Value -> Password.
    const authAt = itemOffset(view, 8, ai);
    for (const [ci, c] of auth.value.entries()) {
      if (c.tag !== WIRE.credential || c.type !== 'Structure') continue;
      const credentialAt = itemOffset(view, authAt, ci);
      const named = ai === firstAuthentication && isUsernameAndPassword(child(c, WIRE.credentialType));
      for (const [vi, value] of c.value.entries()) {
        if (value.tag !== WIRE.credentialValue || value.type !== 'Structure') continue;
        const valueAt = itemOffset(view, credentialAt, vi);
        for (const [pi, p] of value.value.entries()) {
          if (p.tag !== WIRE.password || p.type !== 'TextString') continue;
          const passwordAt = itemOffset(view, valueAt, pi);
          const range = { offset: passwordAt + 8, length: view.getUint32(passwordAt + 4) };
          passwords.push(range);
          const username = optText(value, WIRE.username);
          if (credential === undefined && named && username !== undefined && value === optStruct(c, WIRE.credentialValue) && p === child(value, WIRE.password)) {
            credential = { username, password: p.value, passwordBytes: range };
          }
        }
      }
    }
  }
  return { credential, passwords };
}

/**
 * The first Username and Password credential of the Request Header's Authentication, if any, with
 * where its password lies. Throws KmipError('Invalid_Message') when the header cannot be read.
 */
export function locateBinaryCredential(bytes: Uint8Array): LocatedCredential | undefined {
  return readHeaderSecrets(bytes).credential;
}

/** Every Password of the Request Header (see HeaderSecrets.passwords); throws as readHeaderSecrets does. */
export function passwordRanges(bytes: Uint8Array): ByteRange[] {
  return [...readHeaderSecrets(bytes).passwords];
}

/**
 * Zeroes every password of the Request Header in place (zero bytes are still a valid TextString,
 * and the actor ignores credentials). Throws KmipError('Invalid_Message') when the header cannot be read.
 */
export function wipeBinaryPasswords(bytes: Uint8Array): void {
  zero(bytes, readHeaderSecrets(bytes).passwords);
}

function zero(bytes: Uint8Array, ranges: readonly ByteRange[]): void {
  for (const r of ranges) bytes.fill(0, r.offset, r.offset + r.length);
}

/**
 * The first Username and Password credential, read in the same pass that zeroes every password of
 * the header (the returned password is a string copy). Throws as readHeaderSecrets does.
 */
export function takeBinaryCredential(bytes: Uint8Array): { username: string; password: string } | undefined {
  const { credential, passwords } = readHeaderSecrets(bytes);
  zero(bytes, passwords);
  return credential === undefined ? undefined : { username: credential.username, password: credential.password };
}

/**
 * The first Username and Password credential of the Request Header's Authentication, if any.
 * Throws KmipError('Invalid_Message') when the header cannot be read.
 */
export function peekBinaryCredential(bytes: Uint8Array): { username: string; password: string } | undefined {
  const found = locateBinaryCredential(bytes);
  return found === undefined ? undefined : { username: found.username, password: found.password };
}

/** The Integer at `at` with tag `tag`, or undefined when it is not one (value 4 bytes, padding 0). */
function integerAt(view: DataView, at: number, tag: number): number | undefined {
  if (!isItem(view, at, tag, INTEGER) || view.getUint32(at + 4) !== 4 || view.getUint32(at + 12) !== 0) return undefined;
  return view.getInt32(at + 8);
}

/**
 * The request's protocol version, or undefined when it cannot be read. The Protocol Version is
 * the first item of the Request Header, so it is read at fixed offsets, without decoding anything.
 */
export function peekBinaryVersion(bytes: Uint8Array): ProtocolVersion | undefined {
  // Message (8) + Header (8) + Protocol Version (8) + Major (16) + Minor (16).
  if (bytes.length < 56) return undefined;
  const view = viewOf(bytes);
  if (!isItem(view, 0, REQUEST_MESSAGE, STRUCTURE) || !isItem(view, 8, REQUEST_HEADER, STRUCTURE) || !isItem(view, 16, PROTOCOL_VERSION, STRUCTURE)) return undefined;
  if (view.getUint32(4) < 48 || view.getUint32(12) < 40 || view.getUint32(20) !== 32) return undefined;
  const major = integerAt(view, 24, PROTOCOL_VERSION_MAJOR);
  const minor = integerAt(view, 40, PROTOCOL_VERSION_MINOR);
  return major === undefined || minor === undefined ? undefined : { major, minor };
}
