/**
 * One plain (`sqlite`) and one encrypted (`sqlite-enc`) server per test file, and a client per
 * mode that POSTs KMIP requests to `/kmip/2_1` (with the database secret in encrypted mode), plus
 * the request builders and key readers the operation-by-operation HTTP tests share.
 * @module
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { after, before } from 'node:test';
import { assertHttpError, newDatabase, postKmip } from '../helpers/http-client.js';
import { bytesField, field, intField, parseResponse, structField, tagAttribute, textField } from '../helpers/kmip-requests.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

/** The two database types every test runs against. */
export const MODES = ['sqlite', 'sqlite-enc'] as const;
/** A database type. */
export type Mode = (typeof MODES)[number];

/** Sends KMIP requests to one mode's server. */
export interface KmipClient {
  readonly mode: Mode;
  /** POSTs the request; it must answer HTTP 200, whose parsed body is returned. */
  call(request: TtlvNode): Promise<TtlvStructure>;
  /** POSTs the request; it must answer `status` (422 by default) with a body `reason: ...`, whose message is returned. */
  callError(request: TtlvNode, reason: string, status?: number): Promise<string>;
}

interface Running {
  readonly server: TestServer;
  readonly secret: string | undefined;
}

/**
 * Registers file-level hooks that start both servers before the first test (a database is made
 * with /new_database for the encrypted one) and stop them and remove their directories after
 * the last; returns the client of a mode, usable once the hooks have run.
 */
export function kmipModes(): (mode: Mode) => KmipClient {
  const running = new Map<Mode, Running>();
  before(async () => {
    // One actor worker each: these tests are about the operations, and a second worker only slows the start.
    const extraArgs = ['--workers', '1'];
    const started = await Promise.allSettled(MODES.map((databaseType) => startTestServer({ databaseType, extraArgs })));
    // Whatever started is registered first, so after() stops it even when the other failed.
    started.forEach((s, i) => {
      const mode = MODES[i];
      if (s.status === 'fulfilled' && mode !== undefined) running.set(mode, { server: s.value, secret: undefined });
    });
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const encrypted = target('sqlite-enc').server;
    running.set('sqlite-enc', { server: encrypted, secret: await newDatabase(encrypted.url) });
    // The encrypted server really wants the secret: every request the tests send there carries it.
    assertHttpError(await postKmip(encrypted.url, struct('Query', []), undefined), 401);
  });
  after(async () => {
    const all = [...running.values()];
    running.clear();
    await Promise.all(all.map((r) => r.server.stop()));
    for (const r of all) removeDir(r.server.rootDir);
  });
  const target = (mode: Mode): Running => {
    const r = running.get(mode);
    if (r === undefined) throw new Error(`the ${mode} server is not running`);
    return r;
  };
  return (mode) => ({
    mode,
    async call(request) {
      const { server, secret } = target(mode);
      const r = await postKmip(server.url, request, secret);
      assert.equal(r.status, 200, `${request.tag} (${mode}) answered HTTP ${r.status}: ${r.text}`);
      return parseResponse(r.text);
    },
    async callError(request, reason, status = 422) {
      const { server, secret } = target(mode);
      const r = await postKmip(server.url, request, secret);
      assertHttpError(r, status);
      const prefix = `${reason}: `;
      assert.ok(r.text.startsWith(prefix), `${request.tag} (${mode}): expected "${prefix}...", got: ${r.text}`);
      return r.text.slice(prefix.length);
    },
  });
}

/** The UniqueIdentifier of a response. */
export const uidOf = (res: TtlvStructure): string => textField(res, 'UniqueIdentifier');

/** CryptographicParameters fields by short name. */
export interface Params {
  readonly mode?: string;
  readonly padding?: string;
  readonly hash?: string;
  readonly dsa?: string;
  readonly algorithm?: string;
}

const PARAM_TAGS: Readonly<Record<keyof Params, string>> = {
  mode: 'BlockCipherMode', padding: 'PaddingMethod', hash: 'HashingAlgorithm', dsa: 'DigitalSignatureAlgorithm', algorithm: 'CryptographicAlgorithm',
};

/** A CryptographicParameters structure (undefined when no parameters are given). */
export function paramsNode(p: Params | undefined): TtlvStructure | undefined {
  if (p === undefined) return undefined;
  return struct('CryptographicParameters', (Object.keys(p) as (keyof Params)[]).map((k) => {
    const v = p[k];
    return v === undefined ? undefined : enumeration(PARAM_TAGS[k], v);
  }));
}

/** A symmetric Create with the attributes given; `objectType` SecretData makes secret data. */
export function createWith(attributes: readonly (TtlvNode | undefined)[], objectType = 'SymmetricKey'): TtlvNode {
  return struct('Create', [enumeration('ObjectType', objectType), struct('Attributes', attributes)]);
}

