/**
 * The HTTP surface in `sqlite-enc` mode, end to end through a real server: database creation,
 * the KmsDatabaseSecret header in both forms, tenant isolation, wrong keys (warm and cold) that
 * leave the disk untouched, restarts, and real SQLCipher 4 encryption at rest.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sqlcipher from '@journeyapps/sqlcipher';
import {
  assertHttpError,
  cosmianArraySecret,
  getOwned,
  getVersion,
  httpRequest,
  kmipOk,
  newDatabase,
  objectSecret,
  parseOwned,
  postKmip,
  secretParts,
  type HttpResult,
} from '../helpers/http-client.js';
import {
  bytesField,
  createRequest,
  decryptRequest,
  encryptRequest,
  field,
  getRequest,
  locateRequest,
  structField,
  textField,
} from '../helpers/kmip-requests.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import type { TtlvStructure } from '../../src/kmip/ttlv/node.js';

const TWO_POW_53 = 1n << 53n;
const TWO_POW_64 = 1n << 64n;
const TWO_POW_128 = 1n << 128n;
const WRONG_KEY_HEX = '5a'.repeat(32);

function hexToBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** The UIDs a LocateResponse lists. */
function locatedIds(res: TtlvStructure): string[] {
  const list = res.value.find((n) => n.tag === 'UniqueIdentifier');
  const count = field(res, 'LocatedItems');
  const ids = list === undefined || list.type !== 'Structure' ? [] : list.value.map((n) => (n.type === 'TextString' ? n.value : ''));
  assert.equal(count.type === 'Integer' ? count.value : -1, ids.length);
  return ids;
}

/** The Raw key bytes of a GetResponse. */
function rawKeyOf(res: TtlvStructure): Uint8Array {
  const block = structField(structField(res, 'Object'), 'KeyBlock');
  return bytesField(structField(structField(block, 'KeyValue'), 'KeyMaterial'), 'ByteString');
}

/** Name → SHA-256 of every file in a directory: equal snapshots mean byte-identical contents and listing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    out.set(name, createHash('sha256').update(fs.readFileSync(path.join(dir, name))).digest('hex'));
  }
  return out;
}

/**
 * Asserts a 401 whose body starts `Access denied: ` and repeats neither the secret presented nor
 * any key in `keys` (the presented key of an object-form secret is added automatically).
 */
function assertDenied(r: HttpResult, secret: string | undefined, body?: RegExp, keys: readonly string[] = []): void {
  assertHttpError(r, 401, body);
  assert.ok(r.text.startsWith('Access denied: '), `unexpected 401 body: ${r.text}`);
  const forbidden = [WRONG_KEY_HEX, ...keys];
  if (secret !== undefined && secret !== '') {
    assert.ok(!r.text.includes(secret), 'the 401 body repeats the secret');
    try {
      forbidden.push(secretParts(secret).keyHex);
    } catch {
      // Not the object form: the secret text itself was checked above.
    }
  }
  for (const keyHex of forbidden) assert.ok(!r.text.toLowerCase().includes(keyHex.toLowerCase()), 'the 401 body repeats a key');
}

/** The three routes that need the secret, as requests carrying `secret` (or no header). */
function securedRequests(url: string, secret: string | undefined): Promise<HttpResult>[] {
  return [
    postKmip(url, locateRequest(), secret),
    getOwned(url, secret, '/objects/owned'),
    getOwned(url, secret, '/access/owned'),
  ];
}

/** Every way a secret's key could sit on disk: raw bytes, and hex in either case. */
function forms(bytes: Uint8Array): Buffer[] {
  const raw = Buffer.from(bytes);
  const hex = raw.toString('hex');
  // Base64 without its padding, which depends on what follows in a longer encoding.
  return [raw, ...[hex.toLowerCase(), hex.toUpperCase(), raw.toString('base64').replace(/=+$/, ''), raw.toString('base64url')].map((t) => Buffer.from(t, 'latin1'))];
}

/** A row of the objects table read back with SQLCipher. */
interface ObjectRow {
  readonly id: string;
  readonly object: string;
}

