/**
 * Binary request builders for actor tests: a Request Message in any protocol version, and
 * readers for the decoded Response Message.
 * @module
 */
import { bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../../src/kmip/ttlv/binary.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';
import type { ActorFixture } from '../actor-fixture.js';

/** One batch item to send: the operation (a number for one the codec has no name for) and its payload children. */
export interface Item {
  readonly operation: string | number;
  readonly payload: readonly (TtlvNode | undefined)[];
  readonly id?: Uint8Array;
}

/** A Protocol Version structure. */
export function protocolVersion(major: number, minor: number): TtlvNode {
  return struct('ProtocolVersion', [int('ProtocolVersionMajor', major), int('ProtocolVersionMinor', minor)]);
}

/** The encoded Request Message; `header` adds fields after Protocol Version (e.g. Authentication). */
export function requestBytes(major: number, minor: number, items: readonly Item[], header: readonly TtlvNode[] = []): Uint8Array {
  return encodeBinaryTtlv(struct('RequestMessage', [
    struct('RequestHeader', [protocolVersion(major, minor), ...header, int('BatchCount', items.length)]),
    ...items.map((i) => struct('BatchItem', [
      typeof i.operation === 'number' ? { tag: 'Operation', type: 'Enumeration', value: i.operation } : enumeration('Operation', i.operation),
      i.id === undefined ? undefined : bytes('UniqueBatchItemId', i.id),
      struct('RequestPayload', i.payload),
    ])),
  ]));
}

/** A 1.x Attribute; enumeration values go as numbers, as on the wire. */
export function v1Attribute(name: string, value: TtlvNode): TtlvNode {
  return struct('Attribute', [text('AttributeName', name), { ...value, tag: 'AttributeValue' }]);
}

/** The decoded response: header and batch items. */
export interface Answer {
  readonly header: TtlvStructure;
  readonly items: TtlvStructure[];
}

/** Sends a binary request to the actor and decodes the answer (which must be a Response Message). */
export async function exchange(fixture: ActorFixture, body: Uint8Array): Promise<Answer> {
  const root = decodeBinaryTtlv(await fixture.sendAsync('kmip-binary', body));
  if (root.type !== 'Structure' || root.tag !== 'ResponseMessage') throw new Error('not a Response Message');
  const [header, ...items] = root.value;
  if (header?.type !== 'Structure' || header.tag !== 'ResponseHeader') throw new Error('no Response Header');
  return { header, items: items.map((i) => (i.type === 'Structure' ? i : struct('BatchItem', []))) };
}

/** A child's value, or undefined. */
export function valueAt(s: TtlvStructure, ...path: string[]): unknown {
  let node: TtlvNode | undefined = s;
  for (const tag of path) node = node?.type === 'Structure' ? node.value.find((c) => c.tag === tag) : undefined;
  return node?.value;
}

/** A batch item's Response Payload. */
export function payloadOf(item: TtlvStructure): TtlvStructure {
  const p = item.value.find((c) => c.tag === 'ResponsePayload');
  if (p?.type !== 'Structure') throw new Error(`no Response Payload: ${String(valueAt(item, 'ResultMessage'))}`);
  return p;
}
