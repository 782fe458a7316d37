/**
 * Malformed WebSocket frames for the fuzz run, with the answer each may get: frames a bound
 * session answers with an error (or, for a mutation that left a request valid, a response), frames
 * that end the session with a given close code, and refused bindings.
 * @module
 */
import { Packr } from 'msgpackr';
import { CLOSE } from '../../src/gateway/ws/close-codes.js';
import { mutateTree, pick, randomBytes, randomJson, type Chooser, type Json } from './fuzz-mutate.js';
import { forgedSecret, malformedSecret, type FuzzTarget } from './fuzz-http-cases.js';

/** Close code a client sees when the server drops the connection without a close frame (uWS on a protocol violation). */
export const ABNORMAL_CLOSURE = 1006;

const packr = new Packr({ useRecords: false, moreTypes: false });

/** A frame to send. */
export interface OutFrame {
  readonly kind: string;
  readonly data: string | Buffer;
  readonly binary: boolean;
}

/** A frame a bound session answers under its id. */
export interface RequestFrame extends OutFrame {
  readonly id: string | number;
  /** A mutation may have left the request valid: a response frame is fine. */
  readonly mayAccept: boolean;
}

/** A frame (or binding) that must end the session with one of these close codes. */
export interface ClosingFrame extends OutFrame {
  readonly codes: readonly number[];
}

function mutated(c: Chooser, t: FuzzTarget): Json {
  let tree = JSON.parse(pick(c, t.corpus.seeds)) as Json;
  for (let i = 1 + c.int(3); i > 0; i--) tree = mutateTree(tree, c, t.corpus.tags);
  return tree;
}

/** A frame with a readable id that a bound session must answer (regenerated while it exceeds the message cap). */
export function requestFrame(c: Chooser, t: FuzzTarget, id: string | number): RequestFrame {
  for (let tries = 0; tries < 20; tries++) {
    const f = anyRequestFrame(c, t, id);
    if (Buffer.byteLength(f.data) <= t.maxBody) return f;
  }
  return { kind: 'ws-request-not-a-node', id, data: `{"id":${JSON.stringify(id)},"request":7}`, binary: false, mayAccept: false };
}

function anyRequestFrame(c: Chooser, t: FuzzTarget, id: string | number): RequestFrame {
  const head = `{"id":${JSON.stringify(id)},"request":`;
  const roll = c.int(100);
  if (roll < 50) return { kind: 'ws-mutated-request', id, data: `${head}${JSON.stringify(mutated(c, t))}}`, binary: false, mayAccept: true };
  if (roll < 70) return { kind: 'ws-mutated-request-binary', id, data: Buffer.from(packr.pack({ id, request: mutated(c, t) })), binary: true, mayAccept: true };
  if (roll < 80) {
    const request = pick(c, ['42', '"Get"', 'null', 'true', '[]', '[{"tag":"Get","type":"Structure","value":[]}]', '{}']);
    return { kind: 'ws-request-not-a-node', id, data: `${head}${request}}`, binary: false, mayAccept: false };
  }
  if (roll < 86) {
    const request = { tag: 'Get', type: 'Structure', value: [{ tag: 'UniqueIdentifier', type: 'LongInteger', value: BigInt(c.int(1 << 30)) << 32n }] };
    return { kind: 'ws-64bit-integer-binary', id, data: Buffer.from(packr.pack({ id, request })), binary: true, mayAccept: false };
  }
  if (roll < 93) {
    return { kind: 'ws-extra-members', id, data: `{"id":${JSON.stringify(id)},"request":${JSON.stringify(mutated(c, t))},"junk":${JSON.stringify(randomJson(c, 2))}}`, binary: false, mayAccept: true };
  }
  // Refused only in the usual layout, whose id is ASCII (envelope.ts); otherwise JSON.parse keeps the last one.
  const usual = typeof id === 'number' || /^[\x20-\x7e]*$/.test(id);
  return { kind: 'ws-repeated-request-member', id, data: `${head}${pick(c, t.corpus.seeds)},"request":${pick(c, t.corpus.seeds)}}`, binary: false, mayAccept: !usual };
}

