/**
 * The key life cycle and the server-wide operations through the real HTTP endpoint, in both
 * database types: Activate, ReKey, ReKeyKeyPair, Revoke, Destroy, Query, DiscoverVersions and a
 * Message batch mixing several operations.
 * @module
 */
import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { batchRequest, bytesField, destroyRequest, encryptRequest, exportRequest, getAttributesRequest, getRequest, intField, revokeRequest, structField, tagAttribute, textField } from '../helpers/kmip-requests.js';
import { bytes, enumeration, int, long, struct, text } from '../../src/kmip/ttlv/build.js';
import { linkedId } from '../../src/kmip/links.js';
import { OPERATIONS } from '../../src/kmip/enums.js';
import { SUPPORTED_OBJECT_TYPES, VENDOR_IDENTIFICATION } from '../../src/actors/operations/query.js';
import { createPair, createWith, enumName, hex, keyBlockOf, kmipModes, locatedIds, MODES, publicKey, symmetricKey, uidOf, type KmipClient } from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();
const HOUR_MS = 3_600_000;

const aes = (...more: (TtlvNode | undefined)[]): TtlvNode => createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), ...more]);
const activateRequest = (uid: string): TtlvNode => struct('Activate', [text('UniqueIdentifier', uid)]);
const reKeyRequest = (uid: string, offsetSeconds?: number): TtlvNode =>
  struct('ReKey', [text('UniqueIdentifier', uid), offsetSeconds === undefined ? undefined : { tag: 'Offset', type: 'Interval', value: offsetSeconds }]);
const reKeyPairRequest = (priv: string): TtlvNode => struct('ReKeyKeyPair', [text('PrivateKeyUniqueIdentifier', priv)]);
const queryRequest = (...functions: string[]): TtlvNode => struct('Query', functions.map((f) => enumeration('QueryFunction', f)));
const version = (major: number, minor?: number): TtlvNode =>
  struct('ProtocolVersion', [int('ProtocolVersionMajor', major), minor === undefined ? undefined : int('ProtocolVersionMinor', minor)]);

/** The names of the Enumeration children with the tag, in order. */
function enumsNamed(s: TtlvStructure, tag: string): string[] {
  return s.value.filter((n) => n.tag === tag).map((n) => (n.type === 'Enumeration' ? String(n.value) : `<${n.type}>`));
}

/** The children of a Cosmian list field, as Structures. */
function structItems(s: TtlvStructure, tag: string): TtlvStructure[] {
  const node = s.value.find((n) => n.tag === tag);
  if (node === undefined) return [];
  assert.ok(node.type === 'Structure');
  return node.value.map((n) => {
    assert.ok(n.type === 'Structure');
    return n;
  });
}