function isObjectRow(row: unknown): row is ObjectRow {
  if (typeof row !== 'object' || row === null) return false;
  const r = row as Record<string, unknown>;
  return typeof r['id'] === 'string' && typeof r['object'] === 'string';
}

/** Opens a stopped server's file with @journeyapps/sqlcipher (SQLCipher 4) and a raw key, read-only, and reads every object. */
function readObjectsWithSqlcipher(file: string, keyHex: string): Promise<ObjectRow[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(file, sqlcipher.OPEN_READONLY, (err) => {
      if (err !== null) reject(err);
    });
    db.serialize(() => {
      db.run('PRAGMA cipher_log_level = NONE');
      db.run(`PRAGMA key = "x'${keyHex}'"`);
      db.all('SELECT id, object FROM objects', (err: Error | null, rows: unknown[]) => {
        db.close((closeErr) => {
          if (err !== null) {
            reject(err);
          } else if (closeErr !== null) {
            reject(closeErr);
          } else if (!rows.every(isObjectRow)) {
            reject(new Error('objects rows are not {id: string, object: string}'));
          } else {
            resolve(rows);
          }
        });
      });
    });
  });
}

describe('encrypted mode: new databases, the secret header and isolation', () => {
  let server: TestServer;
  let secretA = '';
  let secretB = '';
  let uidA = '';

  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite-enc' });
  });

  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('creates a database with /new_database (no header needed): a 128-bit group id, a 64-hex key, a file named by the decimal id', async () => {
    const r = await httpRequest(`${server.url}/new_database`, { method: 'POST' });
    assert.equal(r.status, 200, r.text);
    assert.match(r.contentType, /^application\/json/);
    const secret: unknown = JSON.parse(r.text);
    assert.equal(typeof secret, 'string');
    secretA = String(secret);
    const { groupId, keyHex } = secretParts(secretA);
    assert.ok(groupId < TWO_POW_128);
    // A uniformly random 128-bit id falls below 2^64 with probability 2^-64.
    assert.ok(groupId >= TWO_POW_64, `group id ${groupId} does not look 128-bit`);
    assert.match(keyHex, /^[0-9a-f]{64}$/);
    assert.ok(fs.existsSync(path.join(server.sqlitePath, `${groupId.toString(10)}.sqlite`)));
  });

  it('gives every new database its own group id and key', async () => {
    secretB = await newDatabase(server.url);
    const a = secretParts(secretA);
    const b = secretParts(secretB);
    assert.notEqual(a.groupId, b.groupId);
    assert.notEqual(a.keyHex, b.keyHex);
    const files = fs.readdirSync(server.sqlitePath).filter((n) => n.endsWith('.sqlite'));
    assert.deepEqual(files.sort(), [`${a.groupId}.sqlite`, `${b.groupId}.sqlite`].sort());
  });

  it('serves /version without the header', async () => {
    const r = await getVersion(server.url);
    assert.equal(r.status, 200, r.text);
    assert.equal(typeof JSON.parse(r.text), 'string');
  });

  it('isolates databases: a key created in A is Item_Not_Found with B\'s secret, and Locate in B does not list it', async () => {
    uidA = textField(await kmipOk(server.url, createRequest({ tags: ['tenant-a'] }), secretA), 'UniqueIdentifier');
    assert.deepEqual(locatedIds(await kmipOk(server.url, locateRequest({ tags: ['tenant-a'] }), secretA)), [uidA]);

    assertHttpError(await postKmip(server.url, encryptRequest(uidA, Buffer.from('x')), secretB), 422, /^Item_Not_Found: /);
    assertHttpError(await postKmip(server.url, getRequest(uidA), secretB), 422, /^Item_Not_Found: /);
    assert.deepEqual(locatedIds(await kmipOk(server.url, locateRequest({ tags: ['tenant-a'] }), secretB)), []);
    assert.ok(!locatedIds(await kmipOk(server.url, locateRequest(), secretB)).includes(uidA));
    const ownedB = await getOwned(server.url, secretB);
    assert.equal(ownedB.status, 200, ownedB.text);
    assert.deepEqual(parseOwned(ownedB.text), []);
    const ownedA = await getOwned(server.url, secretA);
    assert.deepEqual(parseOwned(ownedA.text).map((o) => o.object_id), [uidA]);
  });

  it('refuses /kmip/2_1, /objects/owned and /access/owned without the header with 401', async () => {
    for (const r of await Promise.all(securedRequests(server.url, undefined))) assertDenied(r, undefined, /KmsDatabaseSecret/);
  });

  it('refuses a header that is not base64 with 401', async () => {
    for (const bad of ['not base64!', 'abc', secretA.slice(0, -1) + '*']) {
      for (const r of await Promise.all(securedRequests(server.url, bad))) assertDenied(r, bad, undefined, [secretParts(secretA).keyHex]);
    }
  });

  it('refuses base64 of anything that is not a secret with 401', async () => {
    const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');
    const garbage = [
      b64(new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x13, 0x37])),
      b64('hello world'),
      b64('42'),
      b64('[1,2,3]'),
      b64(JSON.stringify(new Array<number>(48).fill(256))),
      b64('{"group_id":1}'),
      b64(`{"group_id":-1,"key":"${WRONG_KEY_HEX}"}`),
      b64(`{"group_id":1,"key":"abcd"}`),
      b64(`{"group_id":${TWO_POW_128},"key":"${WRONG_KEY_HEX}"}`),
    ];
    for (const bad of garbage) {
      for (const r of await Promise.all(securedRequests(server.url, bad))) assertDenied(r, bad);
    }
  });

  it('refuses a well-formed secret naming a group with no database with 401 and creates no file', async () => {
    const before = snapshot(server.sqlitePath);
    const missing = [TWO_POW_53 + 1n, secretParts(secretA).groupId + 1n, 0n];
    for (const groupId of missing) {
      for (const secret of [objectSecret(groupId, WRONG_KEY_HEX), cosmianArraySecret(groupId, hexToBytes(WRONG_KEY_HEX))]) {
        for (const r of await Promise.all(securedRequests(server.url, secret))) assertDenied(r, secret);
      }
      assert.ok(!fs.existsSync(path.join(server.sqlitePath, `${groupId}.sqlite`)), `a file was created for group ${groupId}`);
    }
    assert.deepEqual(snapshot(server.sqlitePath), before);
  });

  it('uses group ids above 2^53 exactly: the real id with the right key works, its neighbours do not', async () => {
    const { groupId, keyHex } = secretParts(secretA);
    assert.ok(groupId > TWO_POW_53);
    // Neighbours that round to the same double: a server reading the id as a number would accept them.
    const neighbours = [groupId - 1n, groupId + 1n].filter((n) => Number(n) === Number(groupId));
    assert.ok(neighbours.length > 0);
    assert.equal((await getOwned(server.url, objectSecret(groupId, keyHex))).status, 200);
    for (const neighbour of neighbours) {
      const secret = objectSecret(neighbour, keyHex);
      assertDenied(await getOwned(server.url, secret), secret);
      assertDenied(await postKmip(server.url, locateRequest(), secret), secret);
    }
  });

  it('accepts the Cosmian 4.19 48-byte array form of the same secret', async () => {
    const { groupId, keyHex } = secretParts(secretA);
    const arraySecret = cosmianArraySecret(groupId, hexToBytes(keyHex));
    const decoded: unknown = JSON.parse(Buffer.from(arraySecret, 'base64').toString('utf8'));
    assert.ok(Array.isArray(decoded) && decoded.length === 48);
    const r = await getOwned(server.url, arraySecret, '/access/owned');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(parseOwned(r.text).map((o) => o.object_id), [uidA]);
    const enc = await kmipOk(server.url, encryptRequest(uidA, Buffer.from('array form')), arraySecret);
    const dec = await kmipOk(server.url, decryptRequest(uidA, bytesField(enc, 'Data'), bytesField(enc, 'IvCounterNonce'), bytesField(enc, 'AuthenticatedEncryptionTag')), secretA);
    assert.equal(Buffer.from(bytesField(dec, 'Data')).toString('utf8'), 'array form');
  });

  it('refuses a wrong key for an open database with 401 "Database secret is wrong" and leaves its files byte-identical', async () => {
    const { groupId } = secretParts(secretA);
    await kmipOk(server.url, locateRequest(), secretA);
    const before = snapshot(server.sqlitePath);
    // The -wal and -shm files exist only while a connection holds the database: the actor is open.
    assert.ok(before.has(`${groupId}.sqlite-wal`), `the database is not open: ${[...before.keys()].join(', ')}`);
    const wrong = [
      objectSecret(groupId, WRONG_KEY_HEX),
      cosmianArraySecret(groupId, hexToBytes(WRONG_KEY_HEX)),
      objectSecret(groupId, secretParts(secretB).keyHex),
    ];
    const realKeys = [secretParts(secretA).keyHex, secretParts(secretB).keyHex];
    for (const secret of wrong) {
      for (const r of await Promise.all(securedRequests(server.url, secret))) assertDenied(r, secret, /Database secret is wrong/, realKeys);
    }
    assert.deepEqual(snapshot(server.sqlitePath), before);
    // The refusals did not close or poison the database for its rightful owner.
    assert.deepEqual(parseOwned((await getOwned(server.url, secretA)).text).map((o) => o.object_id), [uidA]);
  });
});

