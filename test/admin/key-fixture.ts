/**
 * A running server with a few keys in one database, for the backup and restore tests: the
 * server flags that locate its database, the environment carrying its secret, and readers that
 * capture every key exactly as Get returns it.
 * @module
 */
import assert from 'node:assert/strict';
import { httpRequest, kmipOk, newDatabase, postKmip, secretParts } from '../helpers/http-client.js';
import { bytesField, createRequest, getRequest, structField, textField } from '../helpers/kmip-requests.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { enumeration, struct } from '../../src/kmip/ttlv/build.js';

/** A database type. */
export type Mode = 'sqlite' | 'sqlite-enc';

/** A server and the database the tests use on it. */
export interface KeyServer {
  readonly mode: Mode;
  readonly server: TestServer;
  /** The database secret (sqlite-enc only). */
  readonly secret: string | undefined;
  /** The database's raw key as hex (sqlite-enc only). */
  readonly keyHex: string | undefined;
  /** The database file. */
  readonly databaseFile: string;
  /** Server flags that locate the database, for the CLI. */
  readonly flags: readonly string[];
  /** The CLI's environment: the secret in KMS_DATABASE_SECRET (sqlite-enc). */
  readonly env: Readonly<Record<string, string>>;
}

/** Starts a server over `rootDir` (or a fresh one) and, in sqlite-enc, makes a database unless `secret` names one. */
export async function startKeyServer(mode: Mode, rootDir?: string, secret?: string): Promise<KeyServer> {
  const server = await startTestServer({ databaseType: mode, ...(rootDir === undefined ? {} : { rootDir }) });
  const s = mode === 'sqlite-enc' ? (secret ?? (await newDatabase(server.url))) : undefined;
  return describeServer(mode, server, s);
}

/** The KeyServer view of a server whose database is known. */
export function describeServer(mode: Mode, server: TestServer, secret: string | undefined): KeyServer {
  const parts = secret === undefined ? undefined : secretParts(secret);
  const databaseFile = parts === undefined ? `${server.sqlitePath}/kms.db` : `${server.sqlitePath}/${parts.groupId.toString(10)}.sqlite`;
  return {
    mode,
    server,
    secret,
    keyHex: parts?.keyHex,
    databaseFile,
    flags: ['--database-type', mode, '--root-data-path', server.rootDir],
    env: secret === undefined ? {} : { KMS_DATABASE_SECRET: secret },
  };
}

/** Creates a symmetric key and returns its identifier. */
export async function createKey(k: KeyServer, algorithm = 'AES', length = 256, tags?: readonly string[]): Promise<string> {
  return textField(await kmipOk(k.server.url, createRequest({ algorithm, length, ...(tags === undefined ? {} : { tags }) }), k.secret), 'UniqueIdentifier');
}

/** Creates an Ed25519 key pair; returns [private, public] identifiers. */
export async function createKeyPair(k: KeyServer): Promise<[string, string]> {
  const r = await kmipOk(k.server.url, struct('CreateKeyPair', [struct('CommonAttributes', [enumeration('CryptographicAlgorithm', 'Ed25519')])]), k.secret);
  return [textField(r, 'PrivateKeyUniqueIdentifier'), textField(r, 'PublicKeyUniqueIdentifier')];
}

/** Several keys of different kinds: AES-256 (tagged), AES-128, HMAC-SHA256, and an Ed25519 pair. */
export async function createSeveralKeys(k: KeyServer, tag: string): Promise<string[]> {
  const [sk, pk] = await createKeyPair(k);
  return [await createKey(k, 'AES', 256, [tag]), await createKey(k, 'AES', 128), await createKey(k, 'HMACSHA256', 256), sk, pk];
}

/** Get's whole answer for a key: its identifier, type and key block, byte for byte. */
export async function getText(k: KeyServer, uid: string): Promise<string> {
  const r = await postKmip(k.server.url, getRequest(uid), k.secret);
  assert.equal(r.status, 200, `Get ${uid}: HTTP ${r.status}: ${r.text}`);
  return r.text;
}

/** The Get answers of every key. */
export async function getAll(k: KeyServer, uids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const uid of uids) out.set(uid, await getText(k, uid));
  return out;
}

/** Asserts that Get of a key fails as for a missing object. */
export async function assertGone(k: KeyServer, uid: string): Promise<void> {
  const r = await postKmip(k.server.url, getRequest(uid), k.secret);
  assert.equal(r.status, 422, `Get ${uid} should fail: HTTP ${r.status}: ${r.text}`);
  assert.match(r.text, /Item_Not_Found/);
}

/** The owner's objects as `/objects/owned` lists them. */
export async function owned(k: KeyServer): Promise<string> {
  const r = await httpRequest(`${k.server.url}/objects/owned`, { headers: k.secret === undefined ? {} : { KmsDatabaseSecret: k.secret } });
  assert.equal(r.status, 200, r.text);
  return r.text;
}

/** The key bytes of a symmetric key, as Get returns them in the Raw format. */
export async function rawKeyBytes(k: KeyServer, uid: string): Promise<Buffer> {
  const r = await kmipOk(k.server.url, getRequest(uid, 'Raw'), k.secret);
  const value = structField(structField(structField(structField(r, 'Object'), 'KeyBlock'), 'KeyValue'), 'KeyMaterial');
  return Buffer.from(bytesField(value, 'ByteString'));
}
