/**
 * Data written before a fuzz run and checked after it: keys (one imported with known bytes) and
 * ciphertexts under each, all tagged so a Locate finds exactly them.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeLocateResponse } from '../../src/kmip/operations/locate.js';
import { kmipOk } from '../helpers/http-client.js';
import { bytesField, createRequest, decryptRequest, encryptRequest, getRequest, importRequest, locateRequest, textField } from '../helpers/kmip-requests.js';

/** What was written. */
export interface KnownData {
  readonly tag: string;
  readonly uids: readonly string[];
  readonly imported: { readonly uid: string; readonly keyHex: string };
  readonly ciphertexts: readonly { readonly uid: string; readonly plaintext: Uint8Array; readonly data: Uint8Array; readonly nonce: Uint8Array; readonly tag: Uint8Array }[];
}

/** Writes three created keys, one imported key and two ciphertexts under each key. */
export async function writeKnownData(url: string, secret: string | undefined): Promise<KnownData> {
  const tag = `fuzz-known-${randomBytes(4).toString('hex')}`;
  const uids: string[] = [];
  for (let i = 0; i < 3; i++) uids.push(textField(await kmipOk(url, createRequest({ tags: [tag] }), secret), 'UniqueIdentifier'));
  const key = randomBytes(32);
  const importedUid = textField(await kmipOk(url, importRequest({ uid: `known-${tag}`, key, tags: [tag] }), secret), 'UniqueIdentifier');
  uids.push(importedUid);
  const ciphertexts: KnownData['ciphertexts'][number][] = [];
  for (const uid of uids) {
    for (let i = 0; i < 2; i++) {
      const plaintext = randomBytes(16 + i * 100);
      const r = await kmipOk(url, encryptRequest(uid, plaintext), secret);
      ciphertexts.push({ uid, plaintext, data: bytesField(r, 'Data'), nonce: bytesField(r, 'IvCounterNonce'), tag: bytesField(r, 'AuthenticatedEncryptionTag') });
    }
  }
  return { tag, uids, imported: { uid: importedUid, keyHex: key.toString('hex').toUpperCase() }, ciphertexts };
}

/** Asserts the data reads back unchanged: the same objects carry the tag, the imported key is the same, every ciphertext decrypts. */
export async function verifyKnownData(url: string, secret: string | undefined, known: KnownData): Promise<void> {
  const located = decodeLocateResponse(await kmipOk(url, locateRequest({ tags: [known.tag] }), secret));
  assert.deepEqual([...located.uniqueIdentifiers].sort(), [...known.uids].sort());
  const got = await kmipOk(url, getRequest(known.imported.uid), secret);
  assert.ok(JSON.stringify(got, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex').toUpperCase() : typeof v === 'bigint' ? v.toString() : v)).includes(known.imported.keyHex),
    'the imported key still holds its bytes');
  for (const c of known.ciphertexts) {
    const r = await kmipOk(url, decryptRequest(c.uid, c.data, c.nonce, c.tag), secret);
    assert.deepEqual(Buffer.from(bytesField(r, 'Data')), Buffer.from(c.plaintext));
  }
}
