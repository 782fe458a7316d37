/**
 * Malformed HTTP requests for the fuzz run, each with what its answer may be: mutated and garbage
 * KMIP bodies, wrong content types, odd and oversized headers, malformed and forged database
 * secrets, wrong paths and methods, oversized and badly chunked bodies, and raw garbage that is
 * not HTTP at all.
 * @module
 */
import { breakUtf8, malformedBody, pick, randomBytes, randomJson, type Chooser } from './fuzz-mutate.js';
import { requestBytes } from './fuzz-http.js';
import type { Corpus } from './fuzz-corpus.js';

/** The server under fuzz and what the generators need to know of it. */
export interface FuzzTarget {
  readonly port: number;
  readonly corpus: Corpus;
  readonly maxBody: number;
  readonly encrypted: boolean;
  /** Secret of the scratch database that mutated requests go to ('' in plain mode). */
  readonly fuzzSecret: string;
  /** Group id of the database holding the known data (0n in plain mode); it only ever gets requests that cannot run. */
  readonly knownGroupId: bigint;
  /** Secret of that database ('' in plain mode). */
  readonly knownSecret: string;
  /** Text no answer may contain: the secrets and the known keys in hex. */
  readonly forbidden: readonly string[];
}

/** One request and what may come back. */
export interface HttpCase {
  readonly kind: string;
  readonly bytes: Buffer;
  /** False for HEAD: the answer has no body. */
  readonly expectBody: boolean;
  /** A 200 is possible: a mutated body may still be a valid request. */
  readonly mayAccept: boolean;
  /** The server may drop the connection without answering (malformed HTTP framing). */
  readonly mayClose: boolean;
  /** Sent on a connection of its own (the framing may leave a shared one unusable). */
  readonly oneShot: boolean;
  /** Values the answer must not repeat (the secret header sent). */
  readonly echo: readonly string[];
}

const b64 = (text: string | Uint8Array): string => Buffer.from(text).toString('base64');
const hex = (c: Chooser, bytes: number): string => Buffer.from(Array.from({ length: bytes }, () => c.int(256))).toString('hex');
const bigId = (c: Chooser): bigint => (BigInt(c.int(0x7fffffff)) << 96n) | BigInt(c.int(0x7fffffff));

/** A KmsDatabaseSecret value that does not decode to a secret. */
export function malformedSecret(c: Chooser): string {
  switch (c.int(12)) {
    case 0: return b64(randomBytes(c, 80));
    case 1: return pick(c, ['not base64!', 'eyJ*', '====', 'a', 'YQ', 'YQ=', 'Y Q==', '\t', '-_-_', 'e30']);
    case 2: return b64('{"group_id":1,"key":');
    case 3: return b64(JSON.stringify(randomJson(c, 2)));
    case 4: {
      const id = pick(c, ['-1', '1.5', '"7"', '340282366920938463463374607431768211456', '1e400', 'null', '[]', '0x10']);
      return b64(`{"group_id":${id},"key":"${'a'.repeat(64)}"}`);
    }
    case 5: return b64(`{"group_id":1,"key":"${pick(c, ['', 'ab', 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), ' '.repeat(64)])}"}`);
    case 6: return b64(`{"group_id":1,"key":"${'0'.repeat(64)}","extra":true}`);
    case 7: return b64(JSON.stringify(Array.from({ length: pick(c, [0, 1, 16, 47]) }, () => c.int(256))));
    case 8: return b64(JSON.stringify(Array.from({ length: 48 }, (_, i) => (i === c.int(48) ? pick(c, [256, -1, 1.5, '1', null]) : c.int(256)))));
    case 9: return b64(`{"group_id":1,"key":"${'a'.repeat(64)}"}`).replace(/=+$/, '').replace(/\+/g, '-');
    case 10: return b64(randomBytes(c, 2400)); // a header near the size limit
    default: return b64(`{"key":"${'a'.repeat(64)}","group_id":1,"group_id":2}`);
  }
}