/** What a key pair is made of. */
export interface PairOptions {
  readonly algorithm: string;
  readonly length?: number;
  readonly curve?: string;
  readonly tags?: readonly string[];
}

/** A CreateKeyPair request. */
export function createKeyPairRequest(o: PairOptions): TtlvNode {
  return struct('CreateKeyPair', [
    struct('CommonAttributes', [
      enumeration('CryptographicAlgorithm', o.algorithm),
      o.length === undefined ? undefined : int('CryptographicLength', o.length),
      o.curve === undefined ? undefined : struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', o.curve)]),
      o.tags === undefined ? undefined : tagAttribute(o.tags),
    ]),
  ]);
}

/** The identifiers of a key pair. */
export interface Pair {
  readonly priv: string;
  readonly pub: string;
}

/** Creates a key pair on the server. */
export async function createPair(c: KmipClient, o: PairOptions): Promise<Pair> {
  const res = await c.call(createKeyPairRequest(o));
  assert.equal(res.tag, 'CreateKeyPairResponse');
  return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
}

/** A Get request with an explicit key format and optional extra fields. */
export function getWith(uid: string, format: string | undefined, extra: readonly TtlvNode[] = []): TtlvNode {
  return struct('Get', [text('UniqueIdentifier', uid), format === undefined ? undefined : enumeration('KeyFormatType', format), ...extra]);
}

/** The KeyBlock of a Get or Export response. */
export const keyBlockOf = (res: TtlvStructure): TtlvStructure => structField(structField(res, 'Object'), 'KeyBlock');

/** The KeyMaterial structure of a Get or Export response. */
export const materialOf = (res: TtlvStructure): TtlvStructure => structField(structField(keyBlockOf(res), 'KeyValue'), 'KeyMaterial');

/** The ByteString key material of a Get response (Raw, PKCS#1, PKCS#8, SEC1). */
export const keyBytesOf = (res: TtlvStructure): Uint8Array => bytesField(materialOf(res), 'ByteString');

/** A symmetric key's bytes, read with Get as Raw. */
export async function symmetricKey(c: KmipClient, uid: string): Promise<Uint8Array> {
  return keyBytesOf(await c.call(getWith(uid, 'Raw')));
}

/** A public key read with Get as PKCS8 (SubjectPublicKeyInfo). */
export async function publicKey(c: KmipClient, uid: string): Promise<KeyObject> {
  return createPublicKey({ key: Buffer.from(keyBytesOf(await c.call(getWith(uid, 'PKCS8')))), format: 'der', type: 'spki' });
}

/** A private key read with Get as PKCS8. */
export async function privateKey(c: KmipClient, uid: string): Promise<KeyObject> {
  return createPrivateKey({ key: Buffer.from(keyBytesOf(await c.call(getWith(uid, 'PKCS8')))), format: 'der', type: 'pkcs8' });
}

/** An Import of a Raw symmetric key with the attributes given. */
export function importRaw(key: Uint8Array, algorithm: string, attributes: readonly (TtlvNode | undefined)[] = [], uid = ''): TtlvNode {
  return struct('Import', [
    text('UniqueIdentifier', uid),
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [enumeration('CryptographicAlgorithm', algorithm), int('CryptographicLength', key.length * 8), ...attributes]),
    struct('Object', [
      struct('KeyBlock', [
        enumeration('KeyFormatType', 'Raw'),
        struct('KeyValue', [struct('KeyMaterial', [bytes('ByteString', key)])]),
        enumeration('CryptographicAlgorithm', algorithm),
        int('CryptographicLength', key.length * 8),
      ]),
    ]),
  ]);
}

/** The UIDs a LocateResponse lists, after checking LocatedItems agrees with them. */
export function locatedIds(res: TtlvStructure): string[] {
  assert.equal(res.tag, 'LocateResponse');
  const listNode = res.value.find((n) => n.tag === 'UniqueIdentifier');
  const ids = listNode === undefined || listNode.type !== 'Structure' ? [] : listNode.value.map((n) => (n.type === 'TextString' ? n.value : ''));
  assert.equal(intField(res, 'LocatedItems'), ids.length);
  return ids;
}

/** The Enumeration name of a child. */
export function enumName(s: TtlvStructure, tag: string): string {
  const n = field(s, tag);
  assert.ok(n.type === 'Enumeration', `${tag} is ${n.type}`);
  return String(n.value);
}

/** A copy with one bit flipped at `index`. */
export function flipBit(b: Uint8Array, index = 0): Uint8Array {
  const out = Uint8Array.from(b);
  out[index] = (out[index] ?? 0) ^ 0x01;
  return out;
}

/** Hex of bytes, for comparisons with readable failures. */
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
