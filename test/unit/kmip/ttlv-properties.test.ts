/**
 * Property tests (fast-check, fixed seed) of the codecs that read untrusted bytes: JSON TTLV trees
 * of every item type round-trip exactly; arbitrary or mutated input to the TTLV parser and the
 * KMIP request decoders fails only with a KmipError; WebSocket frames fail only with a FrameError;
 * inter-thread frames fail only with a ProtocolError.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { KmipError, isResultReason } from '../../../src/kmip/kmip-error.js';
import { decodeTtlv, encodeJsonTtlv, encodeJsonTtlvBytes, parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { asStructure } from '../../../src/kmip/ttlv/read.js';
import { int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { attributeListOf } from '../../../src/kmip/attributes.js';
import { attributesToJson } from '../../../src/kmip/attributes-json.js';
import { decodeRequestMessage } from '../../../src/kmip/messages.js';
import { decodeClientFrame, FrameError, responseFrame } from '../../../src/gateway/ws/envelope.js';
import { decodeCommands, decodeEvents, encodeFrame, ProtocolError } from '../../../src/protocol/codec.js';
import { PROTOCOL_VERSION, type WorkerCommand, type WorkerEvent } from '../../../src/protocol/messages.js';
import { damageText, malformedBody, mutateTree, type Chooser, type Json } from '../../chaos/fuzz-mutate.js';
import { corpus, DECODERS, REQUEST_DECODERS } from '../../chaos/fuzz-corpus.js';
import { PROTOTYPE_NAMES, ttlvArbitraries } from '../../chaos/fuzz-arbitraries.js';
import type { TtlvLimits } from '../../../src/kmip/ttlv/limits.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';

// Fixed, so a run is reproducible; fast-check prints the seed and the shrunk counterexample on failure.
const SEED = 0x7e1f_2026;
const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns });

const CORPUS = corpus();

/** A Chooser over fast-check's in-test generator, so mutations shrink and replay with the seed. */
function chooser(g: fc.GeneratorValue): Chooser {
  return { int: (n) => g(fc.integer, { min: 0, max: Math.max(0, n - 1) }) };
}

/** Asserts a thrown value is a KmipError with a known reason and a short, plain message. */
function assertKmipError(err: unknown): void {
  if (!(err instanceof KmipError)) throw new Error(`expected a KmipError, got ${String(err)}`, { cause: err });
  assert.ok(isResultReason(err.reason), `unknown reason ${err.reason}`);
  assert.ok(err.message.length > 0 && err.message.length <= 1024, `message of ${err.message.length} characters`);
  assert.ok(!err.message.includes('\n    at '), 'no stack trace in the message');
}

/** Runs fn; only a KmipError may come out of it. */
function onlyKmipErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    assertKmipError(err);
  }
}

/** The request path of the actor: JSON TTLV text -> Structure -> Message or single operation -> its decoder. */
function decodeRequest(text: string, limits?: TtlvLimits): void {
  const root = asStructure(parseJsonTtlv(text, limits), 'request');
  if (root.tag === 'Message') {
    for (const item of decodeRequestMessage(root).items) REQUEST_DECODERS.get(item.request.tag)?.(item.request);
  } else {
    REQUEST_DECODERS.get(root.tag)?.(root);
  }
}

const { leaf: leafArb, node: nodeArb, structure: structureArb } = ttlvArbitraries(CORPUS.tags);

/** Nesting depth (root = 1), node count and longest string (tag or string value) of a JSON TTLV text. */
function measure(json: Json, depth = 1): { depth: number; nodes: number; longest: number } {
  const o = json as { tag: string; value: Json };
  let out = { depth, nodes: 1, longest: Math.max(o.tag.length, typeof o.value === 'string' ? o.value.length : 0) };
  if (Array.isArray(o.value)) {
    for (const c of o.value) {
      const m = measure(c, depth + 1);
      out = { depth: Math.max(out.depth, m.depth), nodes: out.nodes + m.nodes, longest: Math.max(out.longest, m.longest) };
    }
  }
  return out;
}