describe('encrypted mode: a restarted server', () => {
  let server: TestServer | undefined;
  let rootDir = '';
  let secret = '';
  let uid = '';
  const plaintext = Buffer.from('sealed before the restart', 'utf8');
  let sealed: { data: Uint8Array; nonce: Uint8Array; tag: Uint8Array } | undefined;

  after(async () => {
    await server?.stop();
    if (rootDir !== '') removeDir(rootDir);
  });

  it('keeps its databases when stopped and started again on the same root directory', async () => {
    const first = await startTestServer({ databaseType: 'sqlite-enc' });
    server = first;
    rootDir = first.rootDir;
    secret = await newDatabase(first.url);
    uid = textField(await kmipOk(first.url, createRequest({ tags: ['survives'] }), secret), 'UniqueIdentifier');
    const enc = await kmipOk(first.url, encryptRequest(uid, plaintext), secret);
    sealed = { data: bytesField(enc, 'Data'), nonce: bytesField(enc, 'IvCounterNonce'), tag: bytesField(enc, 'AuthenticatedEncryptionTag') };
    await first.stop();
    server = await startTestServer({ databaseType: 'sqlite-enc', rootDir });
    assert.equal(server.sqlitePath, first.sqlitePath);
    assert.ok(fs.existsSync(path.join(server.sqlitePath, `${secretParts(secret).groupId}.sqlite`)));
  });

  it('refuses a wrong key before the database was opened (cold) with 401 "Database secret is wrong", files byte-identical', async () => {
    assert.ok(server !== undefined);
    const { groupId } = secretParts(secret);
    const before = snapshot(server.sqlitePath);
    // Only the database file itself: nothing holds it open yet.
    assert.deepEqual([...before.keys()], [`${groupId}.sqlite`]);
    for (const wrong of [objectSecret(groupId, WRONG_KEY_HEX), cosmianArraySecret(groupId, hexToBytes(WRONG_KEY_HEX))]) {
      const realKey = [secretParts(secret).keyHex];
      assertDenied(await postKmip(server.url, getRequest(uid), wrong), wrong, /Database secret is wrong/, realKey);
      assertDenied(await getOwned(server.url, wrong), wrong, /Database secret is wrong/, realKey);
      assert.deepEqual(snapshot(server.sqlitePath), before);
    }
  });

  it('decrypts a ciphertext made before the restart with the same secret, after those refusals', async () => {
    assert.ok(server !== undefined && sealed !== undefined);
    const dec = await kmipOk(server.url, decryptRequest(uid, sealed.data, sealed.nonce, sealed.tag), secret);
    assert.deepEqual(Buffer.from(bytesField(dec, 'Data')), plaintext);
    assert.deepEqual(locatedIds(await kmipOk(server.url, locateRequest({ tags: ['survives'] }), secret)), [uid]);
  });
});

