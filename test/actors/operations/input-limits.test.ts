import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture } from '../actor-fixture.js';
import { encryptRequest, getAttributesRequest, locateRequest, revokeRequest, structField } from '../../helpers/kmip-requests.js';
import type { ActorFixture } from '../actor-fixture.js';

describe('what clients cannot make the server store or search', () => {
  let fx: ActorFixture;
  beforeEach(() => { fx = openActorFixture('plain'); });
  afterEach(() => { fx.close(); });

  it('ignores a State attribute sent with Create: the real state is the only one reported', () => {
    const uid = 'planted';
    fx.call(struct('Create', [
      enumeration('ObjectType', 'SymmetricKey'),
      struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), text('UniqueIdentifier', uid), enumeration('State', 'Active')]),
    ]));
    fx.call(revokeRequest(uid));
    const all = structField(fx.call(getAttributesRequest(uid)), 'Attributes');
    assert.ok(!all.value.some((a) => a.tag === 'State'), 'State is not a stored attribute');
    const asked = structField(fx.call(getAttributesRequest(uid, ['State'])), 'Attributes');
    assert.deepEqual(asked.value.filter((a) => a.tag === 'State').map((a) => a.value), ['Deactivated']);
  });

  it('refuses a Locate naming more than 100 tags with a KMIP error, not a database failure', () => {
    const tags = Array.from({ length: 101 }, (_, i) => `t${i}`);
    fx.callError(locateRequest({ tags }), 'Invalid_Attribute_Value');
    fx.call(locateRequest({ tags: tags.slice(0, 100) }));
  });

  it('refuses a tag selector naming more than 100 tags', () => {
    const selector = JSON.stringify(Array.from({ length: 101 }, (_, i) => `t${i}`));
    fx.callError(encryptRequest(selector, new Uint8Array(4)), 'Invalid_Field');
  });
});