for (const mode of MODES) {
  describe(`Activate, ReKey and ReKeyKeyPair over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const stateOf = async (uid: string): Promise<string> => enumName(structField(await c().call(getAttributesRequest(uid, ['State'])), 'Attributes'), 'State');
    const links = async (uid: string): Promise<TtlvStructure> => structField(await c().call(getAttributesRequest(uid)), 'Attributes');

    it('activates a key created PreActive (ActivationDate in an hour), which then encrypts', async () => {
      const uid = uidOf(await c().call(aes(long('ActivationDate', BigInt(Date.now() + HOUR_MS)))));
      assert.equal(await stateOf(uid), 'PreActive');
      await c().callError(encryptRequest(uid, Buffer.from('not yet')), 'Item_Not_Found');
      const res = await c().call(activateRequest(uid));
      assert.equal(res.tag, 'ActivateResponse');
      assert.equal(uidOf(res), uid);
      assert.equal(await stateOf(uid), 'Active');
      await c().call(encryptRequest(uid, Buffer.from('now')));
    });

    it('refuses to activate an Active key, or one that does not exist', async () => {
      const uid = uidOf(await c().call(aes()));
      await c().callError(activateRequest(uid), 'Wrong_Key_Lifecycle_State');
      await c().callError(activateRequest('no-such-key'), 'Item_Not_Found');
    });

    it('re-keys an AES key: a new key of the same size, carrying the tags, the two linked', async () => {
      const tag = `rekey-${mode}`;
      const old = uidOf(await c().call(aes(tagAttribute([tag]))));
      const res = await c().call(reKeyRequest(old));
      assert.equal(res.tag, 'ReKeyResponse');
      const fresh = uidOf(res);
      assert.notEqual(fresh, old);
      const [oldKey, newKey] = [await symmetricKey(c(), old), await symmetricKey(c(), fresh)];
      assert.equal(newKey.length, 32);
      assert.notEqual(hex(newKey), hex(oldKey));
      assert.equal(linkedId((await links(old)).value, 'ReplacementObjectLink'), fresh);
      assert.equal(linkedId((await links(fresh)).value, 'ReplacedObjectLink'), old);
      assert.deepEqual(locatedIds(await c().call(struct('Locate', [struct('Attributes', [tagAttribute([tag])])]))).sort(), [old, fresh].sort());
    });

    it('re-keys with an Offset: the new key is PreActive until then', async () => {
      const fresh = uidOf(await c().call(reKeyRequest(uidOf(await c().call(aes())), 3600)));
      assert.equal(await stateOf(fresh), 'PreActive');
    });

    it('refuses to re-key a replaced key, a private key or an unknown one', async () => {
      const old = uidOf(await c().call(aes()));
      await c().call(reKeyRequest(old));
      await c().callError(reKeyRequest(old), 'Wrong_Key_Lifecycle_State');
      const pair = await createPair(c(), { algorithm: 'Ed25519' });
      await c().callError(reKeyRequest(pair.priv), 'Invalid_Object_Type');
      await c().callError(reKeyRequest('no-such-key'), 'Item_Not_Found');
    });

    it('re-keys a P-256 key pair: a new linked pair on the same curve that signs, the old pair linked to it', async () => {
      const old = await createPair(c(), { algorithm: 'ECDSA', curve: 'P256' });
      const res = await c().call(reKeyPairRequest(old.priv));
      assert.equal(res.tag, 'ReKeyKeyPairResponse');
      const priv = textField(res, 'PrivateKeyUniqueIdentifier');
      const pub = textField(res, 'PublicKeyUniqueIdentifier');
      assert.equal(linkedId((await links(priv)).value, 'PublicKeyLink'), pub);
      assert.equal(linkedId((await links(old.priv)).value, 'ReplacementObjectLink'), priv);
      assert.equal(linkedId((await links(old.pub)).value, 'ReplacementObjectLink'), pub);
      const key = await publicKey(c(), pub);
      assert.equal(key.asymmetricKeyDetails?.namedCurve, 'prime256v1');
      const data = Buffer.from('signed by the new pair', 'utf8');
      const sig = bytesField(await c().call(struct('Sign', [text('UniqueIdentifier', priv), bytes('Data', data)])), 'SignatureData');
      assert.ok(verify('sha256', data, key, sig));
    });

    it('refuses to re-key a pair from its public key, twice, or from a symmetric key', async () => {
      const pair = await createPair(c(), { algorithm: 'Ed25519' });
      await c().callError(reKeyPairRequest(pair.pub), 'Invalid_Object_Type');
      await c().call(reKeyPairRequest(pair.priv));
      await c().callError(reKeyPairRequest(pair.priv), 'Wrong_Key_Lifecycle_State');
      await c().callError(reKeyPairRequest(uidOf(await c().call(aes()))), 'Invalid_Object_Type');
    });
  });

  describe(`Revoke and Destroy over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const stateOf = async (uid: string): Promise<string> => enumName(structField(await c().call(getAttributesRequest(uid, ['State'])), 'Attributes'), 'State');

    it('revokes with a free-text reason (Deactivated) and with KeyCompromise (Compromised), a pair together', async () => {
      const uid = uidOf(await c().call(aes()));
      const res = await c().call(revokeRequest(uid, 'retired'));
      assert.equal(res.tag, 'RevokeResponse');
      assert.equal(uidOf(res), uid);
      assert.equal(await stateOf(uid), 'Deactivated');
      await c().callError(getRequest(uid), 'Item_Not_Found');
      const pair = await createPair(c(), { algorithm: 'Ed25519' });
      await c().call(revokeRequest(pair.priv, { code: 'KeyCompromise', occurred: BigInt(Date.now() - HOUR_MS) }));
      assert.equal(await stateOf(pair.priv), 'Compromised');
      assert.equal(await stateOf(pair.pub), 'Compromised');
    });

    it('refuses KeyCompromise without its occurrence date, and unknown objects', async () => {
      const uid = uidOf(await c().call(aes()));
      await c().callError(revokeRequest(uid, { code: 'KeyCompromise' }), 'Missing_Data');
      await c().callError(revokeRequest('no-such-key'), 'Item_Not_Found');
      assert.equal(await stateOf(uid), 'Active');
    });

    it('destroys a revoked key: Export then gives an empty Opaque block; destroying again is harmless', async () => {
      const uid = uidOf(await c().call(aes()));
      await c().call(revokeRequest(uid));
      const res = await c().call(destroyRequest(uid));
      assert.equal(res.tag, 'DestroyResponse');
      assert.equal(uidOf(res), uid);
      assert.equal(await stateOf(uid), 'Destroyed');
      assert.equal(enumName(keyBlockOf(await c().call(exportRequest(uid))), 'KeyFormatType'), 'Opaque');
      await c().call(destroyRequest(uid));
    });

    it('refuses to destroy an Active key or a pair whose other half is Active, and unknown objects', async () => {
      await c().callError(destroyRequest(uidOf(await c().call(aes()))), 'Wrong_Key_Lifecycle_State');
      const pair = await createPair(c(), { algorithm: 'Ed25519' });
      await c().callError(destroyRequest(pair.pub), 'Wrong_Key_Lifecycle_State');
      await c().callError(destroyRequest('no-such-key'), 'Item_Not_Found');
    });
  });

  describe(`Query, DiscoverVersions and Message batches over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);

    it('lists every operation the server dispatches, its object types and its vendor', async () => {
      const res = await c().call(queryRequest('QueryOperations', 'QueryObjects', 'QueryServerInformation'));
      assert.equal(res.tag, 'QueryResponse');
      const operations = enumsNamed(res, 'Operation');
      for (const op of OPERATIONS) assert.ok(operations.includes(op), `Query does not list ${op}`);
      assert.equal(operations.length, OPERATIONS.length);
      const types = enumsNamed(res, 'ObjectType');
      assert.deepEqual(types.sort(), [...SUPPORTED_OBJECT_TYPES].sort());
      assert.ok(types.includes('SymmetricKey') && types.includes('PrivateKey'));
      assert.equal(textField(res, 'VendorIdentification'), VENDOR_IDENTIFICATION);
    });

    it('refuses an unknown QueryFunction', async () => {
      await c().callError(queryRequest('QueryEverything'), 'Invalid_Field');
    });

    it('discovers versions: all it speaks for an empty request, the common ones otherwise', async () => {
      const versionsOf = (res: TtlvStructure): string[] => res.value.map((v) => {
        assert.ok(v.type === 'Structure' && v.tag === 'ProtocolVersion');
        return `${intField(v, 'ProtocolVersionMajor')}.${intField(v, 'ProtocolVersionMinor')}`;
      });
      const all = await c().call(struct('DiscoverVersions', []));
      assert.equal(all.tag, 'DiscoverVersionsResponse');
      assert.deepEqual(versionsOf(all), ['2.1', '2.0']);
      assert.deepEqual(versionsOf(await c().call(struct('DiscoverVersions', [version(1, 4), version(2, 1)]))), ['2.1']);
      assert.deepEqual(versionsOf(await c().call(struct('DiscoverVersions', [version(1, 2)]))), []);
      assert.deepEqual(versionsOf(await c().call(struct('DiscoverVersions', [version(3, 0)]))), []);
    });

    it('refuses a ProtocolVersion without its minor number', async () => {
      await c().callError(struct('DiscoverVersions', [version(2)]), 'Invalid_Message');
    });

    it('answers a Message batch mixing operations item by item, failures included, echoing batch item ids', async () => {
      const uid = uidOf(await c().call(aes()));
      const id = (n: number): Uint8Array => Uint8Array.of(n);
      const res = await c().call(batchRequest([
        { request: aes(), batchItemId: id(1) },
        { request: encryptRequest(uid, Buffer.from('batched')), batchItemId: id(2) },
        { request: struct('Hash', [struct('CryptographicParameters', [enumeration('HashingAlgorithm', 'SHA256')]), bytes('Data', new Uint8Array(0))]), batchItemId: id(3) },
        { request: getRequest('no-such-key'), batchItemId: id(4) },
        { request: struct('RNGRetrieve', [int('DataLength', 16)]), batchItemId: id(5) },
        { request: queryRequest('QueryServerInformation'), batchItemId: id(6) },
      ]));
      assert.equal(res.tag, 'Message');
      assert.equal(intField(structField(res, 'Header'), 'BatchCount'), 6);
      const items = structItems(res, 'Items');
      assert.deepEqual(items.map((i) => enumName(i, 'Operation')), ['Create', 'Encrypt', 'Hash', 'Get', 'RNGRetrieve', 'Query']);
      assert.deepEqual(items.map((i) => enumName(i, 'ResultStatus')), ['Success', 'Success', 'Success', 'OperationFailed', 'Success', 'Success']);
      assert.deepEqual(items.map((i) => hex(bytesField(i, 'UniqueBatchItemId'))), ['01', '02', '03', '04', '05', '06']);
      const [created, encrypted, hashed, failed, random] = items;
      assert.ok(created !== undefined && encrypted !== undefined && hashed !== undefined && failed !== undefined && random !== undefined);
      await c().call(getRequest(uidOf(structField(created, 'ResponsePayload'))));
      assert.equal(bytesField(structField(encrypted, 'ResponsePayload'), 'Data').length, 7);
      assert.equal(hex(bytesField(structField(hashed, 'ResponsePayload'), 'Data')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      assert.equal(enumName(failed, 'ResultReason'), 'Item_Not_Found');
      assert.equal(bytesField(structField(random, 'ResponsePayload'), 'Data').length, 16);
    });

    it('refuses a Message whose BatchCount disagrees with its items', async () => {
      await c().callError(batchRequest([{ request: queryRequest('QueryOperations') }], 2), 'Invalid_Message');
    });
  });
}