describe('JSON TTLV round trips (property)', () => {
  it('parses what it encodes back into the same tree, for every item type and edge value', () => {
    fc.assert(fc.property(nodeArb, (node) => {
      assert.deepStrictEqual(parseJsonTtlv(encodeJsonTtlv(node)), node);
    }), runs(600));
  });

  it('writes one canonical text: re-encoding a parsed tree and the byte encoder both give it exactly', () => {
    fc.assert(fc.property(nodeArb, (node) => {
      const text = encodeJsonTtlv(node);
      assert.equal(encodeJsonTtlv(parseJsonTtlv(text)), text);
      assert.equal(Buffer.from(encodeJsonTtlvBytes(node)).toString('utf8'), text);
    }), runs(400));
  });

  it('reads the other spellings Cosmian accepts as the same values', () => {
    const spelled = fc.oneof(
      fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }).map((v) => ({
        json: { tag: 'X', type: 'Integer', value: `0x${(v >>> 0).toString(16).padStart(8, '0')}` }, node: { tag: 'X', type: 'Integer', value: v },
      })),
      fc.maxSafeInteger().map((v) => ({ json: { tag: 'X', type: 'LongInteger', value: v }, node: { tag: 'X', type: 'LongInteger', value: BigInt(v) } })),
      fc.integer({ min: 0, max: 0xffff_ffff }).map((v) => ({
        json: { tag: 'X', type: 'Enumeration', value: `0X${v.toString(16).toUpperCase()}` }, node: { tag: 'X', type: 'Enumeration', value: v },
      })),
      fc.uint8Array({ maxLength: 32 }).map((v) => ({ json: { tag: 'X', type: 'ByteString', value: Buffer.from(v).toString('hex') }, node: { tag: 'X', type: 'ByteString', value: v } })),
      fc.bigInt({ min: 0n, max: 2n ** 200n }).map((v) => ({ json: { tag: 'X', type: 'BigInteger', value: `0x${v.toString(16)}` }, node: { tag: 'X', type: 'BigInteger', value: v } })),
      fc.array(leafArb, { maxLength: 3 }).map((v) => ({ json: { tag: 'X', value: JSON.parse(`[${v.map((n) => encodeJsonTtlv(n)).join(',')}]`) as unknown }, node: { tag: 'X', type: 'Structure', value: v } })),
    );
    fc.assert(fc.property(spelled, ({ json, node }) => {
      assert.deepStrictEqual(parseJsonTtlv(JSON.stringify(json)), node);
    }), runs(400));
  });

  it('refuses a tree past any limit with Invalid_Message, and parses one within them', () => {
    const limits: TtlvLimits = { maxDepth: 4, maxNodes: 12, maxStringLength: 40 };
    fc.assert(fc.property(structureArb, (node) => {
      const text = encodeJsonTtlv(node);
      const m = measure(JSON.parse(text) as Json);
      const over = m.depth > limits.maxDepth || m.nodes > limits.maxNodes || m.longest > limits.maxStringLength;
      if (over) assert.throws(() => parseJsonTtlv(text, limits), (e: unknown) => e instanceof KmipError && e.reason === 'Invalid_Message');
      else if ((text.match(/[{[,]/g) ?? []).length <= limits.maxNodes * 6) assert.deepStrictEqual(parseJsonTtlv(text, limits), node);
    }), runs(400));
  });
});

