/**
 * The HTTP surface in plain `sqlite` mode, end to end through a real server: the symmetric key
 * life cycle, batches, the REST listings and every kind of error response.
 * @module
 */
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  assertHttpError,
  getOwned,
  getVersion,
  httpRequest,
  kmipOk,
  parseOwned,
  postKmip,
  postStreamed,
} from '../helpers/http-client.js';
import {
  bytesField,
  createRequest,
  decryptRequest,
  destroyRequest,
  encryptRequest,
  field,
  getAttributesRequest,
  getRequest,
  locateRequest,
  messageRequest,
  revokeRequest,
  structField,
  textField,
  toJson,
} from '../helpers/kmip-requests.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import type { TtlvStructure } from '../../src/kmip/ttlv/node.js';

const TAG = 'mytag';

function enumField(s: TtlvStructure, tag: string): string | number {
  const n = field(s, tag);
  if (n.type !== 'Enumeration') throw new Error(`${tag} is ${n.type}`);
  return n.value;
}

function intField(s: TtlvStructure, tag: string): number {
  const n = field(s, tag);
  if (n.type !== 'Integer') throw new Error(`${tag} is ${n.type}`);
  return n.value;
}

/** The children of a Cosmian list field (a Structure whose items repeat its tag), as Structures. */
function structItems(s: TtlvStructure, tag: string): TtlvStructure[] {
  const list = s.value.find((n) => n.tag === tag);
  if (list === undefined) return [];
  if (list.type !== 'Structure') throw new Error(`${tag} is ${list.type}`);
  return list.value.map((n) => {
    if (n.type !== 'Structure') throw new Error(`an item of ${tag} is ${n.type}`);
    return n;
  });
}

/** The UIDs a LocateResponse lists, after checking LocatedItems agrees with them. */
function locatedIds(res: TtlvStructure): string[] {
  const list = res.value.find((n) => n.tag === 'UniqueIdentifier');
  const ids = list === undefined || list.type !== 'Structure'
    ? []
    : list.value.map((n) => (n.type === 'TextString' ? n.value : ''));
  assert.equal(intField(res, 'LocatedItems'), ids.length);
  return ids;
}

/** The key bytes and KeyFormatType of a GetResponse for a symmetric key. */
function keyOf(res: TtlvStructure): { format: string | number; material: TtlvStructure } {
  const block = structField(structField(res, 'Object'), 'KeyBlock');
  return { format: enumField(block, 'KeyFormatType'), material: structField(structField(block, 'KeyValue'), 'KeyMaterial') };
}

/** Decrypts AES-256-GCM locally: proves Get returned the very key the server encrypts with. */
function localGcmDecrypt(key: Uint8Array, nonce: Uint8Array, data: Uint8Array, tag: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(data), d.final()]);
}