/** A KmsDatabaseSecret that decodes but opens nothing: a wrong key for a real group, or an unknown group. */
export function forgedSecret(c: Chooser, t: FuzzTarget): string {
  const key = hex(c, 32);
  switch (c.int(4)) {
    case 0: return b64(`{"group_id":${t.knownGroupId.toString()},"key":"${key}"}`);
    case 1: {
      const bytes: number[] = [];
      for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((t.knownGroupId >> shift) & 0xffn));
      return b64(JSON.stringify([...bytes, ...Buffer.from(key, 'hex')]));
    }
    case 2: return b64(`{"group_id":${bigId(c).toString()},"key":"${key}"}`);
    default: return ` ${b64(`{ "group_id" : ${t.knownGroupId.toString()} , "key" : "${key.toUpperCase()}" }`)}\t`;
  }
}

/** A body the KMIP decoder cannot read at all, for the database holding the known data. */
function unreadableBody(c: Chooser, seed: string): string | Uint8Array {
  switch (c.int(6)) {
    case 0: return seed.slice(0, c.int(seed.length - 1));
    case 1: return breakUtf8(seed, c);
    case 2: return Buffer.concat([Buffer.from('#'), randomBytes(c, 300)]);
    case 3: return pick(c, ['', '[]', '1', '"x"', 'null', '{}', '{"tag":"Get"}', '[{"tag":"Get","type":"Structure","value":[]}]']);
    case 4: return '['.repeat(pick(c, [100, 10_000, 100_000]));
    default: return `${seed},`;
  }
}

const CONTENT_TYPES = ['text/plain', 'application/xml', 'multipart/form-data; boundary=zz', '', 'application/json; charset=utf-16', 'application/octet-stream', 'application/json, text/html', '*/*', 'application/x-www-form-urlencoded'];
const METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'get', 'POSTX', 'POST'];
const PATHS = [
  '/kmip/2_1/', '/kmip/2_1/x', '/kmip/2_2', '/KMIP/2_1', '//kmip/2_1', '/kmip//2_1', '/kmip/2_1?debug=1', '/kmip/%32_1', '/%2e%2e/%2e%2e/etc/passwd',
  '/../../etc/passwd', '/access/list/%zz', '/access/list/%', '/access/grant', '/access/revoke', '/objects/owned/x', '/new_database/x', '/ws/x', '/%00', '/metrics/x',
  '/health/x', '*', '/access/list/%E0%A4%A', '/kmip/2_1;x', '/\u00e9\u20ac',
];

function kmipCase(kind: string, secret: string, body: string | Uint8Array, extra: readonly (readonly [string, string])[] = [], more: Partial<HttpCase> = {}): HttpCase {
  const headers: (readonly [string, string])[] = [['Content-Type', 'application/json'], ...extra];
  if (secret !== '') headers.push(['KmsDatabaseSecret', secret]);
  const base: HttpCase = { kind, bytes: requestBytes('POST', '/kmip/2_1', headers, body), expectBody: true, mayAccept: false, mayClose: false, oneShot: false, echo: secret.length >= 12 ? [secret.trim()] : [] };
  const out = { ...base, ...more };
  // A request the server may drop without an answer gets a connection of its own.
  return out.mayClose ? { ...out, oneShot: true } : out;
}