describe('JSON TTLV and KMIP request decoders on hostile input (property)', () => {
  it('fail only with a KmipError on arbitrary text', () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')));
    fc.assert(fc.property(text, (t) => { onlyKmipErrors(() => { decodeRequest(t); }); }), runs(1500));
  });

  it('fail only with a KmipError on arbitrary JSON values, as text and as parsed values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
      onlyKmipErrors(() => { decodeRequest(JSON.stringify(v)); });
      onlyKmipErrors(() => decodeTtlv(v));
    }), runs(1500));
  });

  it('fail only with a KmipError on mutated valid requests (tree and text damage), under default and tight limits', () => {
    const tight: TtlvLimits = { maxDepth: 8, maxNodes: 60, maxStringLength: 64 };
    fc.assert(fc.property(fc.constantFrom(...CORPUS.seeds), fc.gen(), (seed, g) => {
      const body = malformedBody(seed, chooser(g), CORPUS.tags);
      const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
      onlyKmipErrors(() => { decodeRequest(text); });
      onlyKmipErrors(() => { decodeRequest(text, tight); });
    }), runs(3000));
  });

  it('fail only with a KmipError when every decoder reads every mutated request, whatever its operation', () => {
    fc.assert(fc.property(fc.constantFrom(...CORPUS.seeds), fc.gen(), (seed, g) => {
      const c = chooser(g);
      let tree = JSON.parse(seed) as Json;
      for (let i = 1 + c.int(3); i > 0; i--) tree = mutateTree(tree, c, CORPUS.tags);
      let root: TtlvStructure;
      try {
        root = asStructure(decodeTtlv(tree), 'request');
      } catch (err) {
        assertKmipError(err);
        return;
      }
      for (const decode of DECODERS) onlyKmipErrors(() => decode(root));
    }), runs(600));
  });

  it('fail only with a KmipError when every decoder reads arbitrary well-typed trees of real tags', () => {
    fc.assert(fc.property(structureArb, (s) => {
      for (const decode of DECODERS) onlyKmipErrors(() => decode(s));
    }), runs(500));
  });

  it('keep every error short, however deep the tree and long its tags', () => {
    const leafArb2 = fc.constantFrom(['Integer', 'zz'], ['Structure', 'zz'], ['Nope', 1], ['Boolean', true], ['ByteString', 'x']);
    // size 'max': fast-check otherwise keeps arrays and strings small, far from the limits.
    const deep = fc.tuple(fc.array(fc.string({ minLength: 1, maxLength: 200, size: 'max' }), { minLength: 1, maxLength: 80, size: 'max' }), leafArb2);
    fc.assert(fc.property(deep, ([tags, [type, value]]) => {
      let node: Json = { tag: tags.at(-1) ?? 'x', type, value };
      for (const tag of tags.slice(0, -1).reverse()) node = { tag, type: 'Structure', value: [node] };
      try {
        decodeRequest(JSON.stringify(node));
      } catch (err) {
        assertKmipError(err);
        assert.ok((err as KmipError).message.length <= 600, `a message of ${(err as KmipError).message.length} characters`);
      }
    }), runs(300));
  });

  it('show at most 64 characters of a megabyte-long tag', () => {
    const tag = 'T'.repeat(1 << 20);
    for (const text of [`{"tag":"${tag}","type":"Boolean","value":true}`, `{"tag":"${tag}","type":"Integer","value":"x"}`]) {
      assert.throws(() => { decodeRequest(text); }, (e: unknown) => e instanceof KmipError && e.message.length < 200);
    }
  });

  it('never echo a long input back in an error message', () => {
    fc.assert(fc.property(fc.constantFrom(...CORPUS.seeds), fc.gen(), (seed, g) => {
      const text = damageText(seed, chooser(g));
      try {
        decodeRequest(text);
      } catch (err) {
        assertKmipError(err);
        assert.ok((err as KmipError).message.length < Math.max(1024, text.length), 'the message is shorter than the input');
      }
    }), runs(500));
  });
});

describe('attribute lists with tags named like Object.prototype members', () => {
  it('are read as unknown attributes, not as Object.prototype members', () => {
    for (const tag of PROTOTYPE_NAMES) {
      const attrs = attributeListOf(struct('Attributes', [text(tag, 'x'), int('CryptographicLength', 128)]));
      assert.equal(attrs.length, 2);
      assert.throws(() => attributeListOf(struct('Attributes', [int('CryptographicLength', 1), text('CryptographicLength', 'x'), text(tag, 'y')])),
        (e: unknown) => e instanceof KmipError && e.reason === 'Invalid_Message');
    }
  });

  it('keep such attributes as plain members in their JSON form', () => {
    const json = attributesToJson([text('__proto__', 'a'), struct('constructor', [text('Link', 'b')]), text('toString', 'c')]);
    assert.equal(JSON.stringify(json), '{"__proto__":"a","constructor":{"Link":["b"]},"toString":"c"}');
  });
});