describe('plain mode: a symmetric key over HTTP, from Create to Destroy', () => {
  let server: TestServer;
  let uid = '';
  const plaintext = Buffer.from('attack at dawn', 'utf8');
  let sealed: { data: Uint8Array; nonce: Uint8Array; tag: Uint8Array } | undefined;

  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite' });
  });

  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('creates an AES-256 key with a tag and answers CreateResponse with its UID', async () => {
    const res = await kmipOk(server.url, createRequest({ tags: [TAG] }));
    assert.equal(res.tag, 'CreateResponse');
    assert.equal(enumField(res, 'ObjectType'), 'SymmetricKey');
    uid = textField(res, 'UniqueIdentifier');
    assert.match(uid, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('encrypts with AES-GCM (12-byte nonce, 16-byte tag) and decrypts back to the plaintext', async () => {
    const enc = await kmipOk(server.url, encryptRequest(uid, plaintext));
    assert.equal(enc.tag, 'EncryptResponse');
    assert.equal(textField(enc, 'UniqueIdentifier'), uid);
    const data = bytesField(enc, 'Data');
    const nonce = bytesField(enc, 'IvCounterNonce');
    const tag = bytesField(enc, 'AuthenticatedEncryptionTag');
    assert.equal(nonce.length, 12);
    assert.equal(tag.length, 16);
    assert.equal(data.length, plaintext.length);
    assert.notDeepEqual(Buffer.from(data), plaintext);
    sealed = { data, nonce, tag };
    const dec = await kmipOk(server.url, decryptRequest(uid, data, nonce, tag));
    assert.equal(dec.tag, 'DecryptResponse');
    assert.deepEqual(Buffer.from(bytesField(dec, 'Data')), plaintext);
  });

  it('refuses to decrypt a ciphertext whose tag was altered with 422', async () => {
    assert.ok(sealed !== undefined);
    const badTag = Uint8Array.from(sealed.tag);
    badTag[0] = (badTag[0] ?? 0) ^ 1;
    const r = await postKmip(server.url, decryptRequest(uid, sealed.data, sealed.nonce, badTag));
    assertHttpError(r, 422, /^Cryptographic_Failure: /);
    assert.ok(!r.text.includes(plaintext.toString('utf8')));
  });

  it('accepts the tag-array UID ["mytag"] for Encrypt and Decrypt and answers with the real UID', async () => {
    const byTag = JSON.stringify([TAG]);
    const enc = await kmipOk(server.url, encryptRequest(byTag, plaintext));
    assert.equal(textField(enc, 'UniqueIdentifier'), uid);
    const dec = await kmipOk(server.url, decryptRequest(byTag, bytesField(enc, 'Data'), bytesField(enc, 'IvCounterNonce'), bytesField(enc, 'AuthenticatedEncryptionTag')));
    assert.equal(textField(dec, 'UniqueIdentifier'), uid);
    assert.deepEqual(Buffer.from(bytesField(dec, 'Data')), plaintext);
  });

  it('answers Encrypt for a tag no key carries with 422 Item_Not_Found', async () => {
    assertHttpError(await postKmip(server.url, encryptRequest('["no-key-has-this-tag"]', plaintext)), 422, /^Item_Not_Found: /);
  });

  it('returns the key as Raw by default and as TransparentSymmetricKey on request, the same 32 bytes', async () => {
    const raw = await kmipOk(server.url, getRequest(uid));
    assert.equal(raw.tag, 'GetResponse');
    assert.equal(textField(raw, 'UniqueIdentifier'), uid);
    assert.equal(enumField(raw, 'ObjectType'), 'SymmetricKey');
    const r = keyOf(raw);
    assert.equal(r.format, 'Raw');
    const rawKey = bytesField(r.material, 'ByteString');
    assert.equal(rawKey.length, 32);

    const t = keyOf(await kmipOk(server.url, getRequest(uid, 'TransparentSymmetricKey')));
    assert.equal(t.format, 'TransparentSymmetricKey');
    assert.deepEqual(bytesField(t.material, 'Key'), rawKey);

    assert.ok(sealed !== undefined);
    assert.deepEqual(localGcmDecrypt(rawKey, sealed.nonce, sealed.data, sealed.tag), plaintext);
  });

  it('returns the attributes with GetAttributes, the tag included', async () => {
    const res = await kmipOk(server.url, getAttributesRequest(uid));
    assert.equal(res.tag, 'GetAttributesResponse');
    assert.equal(textField(res, 'UniqueIdentifier'), uid);
    const attrs = structField(res, 'Attributes');
    assert.equal(enumField(attrs, 'CryptographicAlgorithm'), 'AES');
    assert.equal(intField(attrs, 'CryptographicLength'), 256);
    assert.equal(intField(attrs, 'CryptographicUsageMask'), 2108);
    assert.equal(enumField(attrs, 'ObjectType'), 'SymmetricKey');
    const tagAttr = structItems(attrs, 'VendorAttributes').find((v) => textField(v, 'AttributeName') === 'tag');
    assert.ok(tagAttr !== undefined, 'no tag vendor attribute');
    const tags: unknown = JSON.parse(Buffer.from(bytesField(tagAttr, 'AttributeValue')).toString('utf8'));
    assert.ok(Array.isArray(tags) && tags.includes(TAG), `tags ${JSON.stringify(tags)} lack ${TAG}`);
  });

  it('locates the key by its tag, and nothing by a tag no key carries', async () => {
    const found = await kmipOk(server.url, locateRequest({ tags: [TAG] }));
    assert.equal(found.tag, 'LocateResponse');
    assert.deepEqual(locatedIds(found), [uid]);
    assert.deepEqual(locatedIds(await kmipOk(server.url, locateRequest({ tags: ['no-key-has-this-tag'] }))), []);
  });

  it('lists the key in /objects/owned and /access/owned with object_id, state and PascalCase attributes', async () => {
    for (const route of ['/objects/owned', '/access/owned'] as const) {
      const r = await getOwned(server.url, undefined, route);
      assert.equal(r.status, 200, r.text);
      assert.match(r.contentType, /^application\/json/);
      const entry = parseOwned(r.text).find((o) => o.object_id === uid);
      assert.ok(entry !== undefined, `${route} does not list ${uid}: ${r.text}`);
      assert.equal(entry.state, 'Active');
      assert.equal(entry.is_wrapped, false);
      assert.equal(entry.attributes['CryptographicAlgorithm'], 'AES');
      assert.equal(entry.attributes['CryptographicLength'], 256);
      assert.equal(entry.attributes['ObjectType'], 'SymmetricKey');
      for (const k of Object.keys(entry.attributes)) assert.match(k, /^[A-Z][A-Za-z0-9]*$/, `${k} is not PascalCase`);
    }
  });

  it('runs a Message batch item by item: the failing item reports its reason, the others succeed, HTTP 200', async () => {
    const res = await kmipOk(server.url, messageRequest([encryptRequest(uid, plaintext), getRequest('no-such-key'), locateRequest({ tags: [TAG] })]));
    assert.equal(res.tag, 'Message');
    assert.equal(intField(structField(res, 'Header'), 'BatchCount'), 3);
    const items = structItems(res, 'Items');
    assert.deepEqual(items.map((i) => enumField(i, 'Operation')), ['Encrypt', 'Get', 'Locate']);
    assert.deepEqual(items.map((i) => enumField(i, 'ResultStatus')), ['Success', 'OperationFailed', 'Success']);
    const [encItem, getItem, locItem] = items;
    assert.ok(encItem !== undefined && getItem !== undefined && locItem !== undefined);
    assert.equal(bytesField(structField(encItem, 'ResponsePayload'), 'Data').length, plaintext.length);
    assert.equal(enumField(getItem, 'ResultReason'), 'Item_Not_Found');
    assert.equal(getItem.value.some((n) => n.tag === 'ResponsePayload'), false);
    assert.deepEqual(locatedIds(structField(locItem, 'ResponsePayload')), [uid]);
  });

  it('rejects a Message whose BatchCount disagrees with its items with 422', async () => {
    assertHttpError(await postKmip(server.url, messageRequest([getRequest(uid)], 3)), 422, /BatchCount/);
  });

  it('refuses to Destroy an Active key with 422 and leaves it usable', async () => {
    assertHttpError(await postKmip(server.url, destroyRequest(uid)), 422, /revoked first/);
    await kmipOk(server.url, encryptRequest(uid, plaintext));
  });

  it('revokes the key: it is Deactivated, no longer located, and refused for Encrypt and Get', async () => {
    const res = await kmipOk(server.url, revokeRequest(uid));
    assert.equal(res.tag, 'RevokeResponse');
    assert.equal(textField(res, 'UniqueIdentifier'), uid);
    assert.deepEqual(locatedIds(await kmipOk(server.url, locateRequest({ tags: [TAG] }))), []);
    assertHttpError(await postKmip(server.url, encryptRequest(uid, plaintext)), 422, /^Item_Not_Found: /);
    assertHttpError(await postKmip(server.url, getRequest(uid)), 422, /^Item_Not_Found: /);
    const owned = parseOwned((await getOwned(server.url)).text).find((o) => o.object_id === uid);
    assert.equal(owned?.state, 'Deactivated');
  });

  it('destroys the revoked key, which /objects/owned then shows as Destroyed', async () => {
    const res = await kmipOk(server.url, destroyRequest(uid));
    assert.equal(res.tag, 'DestroyResponse');
    assert.equal(textField(res, 'UniqueIdentifier'), uid);
    const owned = parseOwned((await getOwned(server.url)).text).find((o) => o.object_id === uid);
    assert.equal(owned?.state, 'Destroyed');
    assertHttpError(await postKmip(server.url, getRequest(uid)), 422, /^Item_Not_Found: /);
  });
});

describe('plain mode: routes and error responses', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite', extraArgs: ['--max-body-size', '2k'] });
  });

  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('serves /version as a JSON string', async () => {
    const r = await getVersion(server.url);
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^application\/json/);
    const v: unknown = JSON.parse(r.text);
    assert.equal(typeof v, 'string');
    assert.notEqual(v, '');
  });

  it('has no /new_database route in plain mode (404)', async () => {
    assertHttpError(await httpRequest(`${server.url}/new_database`, { method: 'POST' }), 404);
  });

  it('answers an unknown operation tag with 404 naming the operation', async () => {
    assertHttpError(await postKmip(server.url, '{"tag":"Frobnicate","type":"Structure","value":[]}'), 404, /Frobnicate/);
  });

  it('answers malformed JSON with 422 and a body that says the JSON is invalid', async () => {
    assertHttpError(await postKmip(server.url, '{"tag":"Create",'), 422, /JSON/);
    assertHttpError(await postKmip(server.url, ''), 422, /JSON/);
  });

  it('answers JSON that is not a TTLV node with 422 saying so', async () => {
    assertHttpError(await postKmip(server.url, '[1,2]'), 422, /TTLV/);
  });

  it('answers unknown paths and methods with 404', async () => {
    assertHttpError(await httpRequest(`${server.url}/no/such/path`), 404);
    assertHttpError(await httpRequest(`${server.url}/kmip/2_0`, { method: 'POST', body: '{}' }), 404);
    assertHttpError(await httpRequest(`${server.url}/kmip/2_1`), 404);
  });

  it('rejects a body over --max-body-size 2k with 413, declared or streamed, and keeps serving', async () => {
    const big = JSON.stringify({ tag: 'Create', type: 'Structure', value: [], pad: 'x'.repeat(3000) });
    assertHttpError(await postKmip(server.url, big), 413);
    const chunk = new Uint8Array(512).fill(0x20);
    assertHttpError(await postStreamed(`${server.url}/kmip/2_1`, [chunk, chunk, chunk, chunk, chunk]), 413);
    const res = await kmipOk(server.url, createRequest());
    assert.equal(res.tag, 'CreateResponse');
  });

  it('accepts a body of exactly --max-body-size', async () => {
    // Whitespace padding keeps the JSON valid, so only the size is under test.
    const body = toJson(createRequest()).padEnd(2048, ' ');
    assert.equal(Buffer.byteLength(body), 2048);
    const r = await postKmip(server.url, body);
    assert.equal(r.status, 200, r.text);
  });
});

