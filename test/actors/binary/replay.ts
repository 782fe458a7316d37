/**
 * Replays recorded PyKMIP requests (test/fixtures/vectors/pykmip-0.10) against an in-process
 * actor as `kmip-binary` requests. Identifiers in the recordings are the PyKMIP server's, so each
 * one is swapped for the identifier our server gave the same object (learnt from the recorded
 * and the live response of the request that made it) before the request is re-encoded.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../../src/kmip/ttlv/binary.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';
import type { ActorFixture } from '../actor-fixture.js';

/** Where the codec helper put the recorded traffic. */
export const VECTORS_DIR = path.join(process.cwd(), 'test', 'fixtures', 'vectors', 'pykmip-0.10');

const ID_TAGS = new Set(['UniqueIdentifier', 'PrivateKeyUniqueIdentifier', 'PublicKeyUniqueIdentifier']);
// Outputs a later request feeds back (a ciphertext to decrypt, a signature to verify).
const OUTPUT_TAGS = new Set(['Data', 'SignatureData', 'MACData']);
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** One recorded exchange. */
export interface Vector {
  readonly name: string;
  readonly request: Uint8Array;
  readonly response: Uint8Array;
}

/** The recorded exchanges of one version directory, in capture order. */
export function loadVectors(version: 'kmip-1.2' | 'kmip-2.0'): Vector[] {
  const dir = path.join(VECTORS_DIR, version);
  const hex = (f: string): Uint8Array => Buffer.from(fs.readFileSync(path.join(dir, f), 'utf8').trim(), 'hex');
  return fs.readdirSync(dir).filter((f) => f.endsWith('-request.hex')).sort().map((f) => {
    const name = f.slice(0, -'-request.hex'.length);
    return { name, request: hex(f), response: hex(`${name}-response.hex`) };
  });
}

/** Every identifier (TextString) and output (ByteString, as hex) of a tree, by tag, in order. */
/** Every identifier in a tree, with its tag, in order. */
export function identifiers(node: TtlvNode, out: [string, string][] = []): [string, string][] {
  if (node.type === 'Structure') for (const c of node.value) identifiers(c, out);
  else if (node.type === 'TextString' && ID_TAGS.has(node.tag)) out.push([node.tag, node.value]);
  else if (node.type === 'ByteString' && OUTPUT_TAGS.has(node.tag)) out.push([node.tag, hexOf(node.value)]);
  return out;
}

function rewrite(node: TtlvNode, ids: ReadonlyMap<string, string>): TtlvNode {
  if (node.type === 'Structure') return { tag: node.tag, type: 'Structure', value: node.value.map((c) => rewrite(c, ids)) };
  if (node.type === 'TextString' && ID_TAGS.has(node.tag)) return { ...node, value: ids.get(node.value) ?? node.value };
  if (node.type === 'ByteString' && OUTPUT_TAGS.has(node.tag)) {
    const ours = ids.get(hexOf(node.value));
    return ours === undefined ? node : { ...node, value: Buffer.from(ours, 'hex') };
  }
  return node;
}

/** The first batch item of a decoded response message. */
export function batchItem(message: TtlvNode): TtlvStructure {
  if (message.type !== 'Structure') throw new Error('response is not a Structure');
  const item = message.value.find((c) => c.tag === 'BatchItem');
  if (item?.type !== 'Structure') throw new Error('response has no Batch Item');
  return item;
}

/** The named child's value (undefined when absent). */
export function valueOf(s: TtlvStructure, tag: string): unknown {
  return s.value.find((c) => c.tag === tag)?.value;
}

/** Replays vectors in order on one actor, carrying the identifier (and output) map along. */
export class Replayer {
  /** Recorded identifier -> ours; recorded output hex -> our output hex. */
  readonly ids = new Map<string, string>();

  constructor(private readonly fixture: ActorFixture) {}

  /** Sends the vector's request (identifiers swapped) and returns our decoded response. */
  async replay(v: Vector): Promise<TtlvStructure> {
    const request = rewrite(decodeBinaryTtlv(v.request), this.ids);
    const answer = decodeBinaryTtlv(await this.fixture.sendAsync('kmip-binary', encodeBinaryTtlv(request)));
    if (answer.type !== 'Structure') throw new Error('response is not a Structure');
    // Objects made by this request: pair the recorded identifiers with ours, tag by tag.
    const recorded = identifiers(decodeBinaryTtlv(v.response));
    const ours = identifiers(answer);
    for (const [tag, id] of recorded) {
      const mine = ours.find(([t]) => t === tag);
      if (mine !== undefined && !this.ids.has(id)) this.ids.set(id, mine[1]);
    }
    return answer;
  }

  /**
   * Activates the object the recording calls `recordedId` with the recorded Activate request
   * aimed at it: the capture left out the Activates of the key pair that Sign then uses.
   */
  async activate(activateVector: Vector, recordedId: string): Promise<void> {
    const target = this.ids.get(recordedId);
    if (target === undefined) throw new Error(`no object of ours stands for ${recordedId}`);
    const request = rewrite(decodeBinaryTtlv(activateVector.request), new Map(identifiers(decodeBinaryTtlv(activateVector.request)).map(([, id]) => [id, target])));
    const answer = decodeBinaryTtlv(await this.fixture.sendAsync('kmip-binary', encodeBinaryTtlv(request)));
    if (answer.type !== 'Structure' || valueOf(batchItem(answer), 'ResultStatus') !== 'Success') throw new Error(`Activate of ${target} failed`);
  }
}