// --- WebSocket envelope ---------------------------------------------------------------------------

const packr = new Packr({ useRecords: false, moreTypes: false });
/** The msgpack bytes of a value, or undefined when msgpack cannot hold it (a bigint past 64 bits). */
function packed(value: unknown, p: Packr = packr): Uint8Array | undefined {
  try {
    return p.pack(value);
  } catch {
    return undefined;
  }
}
/** Whether the frame is valid msgpack (binary) or JSON (text) at all. */
function readable(bytes: Uint8Array, binary: boolean): boolean {
  try {
    if (binary) packr.unpack(bytes);
    else JSON.parse(Buffer.from(bytes).toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
const arrayBuffer = (b: Uint8Array): ArrayBuffer => Uint8Array.from(b).buffer;
const idArb = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 256 }));
/** Values a hostile msgpack frame can carry: bigints, dates, binary, maps, deep nesting. */
const msgpackValue = fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withMap: true, withNullPrototype: true, withSparseArray: true, maxDepth: 4 });

/** Decodes a frame; only a FrameError may come out. Returns the frame, or the error. */
function decodeFrame(bytes: Uint8Array, binary: boolean): ReturnType<typeof decodeClientFrame> | FrameError {
  try {
    return decodeClientFrame(arrayBuffer(bytes), binary);
  } catch (err) {
    if (!(err instanceof FrameError)) throw new Error(`expected a FrameError, got ${String(err)}`, { cause: err });
    assert.ok(err.message.length > 0 && err.message.length <= 256);
    return err;
  }
}

describe('WebSocket envelope on hostile frames (property)', () => {
  it('fails only with a FrameError on arbitrary bytes, as a text or a binary frame', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, binary) => { decodeFrame(bytes, binary); }), runs(2000));
  });

  it('fails only with a FrameError on arbitrary JSON and msgpack values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), msgpackValue, (json, value) => {
      decodeFrame(Buffer.from(JSON.stringify(json), 'utf8'), false);
      const bytes = packed(value);
      if (bytes !== undefined) decodeFrame(bytes, true);
    }), runs(1500));
  });

  it('answers a frame with a valid id either with its request or with an error naming that id', () => {
    fc.assert(fc.property(idArb, msgpackValue, fc.boolean(), (id, request, binary) => {
      const frame = { id, request };
      let bytes: Uint8Array | undefined;
      if (binary) bytes = packed(frame);
      else {
        let text: string;
        try {
          text = JSON.stringify(frame);
        } catch {
          return; // not expressible as JSON text (a bigint): binary frames cover it
        }
        bytes = Buffer.from(text, 'utf8');
      }
      fc.pre(bytes !== undefined && readable(bytes, binary));
      const out = decodeFrame(bytes, binary);
      // Whether the request is kept or refused, the answer goes to the id the client sent.
      const sentId: unknown = binary ? id : JSON.parse(JSON.stringify(id));
      const gotId = out instanceof FrameError ? out.id : out.kind === 'request' ? out.id : undefined;
      assert.ok(gotId === sentId, `id ${String(gotId)} for ${String(sentId)}`);
    }), runs(1500));
  });

  it('fails only with a FrameError on mutated hello and request frames', () => {
    const frames = [...CORPUS.seeds.slice(0, 8).map((s) => `{"id":7,"request":${s}}`), '{"type":"hello","database_secret":"eyJncm91cF9pZCI6MSwia2V5IjoiMDAifQ=="}'];
    fc.assert(fc.property(fc.constantFrom(...frames), fc.gen(), fc.boolean(), (frame, g, binary) => {
      const body = malformedBody(frame, chooser(g), CORPUS.tags);
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      let value: unknown = bytes;
      try {
        value = JSON.parse(Buffer.from(bytes).toString('utf8'));
      } catch {
        // not JSON: the bytes themselves go in the binary frame
      }
      decodeFrame(binary ? packed(value) ?? bytes : bytes, binary);
    }), runs(1500));
  });

  it('refuses, naming its id, a msgpack request holding a 64-bit integer that JSON cannot write', () => {
    const out = decodeFrame(packr.pack({ id: 'r1', request: { tag: 'Get', type: 'Structure', value: [{ tag: 'X', type: 'LongInteger', value: 2n ** 60n }] } }), true);
    assert.ok(out instanceof FrameError);
    assert.equal(out.id, 'r1');
    assert.match(out.message, /JSON cannot carry/);
  });

  it('writes a text response frame that is JSON holding the id and the answer, whatever the id', () => {
    fc.assert(fc.property(idArb, structureArb, (id, node) => {
      const frame = responseFrame(id, encodeJsonTtlvBytes(node), false);
      const text = typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8');
      const back = JSON.parse(text) as { id: unknown; response: unknown };
      assert.deepEqual(back, { id: JSON.parse(JSON.stringify(id)) as unknown, response: JSON.parse(encodeJsonTtlv(node)) as unknown });
    }), runs(400));
  });
});