/** A frame that ends a bound session. */
export function closingFrame(c: Chooser, t: FuzzTarget): ClosingFrame {
  const malformed = [CLOSE.malformedFrame];
  switch (c.int(10)) {
    case 0: return { kind: 'ws-garbage-text', data: `#${Buffer.from(randomBytes(c, 200)).toString('base64')}`, binary: false, codes: malformed };
    case 1: {
      const seed = pick(c, t.corpus.seeds);
      return { kind: 'ws-truncated-text', data: `{"id":1,"request":${seed.slice(0, c.int(seed.length))}`, binary: false, codes: malformed };
    }
    case 2: return { kind: 'ws-garbage-binary', data: Buffer.concat([Buffer.from([0xc1]), randomBytes(c, 200)]), binary: true, codes: malformed };
    case 3: {
      const whole = Buffer.from(packr.pack({ id: 1, request: JSON.parse(pick(c, t.corpus.seeds)) as Json }));
      return { kind: 'ws-truncated-binary', data: whole.subarray(0, 1 + c.int(whole.length - 2)), binary: true, codes: malformed };
    }
    case 4: return { kind: 'ws-not-an-object', data: pick(c, ['[1]', '"x"', 'null', '42', '[]', 'true']), binary: false, codes: malformed };
    case 5: {
      const id = pick(c, ['{}', '[]', 'true', 'null', JSON.stringify('x'.repeat(257)), '1e999']);
      return { kind: 'ws-bad-id', data: c.int(4) === 0 ? `{"request":${pick(c, t.corpus.seeds)}}` : `{"id":${id},"request":{}}`, binary: false, codes: malformed };
    }
    case 6: return { kind: 'ws-hello-when-bound', data: JSON.stringify({ type: 'hello', database_secret: t.fuzzSecret }), binary: false, codes: [CLOSE.policy] };
    case 7: return { kind: 'ws-hello-without-secret', data: JSON.stringify({ type: 'hello', database_secret: pick(c, [5, null, true, {}, ['x']]) }), binary: false, codes: malformed };
    case 8: return { kind: 'ws-oversized', data: 'x'.repeat(t.maxBody + 1 + c.int(t.maxBody >>> 1)), binary: c.int(2) === 0, codes: [CLOSE.tooBig] };
    default: {
      // uWS checks text frames are UTF-8 itself and drops the connection, with no close frame.
      const bytes = Buffer.from(`{"id":1,"request":{"tag":"Get","value":"\u00e9"}}`, 'utf8');
      bytes[bytes.length - 5] = pick(c, [0xff, 0xc0, 0x80]);
      return { kind: 'ws-invalid-utf8-text', data: bytes, binary: false, codes: [ABNORMAL_CLOSURE] };
    }
  }
}

/** How a refused session starts: the secret in the upgrade header, or a first frame, and the close codes it must get. */
export interface Refusal {
  readonly kind: string;
  readonly header: string;
  readonly first: OutFrame | null;
  readonly codes: readonly number[];
}

/** A session that must be refused before it is bound (encrypted mode only). */
export function refusedBinding(c: Chooser, t: FuzzTarget): Refusal {
  const secretCodes = [CLOSE.badSecret, CLOSE.unauthorized];
  const hello = (secret: unknown, binary: boolean): OutFrame => ({
    kind: 'hello', binary, data: binary ? Buffer.from(packr.pack({ type: 'hello', database_secret: secret })) : JSON.stringify({ type: 'hello', database_secret: secret }),
  });
  switch (c.int(6)) {
    case 0: return { kind: 'ws-request-before-hello', header: '', first: { kind: 'request', data: `{"id":1,"request":${pick(c, t.corpus.seeds)}}`, binary: false }, codes: [CLOSE.unauthorized] };
    case 1: return { kind: 'ws-hello-malformed-secret', header: '', first: hello(malformedSecret(c), c.int(2) === 0), codes: secretCodes };
    case 2: return { kind: 'ws-hello-forged-secret', header: '', first: hello(forgedSecret(c, t), c.int(2) === 0), codes: [CLOSE.unauthorized] };
    case 3: return { kind: 'ws-upgrade-malformed-secret', header: malformedSecret(c).trim() || 'x', first: null, codes: secretCodes };
    case 4: return { kind: 'ws-upgrade-forged-secret', header: forgedSecret(c, t).trim(), first: null, codes: [CLOSE.unauthorized] };
    default: return { kind: 'ws-garbage-before-hello', header: '', first: { kind: 'garbage', data: Buffer.from(randomBytes(c, 64)), binary: true }, codes: [CLOSE.malformedFrame] };
  }
}

/** Frames that break the WebSocket protocol itself (bad opcode, RSV bits, unmasked, oversized control frame, huge length). */
export function protocolViolation(c: Chooser): Buffer {
  const mask = Buffer.from([c.int(256), c.int(256), c.int(256), c.int(256)]);
  const masked = (first: number, payload: Buffer): Buffer => {
    const p = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
    const len = p.length < 126 ? Buffer.from([0x80 | p.length]) : Buffer.from([0x80 | 126, p.length >> 8, p.length & 255]);
    return Buffer.concat([Buffer.from([first]), len, mask, p]);
  };
  switch (c.int(8)) {
    case 0: return masked(0x80 | pick(c, [3, 4, 5, 6, 7, 11, 12, 15]), Buffer.from(randomBytes(c, 20)));
    case 1: return masked(0x80 | (pick(c, [1, 2, 4]) << 4) | 1, Buffer.from('{}'));
    // Unmasked: uWS reads the next four bytes as a mask anyway, so bytes follow for it to read.
    case 2: return Buffer.concat([Buffer.from([0x81, 0x02, 0x7b, 0x7d]), randomBytes(c, 64), Buffer.alloc(64)]);
    case 3: return masked(0x89, Buffer.alloc(126 + c.int(100))); // a ping longer than 125 bytes
    case 4: return masked(0x09, Buffer.from('x')); // a fragmented ping
    case 5: return masked(0x80, Buffer.from('{}')); // a continuation with nothing to continue
    case 6: return Buffer.concat([Buffer.from([0x82, 0xff, 0x3f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), mask]);
    default: return masked(0x88, Buffer.from([0x03, pick(c, [0xe7, 0xed, 0xee])])); // a close with a reserved code
  }
}