describe('encrypted mode: encryption at rest', () => {
  const tag = 'at-rest-marker-tag-b7c2e9';
  let rootDir = '';
  let sqlitePath = '';
  let groupId = 0n;
  let dbKeyHex = '';
  let uid = '';
  let keyBytes: Uint8Array = new Uint8Array(0);
  let databaseSecret = '';
  let whileRunning = new Map<string, Buffer>();
  // Data a client encrypted: the server must never write it anywhere.
  const plaintext = Buffer.from('at-rest plaintext that only the client may keep 4f1d', 'utf8');
  const needles = (): Buffer[] => [...forms(keyBytes), ...forms(hexToBytes(dbKeyHex)), ...forms(plaintext), Buffer.from(databaseSecret, 'latin1'), Buffer.from(tag, 'utf8'), Buffer.from(uid, 'utf8')];

  before(async () => {
    const server = await startTestServer({ databaseType: 'sqlite-enc' });
    rootDir = server.rootDir;
    sqlitePath = server.sqlitePath;
    try {
      const secret = await newDatabase(server.url);
      databaseSecret = secret;
      ({ groupId, keyHex: dbKeyHex } = secretParts(secret));
      uid = textField(await kmipOk(server.url, createRequest({ tags: [tag] }), secret), 'UniqueIdentifier');
      keyBytes = rawKeyOf(await kmipOk(server.url, getRequest(uid), secret));
      await kmipOk(server.url, encryptRequest(uid, plaintext), secret);
      // Read while the server holds the database: the new row is still in the WAL.
      whileRunning = new Map(fs.readdirSync(sqlitePath).map((n) => [n, fs.readFileSync(path.join(sqlitePath, n))]));
    } finally {
      await server.stop();
    }
  });

  after(() => {
    if (rootDir !== '') removeDir(rootDir);
  });

  it('names the file by the exact decimal group id, all digits, even above 2^53', () => {
    assert.ok(groupId > TWO_POW_53);
    const name = `${groupId.toString(10)}.sqlite`;
    assert.match(name, /^\d+\.sqlite$/);
    assert.deepEqual(fs.readdirSync(sqlitePath), [name]);
  });

  it('writes no SQLite header: the file does not start with "SQLite format 3\\0"', () => {
    const bytes = fs.readFileSync(path.join(sqlitePath, `${groupId}.sqlite`));
    assert.ok(bytes.length >= 4096, 'the file is too small to hold the database');
    assert.notEqual(bytes.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    assert.equal(bytes.indexOf('SQLite format 3'), -1);
  });

  it('keeps the key, the database key and secret, a plaintext and the tag out of the WAL while running, raw, hex or base64', () => {
    const wal = whileRunning.get(`${groupId}.sqlite-wal`);
    assert.ok(wal !== undefined && wal.length > 0, 'no WAL to inspect while the server ran');
    for (const [name, bytes] of whileRunning) {
      for (const needle of needles()) {
        assert.equal(bytes.indexOf(needle), -1, `${name} holds a plaintext secret`);
      }
    }
  });

  it('keeps the key, the database key and secret, a plaintext and the tag out of the file and any -wal after the stop', () => {
    const files = fs.readdirSync(sqlitePath).filter((n) => n.endsWith('.sqlite') || n.endsWith('-wal'));
    assert.ok(files.includes(`${groupId}.sqlite`));
    for (const name of files) {
      const bytes = fs.readFileSync(path.join(sqlitePath, name));
      for (const needle of needles()) {
        assert.equal(bytes.indexOf(needle), -1, `${name} holds a plaintext secret`);
      }
    }
  });

  it('opens with @journeyapps/sqlcipher (SQLCipher 4) and the raw key from the secret, and finds the object and its key', async () => {
    const rows = await readObjectsWithSqlcipher(path.join(sqlitePath, `${groupId}.sqlite`), dbKeyHex);
    const row = rows.find((r) => r.id === uid);
    assert.ok(row !== undefined, `object ${uid} not found among ${rows.length} rows`);
    assert.ok(row.object.toUpperCase().includes(Buffer.from(keyBytes).toString('hex').toUpperCase()), 'the stored object does not hold the exported key');
  });

  it('does not open with SQLCipher under a wrong key', async () => {
    await assert.rejects(readObjectsWithSqlcipher(path.join(sqlitePath, `${groupId}.sqlite`), WRONG_KEY_HEX), /not a database/);
  });
});