// --- Inter-thread frames --------------------------------------------------------------------------

/** Decodes a frame both ways; only a ProtocolError may come out. */
function decodeProtocol(bytes: Uint8Array): void {
  for (const decode of [decodeCommands, decodeEvents]) {
    try {
      decode(bytes);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw new Error(`expected a ProtocolError, got ${String(err)}`, { cause: err });
    }
  }
}

/** A frame of fixed-layout records only (a request and a done event). */
const recordFrame = (): Uint8Array => encodeFrame([
  { type: 'request', v: PROTOCOL_VERSION, id: 3, actorId: '42', kind: 'kmip', user: 'admin', body: new TextEncoder().encode('{}') } satisfies WorkerCommand,
  { type: 'done', v: PROTOCOL_VERSION, id: 4, body: new Uint8Array([1, 2]), operation: 'Get', failure: 'Item_Not_Found', audit: [{ operation: 'Get', objectId: 'x', result: 'Success' }] } satisfies WorkerEvent,
]).bytes;

describe('inter-thread codec on hostile frames (property)', () => {
  it('fails only with a ProtocolError on well-formed msgpack of arbitrary values with string keys', () => {
    const packer = new Packr({ useRecords: false, moreTypes: false });
    const value = fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, maxDepth: 4 });
    fc.assert(fc.property(fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 })), (v) => {
      const bytes = packed(v, packer);
      fc.pre(bytes !== undefined);
      decodeProtocol(bytes);
    }), runs(1500));
  });

  it('fails only with a ProtocolError on record frames cut short', () => {
    const frame = recordFrame();
    fc.assert(fc.property(fc.integer({ min: 1, max: frame.length - 1 }), (cut) => { decodeProtocol(frame.subarray(0, cut)); }), runs(300));
  });

  it('fails only with a ProtocolError, and promptly, on arbitrary bytes', () => {
    const hostile = [[0xdd, 0xff, 0xff, 0xff, 0xff], [0xdf, 0xff, 0xff, 0xff, 0xff], [0xdb, 0xff, 0xff, 0xff, 0xff], [0xc6, 0xff, 0xff, 0xff, 0xff], [0x91, 0xd4, 0x72, 0x00], [0xc1, 0, 0, 0, 0, 0xff]];
    for (const h of hostile) decodeProtocol(Uint8Array.from(h));
    // Well-formed msgpack too: a map keyed by a non-string, a version that cannot be made a string.
    decodeProtocol(packr.pack(new Map([[new Date(0), 0]])));
    decodeProtocol(packr.pack([{ v: { toString: 1 }, id: 1, type: 'shutdown' }]));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => { decodeProtocol(bytes); }), runs(2000));
  });
});