function oddHeaders(c: Chooser): { headers: [string, string][]; mayClose: boolean } {
  // Rare: uWS answers these only by dropping the connection at its idle timeout, seconds later.
  const roll = c.int(40);
  if (roll === 0) return { headers: Array.from({ length: 120 }, (_, i): [string, string] => [`X-Many-${i}`, 'x']), mayClose: true };
  if (roll === 1) return { headers: [pick(c, [['User-Agent', '\u0001'], ['X-Del', 'a\u007fb'], ['X_Under', 'x']] as [string, string][])], mayClose: true };
  switch (roll % 9) {
    case 0: return { headers: Array.from({ length: 30 }, (_, i): [string, string] => [`X-Fuzz-${i}`, Buffer.from(randomBytes(c, 20)).toString('base64')]), mayClose: false };
    case 1: return { headers: [['X-Big', 'a'.repeat(pick(c, [3000, 3900, 4200, 6000, 12000]))]], mayClose: true };
    case 2: return { headers: [['Origin', pick(c, ['http://evil.example', 'null', 'file://', 'http://127.0.0.1.evil', '%%'])]], mayClose: false };
    case 3: return { headers: [['Authorization', pick(c, ['Bearer x.y.z', 'Basic Og==', 'Bearer ', 'Negotiate ' + 'A'.repeat(500)])]], mayClose: false };
    case 4: return { headers: [['Expect', '100-continue']], mayClose: false };
    case 5: return { headers: [['X-Empty', ''], ['X-Tab', '\tvalue\t'], ['X-Latin', '\u00e9\u00ff']], mayClose: true };
    case 6: return { headers: [['Connection', pick(c, ['close', 'keep-alive, Upgrade', 'Upgrade', 'TE'])], ['Upgrade', pick(c, ['websocket', 'h2c', 'x'])]], mayClose: true };
    case 7: return { headers: [['Accept-Encoding', 'gzip, br, zstd, *'], ['Accept', '*/*;q=0.1'], ['Content-Language', 'de, en;q=0.5']], mayClose: false };
    default: return { headers: [['KmsDatabaseSecret', malformedSecret(c)]], mayClose: true };
  }
}

function chunked(body: Uint8Array, c: Chooser): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length;) {
    const n = 1 + c.int(Math.min(200, body.length - at));
    parts.push(Buffer.from(`${pick(c, [n.toString(16), n.toString(16), n.toString(16).toUpperCase(), 'zz', '-1', `${n.toString(16)};ext=1`])}\r\n`), Buffer.from(body.subarray(at, at + n)), Buffer.from('\r\n'));
    at += n;
  }
  parts.push(Buffer.from(pick(c, ['0\r\n\r\n', '0\r\n\r\n', '0\r\nX-Trailer: 1\r\n\r\n', '\r\n'])));
  return Buffer.concat(parts);
}

/** Bytes that are not a valid HTTP/1.1 request, for a connection of their own. */
function rawGarbage(c: Chooser, t: FuzzTarget): { kind: string; bytes: Buffer } {
  const forged = t.encrypted ? forgedSecret(c, t) : '';
  switch (c.int(5)) {
    case 0: {
      const method = pick(c, ['GET', 'POST', 'G\u0000T', '', 'POST POST', 'CONNECT', 'A'.repeat(5000), '\u00ff']);
      const target = pick(c, ['/kmip/2_1', '*', 'http://x/kmip/2_1', '', ' ', 'kmip', '/\u0000', '/' + 'a'.repeat(9000)]);
      const version = pick(c, ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', '', 'HTTP/11', 'http/1.1', 'HTTP/0.9']);
      return { kind: 'raw-request-line', bytes: Buffer.from(`${method} ${target} ${version}\r\nHost: x\r\n\r\n`, 'latin1') };
    }
    case 1: {
      const bad = pick(c, ['NoColon', ': novalue', 'Bad Name: x', 'X: a\rb', ' folded', 'X\u0000Y: 1', 'X: \u0000', 'Host: a\r\nHost: b', '\u00ff\u00fe: x']);
      return { kind: 'raw-header-syntax', bytes: Buffer.from(`POST /kmip/2_1 HTTP/1.1\r\nHost: x\r\n${bad}\r\nKmsDatabaseSecret: ${forged}\r\nContent-Length: 0\r\n\r\n`, 'latin1') };
    }
    case 2: {
      const framing = pick(c, [
        'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 'Content-Length: -1\r\n\r\n{}', 'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}}',
        'Content-Length: abc\r\n\r\n{}', 'Transfer-Encoding: gzip\r\n\r\n{}', 'Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 'Content-Length: 2 2\r\n\r\n{}',
        'Transfer-Encoding: chunked, identity\r\n\r\n2\r\n{}\r\n0\r\n\r\n', 'Content-Length: +2\r\n\r\n{}',
      ]);
      return { kind: 'raw-framing', bytes: Buffer.from(`POST /kmip/2_1 HTTP/1.1\r\nHost: x\r\nKmsDatabaseSecret: ${forged}\r\n${framing}`, 'latin1') };
    }
    case 3: return { kind: 'raw-binary', bytes: Buffer.concat([Buffer.from(randomBytes(c, 600)), Buffer.from('\r\n\r\n')]) };
    default: {
      const first = requestBytes('POST', '/kmip/2_1', t.encrypted ? [['KmsDatabaseSecret', forged]] : [], '{}');
      return { kind: 'raw-pipelined-garbage', bytes: Buffer.concat([first, Buffer.from(randomBytes(c, 300)), Buffer.from('\r\n\r\n')]) };
    }
  }
}

