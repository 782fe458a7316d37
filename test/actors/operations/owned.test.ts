import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { destroyRequest, revokeRequest } from '../../helpers/kmip-requests.js';
import { rawImportRequest } from '../helpers.js';
import { bytes, enumeration, struct } from '../../../src/kmip/ttlv/build.js';
import type { ActorFixture } from '../actor-fixture.js';

/** One entry of the owned listing, checked for shape. */
interface OwnedEntry {
  readonly object_id: string;
  readonly state: string;
  readonly attributes: Record<string, unknown>;
  readonly is_wrapped: boolean;
}

function asEntries(v: unknown): OwnedEntry[] {
  assert.ok(Array.isArray(v), 'the owned listing must be a JSON array');
  return v.map((e: unknown) => {
    assert.ok(typeof e === 'object' && e !== null);
    assert.deepEqual(Object.keys(e).sort(), ['attributes', 'is_wrapped', 'object_id', 'state']);
    const o = e as Record<string, unknown>;
    assert.equal(typeof o['object_id'], 'string');
    assert.equal(typeof o['state'], 'string');
    assert.equal(typeof o['is_wrapped'], 'boolean');
    assert.ok(typeof o['attributes'] === 'object' && o['attributes'] !== null && !Array.isArray(o['attributes']));
    return e as OwnedEntry;
  });
}

for (const kind of STORE_KINDS) {
  describe(`Owned objects (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    it("lists the caller's objects only, as {object_id, state, attributes, is_wrapped}", () => {
      const a = fx.create({ uid: 'admin-1' });
      const b = fx.create({ uid: 'admin-2', algorithm: 'ChaCha20' });
      fx.create({ uid: 'bob-1' }, 'bob');
      const mine = asEntries(fx.owned());
      assert.deepEqual(mine.map((e) => e.object_id).sort(), [a, b].sort());
      assert.ok(mine.every((e) => e.state === 'Active' && !e.is_wrapped));
      assert.deepEqual(asEntries(fx.owned('bob')).map((e) => e.object_id), ['bob-1']);
    });

    it('marks an object registered wrapped as is_wrapped, and only that one', () => {
      fx.create({ uid: 'clear' });
      fx.call(
        rawImportRequest({
          uid: 'wrapped',
          keyFormatType: 'Raw',
          material: struct('KeyMaterial', [bytes('ByteString', new Uint8Array(40).fill(7))]),
          blockExtras: [struct('KeyWrappingData', [enumeration('WrappingMethod', 'Encrypt')])],
        }),
      );
      const wrapped = Object.fromEntries(asEntries(fx.owned()).map((e) => [e.object_id, e.is_wrapped]));
      assert.deepEqual(wrapped, { clear: false, wrapped: true });
    });

    it('answers an empty array for a user without objects', () => {
      fx.create();
      assert.deepEqual(fx.owned('nobody'), []);
    });

    it('includes revoked and destroyed objects with their state', () => {
      const active = fx.create({ uid: 'o-active' });
      const revoked = fx.create({ uid: 'o-revoked' });
      const destroyed = fx.create({ uid: 'o-destroyed' });
      fx.call(revokeRequest(revoked));
      fx.call(revokeRequest(destroyed, { code: 'KeyCompromise', occurred: 1n }));
      fx.call(destroyRequest(destroyed));
      const states = Object.fromEntries(asEntries(fx.owned()).map((e) => [e.object_id, e.state]));
      assert.deepEqual(states, { [active]: 'Active', [revoked]: 'Deactivated', [destroyed]: 'Destroyed_Compromised' });
    });

    it('gives attributes in serde JSON form: PascalCase keys, enumeration names, numbers', () => {
      const uid = fx.create({ uid: 'json-form', length: 128 });
      const [entry] = asEntries(fx.owned());
      assert.ok(entry !== undefined);
      assert.equal(entry.object_id, uid);
      const attrs = entry.attributes;
      assert.equal(attrs['CryptographicAlgorithm'], 'AES');
      assert.equal(attrs['CryptographicLength'], 128);
      assert.equal(attrs['CryptographicUsageMask'], 2108);
      assert.equal(attrs['KeyFormatType'], 'TransparentSymmetricKey');
      assert.equal(attrs['ObjectType'], 'SymmetricKey');
    });

    it('carries tags as a VendorAttributes array whose value is a byte array', () => {
      fx.create({ tags: ['t'] });
      const [entry] = asEntries(fx.owned());
      assert.deepEqual(entry?.attributes['VendorAttributes'], [
        { VendorIdentification: 'cosmian', AttributeName: 'tag', AttributeValue: [...Buffer.from('["_kk","t"]')] },
      ]);
    });
  });
}
