/**
 * Binary KMIP messages for the socket tests, built as TTLV trees and encoded by the server's own
 * codec, and the few fields of an answer the tests look at.
 * @module
 */
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../src/kmip/ttlv/binary.js';
import { enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { WIRE } from '../../src/kmip/binary/wire-tags.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

/** A protocol version as [major, minor]. */
export type Version = readonly [number, number];

/** The Username and Password credential of a request header. */
export interface Credential {
  readonly username: string;
  readonly password: string;
}

/** One batch item: the operation's name and its payload's children. */
export interface Item {
  readonly operation: string;
  readonly payload: readonly (TtlvNode | undefined)[];
}

const USERNAME_AND_PASSWORD = 1;

/** Encodes a Request Message at `version` with the given batch items (and credential). */
export function requestMessage(version: Version, items: readonly Item[], credential?: Credential): Uint8Array {
  const auth = credential === undefined
    ? undefined
    : struct(WIRE.authentication, [
      struct(WIRE.credential, [
        { tag: WIRE.credentialType, type: 'Enumeration', value: USERNAME_AND_PASSWORD },
        struct(WIRE.credentialValue, [text(WIRE.username, credential.username), text(WIRE.password, credential.password)]),
      ]),
    ]);
  return encodeBinaryTtlv(struct(WIRE.requestMessage, [
    struct(WIRE.requestHeader, [
      struct(WIRE.protocolVersion, [int(WIRE.protocolVersionMajor, version[0]), int(WIRE.protocolVersionMinor, version[1])]),
      auth,
      int(WIRE.batchCount, items.length),
    ]),
    ...items.map((i) => struct(WIRE.batchItem, [enumeration(WIRE.operation, i.operation), struct(WIRE.requestPayload, i.payload)])),
  ]));
}

/** A DiscoverVersions item (empty payload: "which versions do you speak?"). */
export const DISCOVER_VERSIONS: Item = { operation: 'DiscoverVersions', payload: [] };

/** A KMIP 2.x Create item for an AES-256 key named `uid`. */
export function createItem(uid: string): Item {
  return {
    operation: 'Create',
    payload: [
      enumeration('ObjectType', 'SymmetricKey'),
      struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), text('UniqueIdentifier', uid)]),
    ],
  };
}

/** A Get item for `uid`, asking for the key as Transparent Symmetric Key. */
export function getItem(uid: string): Item {
  return { operation: 'Get', payload: [text('UniqueIdentifier', uid), enumeration('KeyFormatType', 'TransparentSymmetricKey')] };
}

/** The decoded answer, checked to be a Response Message. */
export function decodeResponse(bytes: Uint8Array): TtlvStructure {
  const node = decodeBinaryTtlv(bytes);
  if (node.type !== 'Structure' || node.tag !== WIRE.responseMessage) throw new Error(`not a Response Message: ${node.tag}`);
  return node;
}

function childOf(s: TtlvStructure, tag: string): TtlvNode | undefined {
  return s.value.find((n) => n.tag === tag);
}

function structOf(s: TtlvStructure, tag: string): TtlvStructure {
  const c = childOf(s, tag);
  if (c?.type !== 'Structure') throw new Error(`no ${tag} structure in ${s.tag}`);
  return c;
}

/** The protocol version a response header carries. */
export function responseVersion(res: TtlvStructure): Version {
  const pv = structOf(structOf(res, WIRE.responseHeader), WIRE.protocolVersion);
  const major = childOf(pv, WIRE.protocolVersionMajor);
  const minor = childOf(pv, WIRE.protocolVersionMinor);
  if (major?.type !== 'Integer' || minor?.type !== 'Integer') throw new Error('no protocol version');
  return [major.value, minor.value];
}

/** The batch items of a response. */
export function batchItems(res: TtlvStructure): TtlvStructure[] {
  return res.value.filter((n): n is TtlvStructure => n.tag === WIRE.batchItem && n.type === 'Structure');
}

/** Status, reason and message of the `index`th batch item (reason and message '' on success). */
export function itemResult(res: TtlvStructure, index = 0): { status: string; reason: string; message: string; payload: TtlvStructure | undefined } {
  const item = batchItems(res)[index];
  if (item === undefined) throw new Error(`no batch item ${index}`);
  const value = (tag: string): string => {
    const n = childOf(item, tag);
    return n === undefined || n.type === 'Structure' ? '' : String(n.value);
  };
  const payload = childOf(item, WIRE.responsePayload);
  return {
    status: value(WIRE.resultStatus),
    reason: value(WIRE.resultReason),
    message: value(WIRE.resultMessage),
    payload: payload?.type === 'Structure' ? payload : undefined,
  };
}

/** The text of a payload's first `tag` child. */
export function payloadText(payload: TtlvStructure | undefined, tag: string): string | undefined {
  const n = payload?.value.find((c) => c.tag === tag);
  return n?.type === 'TextString' ? n.value : undefined;
}
