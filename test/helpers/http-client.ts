/**
 * Small typed helpers over the global fetch for the HTTP tests, plus encoders and decoders of the
 * `KmsDatabaseSecret` forms (the server's object form and Cosmian 4.19's 48-byte array form).
 * @module
 */
import assert from 'node:assert/strict';
import { parseResponse, toJson } from './kmip-requests.js';
import { recordCredential, recordErrorText, recordSecret, recordTtlvSecrets } from './secret-ledger.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

/** A finished HTTP exchange. */
export interface HttpResult {
  readonly status: number;
  readonly text: string;
  /** The content-type header, or '' when absent. */
  readonly contentType: string;
}

/** What to send. */
export interface HttpRequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** The header carrying the database secret in sqlite-enc mode. */
export const SECRET_HEADER = 'KmsDatabaseSecret';

/** Sends one request and reads the whole body as text. */
export async function httpRequest(url: string, o: HttpRequestOptions = {}): Promise<HttpResult> {
  // Closing each connection leaves none idle: a stopped server keeps open keep-alive sockets,
  // which would otherwise hold the test process for seconds after the last test.
  const init: RequestInit = { method: o.method ?? 'GET', headers: { ...o.headers, connection: 'close' } };
  if (o.body !== undefined) init.body = o.body;
  for (const [name, value] of Object.entries(o.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'kmsdatabasesecret' || lower === 'authorization') recordCredential(lower, value);
  }
  recordTtlvSecrets(typeof o.body === 'string' || o.body instanceof Uint8Array ? o.body : undefined);
  const res = await fetch(url, init);
  const text = await res.text();
  recordTtlvSecrets(text);
  recordErrorText(res.status, text);
  return { status: res.status, text, contentType: res.headers.get('content-type') ?? '' };
}

function secretHeaders(secret: string | undefined, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return secret === undefined ? { ...extra } : { ...extra, [SECRET_HEADER]: secret };
}

/** POSTs a JSON TTLV request (a node, or raw text for malformed bodies) to `/kmip/2_1`. */
export function postKmip(url: string, request: TtlvNode | string, secret?: string): Promise<HttpResult> {
  const body = typeof request === 'string' ? request : toJson(request);
  return httpRequest(`${url}/kmip/2_1`, { method: 'POST', headers: secretHeaders(secret, { 'content-type': 'application/json' }), body });
}

/** POSTs a KMIP request that must succeed and returns the parsed response; otherwise throws with the status and body. */
export async function kmipOk(url: string, request: TtlvNode, secret?: string): Promise<TtlvStructure> {
  const r = await postKmip(url, request, secret);
  if (r.status !== 200) throw new Error(`${request.tag} failed: HTTP ${r.status}: ${r.text}`);
  return parseResponse(r.text);
}

/** GETs `/objects/owned` (or `/access/owned` with `path`). */
export function getOwned(url: string, secret?: string, path: '/objects/owned' | '/access/owned' = '/objects/owned'): Promise<HttpResult> {
  return httpRequest(`${url}${path}`, { headers: secretHeaders(secret) });
}

/** GETs `/version`. */
export function getVersion(url: string): Promise<HttpResult> {
  return httpRequest(`${url}/version`);
}

/** POSTs `/new_database` and returns the secret; throws unless the server answered 200 with a JSON string. */
export async function newDatabase(url: string): Promise<string> {
  const r = await httpRequest(`${url}/new_database`, { method: 'POST' });
  if (r.status !== 200) throw new Error(`/new_database failed: HTTP ${r.status}: ${r.text}`);
  const parsed: unknown = JSON.parse(r.text);
  if (typeof parsed !== 'string') throw new Error(`/new_database did not return a JSON string: ${r.text}`);
  recordCredential('database-secret', parsed);
  recordSecret('database-key', Buffer.from(secretParts(parsed).keyHex, 'hex'));
  return parsed;
}

/** One entry of `/objects/owned`, shape-checked. */
export interface OwnedObject {
  readonly object_id: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly is_wrapped: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses an owned-objects body; throws naming the first entry that is not of the expected shape. */
export function parseOwned(text: string): OwnedObject[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(`owned objects: expected a JSON array, got ${text}`);
  return parsed.map((entry: unknown, i) => {
    if (
      !isRecord(entry) ||
      typeof entry['object_id'] !== 'string' ||
      typeof entry['state'] !== 'string' ||
      !isRecord(entry['attributes']) ||
      typeof entry['is_wrapped'] !== 'boolean'
    ) {
      throw new Error(`owned objects: entry ${i} has an unexpected shape: ${JSON.stringify(entry)}`);
    }
    return { object_id: entry['object_id'], state: entry['state'], attributes: entry['attributes'], is_wrapped: entry['is_wrapped'] };
  });
}

/** The two halves of a database secret. */
export interface SecretParts {
  readonly groupId: bigint;
  /** 64 lowercase hex digits. */
  readonly keyHex: string;
}

// The whole decoded text must be this object, so nothing else can contribute digits.
const OBJECT_SECRET = /^\s*\{\s*"group_id"\s*:\s*(\d+)\s*,\s*"key"\s*:\s*"([0-9a-fA-F]{64})"\s*\}\s*$/;

/**
 * Decodes the object form `base64({"group_id":<decimal>,"key":"<64 hex>"})` exactly: the group id
 * is read from the digits (JSON.parse would round anything above 2^53).
 */
export function secretParts(secret: string): SecretParts {
  const json = Buffer.from(secret, 'base64').toString('utf8');
  if (Buffer.from(json, 'utf8').toString('base64') !== secret) throw new Error('the secret is not canonical base64 of UTF-8 text');
  const m = OBJECT_SECRET.exec(json);
  const digits = m?.[1];
  const keyHex = m?.[2];
  if (digits === undefined || keyHex === undefined) throw new Error('the secret is not base64 of {"group_id":<integer>,"key":"<64 hex>"}');
  return { groupId: BigInt(digits), keyHex: keyHex.toLowerCase() };
}

/** Builds the object form from its parts (e.g. with a wrong key for a real group). */
export function objectSecret(groupId: bigint, keyHex: string): string {
  return Buffer.from(`{"group_id":${groupId.toString(10)},"key":"${keyHex}"}`, 'utf8').toString('base64');
}

/** Builds Cosmian 4.19's form: base64 of a JSON array of 48 numbers, 16 big-endian group-id bytes then the 32 key bytes. */
export function cosmianArraySecret(groupId: bigint, key: Uint8Array): string {
  if (groupId < 0n || groupId >= 1n << 128n) throw new RangeError('group id must fit in 128 bits');
  if (key.length !== 32) throw new RangeError('key must be 32 bytes');
  const bytes: number[] = [];
  for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((groupId >> shift) & 0xffn));
  bytes.push(...key);
  return Buffer.from(JSON.stringify(bytes), 'utf8').toString('base64');
}

/** POSTs a body as a stream of chunks, so no content-length is sent (chunked transfer encoding). */
export async function postStreamed(url: string, chunks: readonly Uint8Array[]): Promise<HttpResult> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  const res = await fetch(url, { method: 'POST', body, duplex: 'half', headers: { connection: 'close' } });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

/** Asserts an error response: the status (the body is shown on mismatch), an optional body pattern, and no stack trace. */
export function assertHttpError(r: HttpResult, status: number, body?: RegExp): void {
  assert.equal(r.status, status, `expected HTTP ${status}, got ${r.status}: ${r.text}`);
  assert.ok(!r.text.includes('    at '), `the error body holds a stack trace: ${r.text}`);
  if (body !== undefined) assert.match(r.text, body);
}