/** The next request of the run; the kinds are drawn with fixed weights. */
export function nextHttpCase(c: Chooser, t: FuzzTarget): HttpCase {
  const seed = pick(c, t.corpus.seeds);
  const roll = c.int(100);
  if (roll < 34) return kmipCase('kmip-mutated-body', t.fuzzSecret, malformedBody(seed, c, t.corpus.tags), [], { mayAccept: true });
  if (roll < 45) return kmipCase('kmip-unreadable-body', t.knownSecret, unreadableBody(c, seed));
  if (roll < 51) {
    const body = malformedBody(seed, c, t.corpus.tags);
    return kmipCase('wrong-content-type', t.fuzzSecret, body, [], { mayAccept: true, bytes: requestBytes('POST', '/kmip/2_1', [['Content-Type', pick(c, CONTENT_TYPES)], ...(t.fuzzSecret === '' ? [] : [['KmsDatabaseSecret', t.fuzzSecret] as const])], body) });
  }
  if (roll < 62 && t.encrypted) {
    const s = malformedSecret(c);
    return kmipCase('secret-malformed', s, seed, [], { mayClose: s.length > 3000 });
  }
  if (roll < 72 && t.encrypted) return kmipCase('secret-forged', forgedSecret(c, t), seed);
  if (roll < 81) {
    const odd = oddHeaders(c);
    return kmipCase('odd-headers', t.fuzzSecret, malformedBody(seed, c, t.corpus.tags), odd.headers, { mayAccept: true, mayClose: odd.mayClose });
  }
  if (roll < 94) {
    const method = pick(c, METHODS);
    const target = pick(c, PATHS) + (c.int(4) === 0 ? encodeURIComponent(Buffer.from(randomBytes(c, 12)).toString('latin1')) : '');
    const secret = t.encrypted ? (c.int(2) === 0 ? forgedSecret(c, t) : malformedSecret(c)) : '';
    const body = method === 'GET' || method === 'HEAD' ? '' : unreadableBody(c, seed);
    const headers: [string, string][] = secret === '' ? [] : [['KmsDatabaseSecret', secret]];
    return { kind: 'path-or-method', bytes: requestBytes(method, target, headers, body), expectBody: method.toUpperCase() !== 'HEAD', mayAccept: false, mayClose: true, oneShot: true, echo: secret.length >= 12 ? [secret.trim()] : [] };
  }
  if (roll < 96) {
    const size = t.maxBody + 1 + c.int(64 * 1024);
    return kmipCase('body-too-large', t.fuzzSecret, Buffer.alloc(size, pick(c, ['[', ' ', 'a', '{"tag":"x"},'])), [], { mayClose: true });
  }
  if (roll < 99) {
    const body = Buffer.from(malformedBody(seed, c, t.corpus.tags));
    const headers: [string, string][] = [['Transfer-Encoding', 'chunked'], ...(t.fuzzSecret === '' ? [] : [['KmsDatabaseSecret', t.fuzzSecret] as [string, string]])];
    return { kind: 'chunked-body', bytes: Buffer.concat([requestBytes('POST', '/kmip/2_1', headers), chunked(body, c)]), expectBody: true, mayAccept: true, mayClose: true, oneShot: true, echo: [] };
  }
  const raw = rawGarbage(c, t);
  return { kind: raw.kind, bytes: raw.bytes, expectBody: true, mayAccept: false, mayClose: true, oneShot: true, echo: [] };
}