describe('plain mode: storage across a restart', () => {
  let server: TestServer | undefined;
  let rootDir = '';

  after(async () => {
    await server?.stop();
    if (rootDir !== '') removeDir(rootDir);
  });

  it('keeps the key in kms.db in the clear (the control for the encrypted-mode scans) but never a plaintext, and serves it after a restart', async () => {
    const first = await startTestServer({ databaseType: 'sqlite' });
    server = first;
    rootDir = first.rootDir;
    const tag = 'plain-visible-tag-5d1e';
    const uid = textField(await kmipOk(first.url, createRequest({ tags: [tag] })), 'UniqueIdentifier');
    const key = bytesField(keyOf(await kmipOk(first.url, getRequest(uid))).material, 'ByteString');
    const plaintext = Buffer.from('kept across restarts', 'utf8');
    const enc = await kmipOk(first.url, encryptRequest(uid, plaintext));
    await first.stop();

    const file = path.join(first.sqlitePath, 'kms.db');
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    assert.ok(bytes.includes(Buffer.from(key).toString('hex').toUpperCase()), 'the key hex is not in the plain file');
    assert.ok(bytes.includes(tag), 'the tag is not in the plain file');
    // What a client encrypts is never stored, not even in a plain database.
    for (const name of fs.readdirSync(first.sqlitePath)) {
      const content = fs.readFileSync(path.join(first.sqlitePath, name));
      for (const form of [plaintext, plaintext.toString('hex'), plaintext.toString('hex').toUpperCase(), plaintext.toString('base64').replace(/=+$/, '')]) {
        assert.ok(!content.includes(form), `${name} holds the plaintext`);
      }
    }

    const second = await startTestServer({ databaseType: 'sqlite', rootDir });
    server = second;
    const dec = await kmipOk(second.url, decryptRequest(uid, bytesField(enc, 'Data'), bytesField(enc, 'IvCounterNonce'), bytesField(enc, 'AuthenticatedEncryptionTag')));
    assert.deepEqual(Buffer.from(bytesField(dec, 'Data')), plaintext);
  });
});
