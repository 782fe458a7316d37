import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enumeration, int, list, struct } from '../../../src/kmip/ttlv/build.js';
import { OPERATIONS } from '../../../src/kmip/enums.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { textField } from '../../helpers/kmip-requests.js';
import { intField, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

/** A Query request, its functions as a Cosmian list or as repeated direct children. */
function queryRequest(functions: readonly string[], form: 'list' | 'repeated' = 'list'): TtlvNode {
  const items = functions.map((f) => enumeration('QueryFunction', f));
  return struct('Query', form === 'list' ? [list('QueryFunction', items)] : items);
}

function versionNode(major: number, minor: number): TtlvNode {
  return struct('ProtocolVersion', [int('ProtocolVersionMajor', major), int('ProtocolVersionMinor', minor)]);
}

/** A DiscoverVersions request, its versions as repeated direct children or as a Cosmian list. */
function discoverRequest(versions: readonly (readonly [number, number])[], form: 'list' | 'repeated' = 'repeated'): TtlvNode {
  const items = versions.map(([major, minor]) => versionNode(major, minor));
  return struct('DiscoverVersions', form === 'list' ? [list('ProtocolVersion', items)] : items);
}

/** The names of the Enumeration children with the tag, in order. */
function enumsNamed(s: TtlvStructure, tag: string): string[] {
  return s.value.filter((c) => c.tag === tag).map((c) => (c.type === 'Enumeration' ? String(c.value) : `<${c.type}>`));
}

/** The versions of a DiscoverVersionsResponse as "major.minor". */
function versionsOf(res: TtlvStructure): string[] {
  assert.equal(res.tag, 'DiscoverVersionsResponse');
  return res.value.map((v) => {
    assert.ok(v.type === 'Structure' && v.tag === 'ProtocolVersion');
    return `${intField(v, 'ProtocolVersionMajor')}.${intField(v, 'ProtocolVersionMinor')}`;
  });
}

for (const kind of STORE_KINDS) {
  describe(`Query and DiscoverVersions (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    it('lists every dispatched operation, one Operation child each, for QueryOperations', () => {
      const res = fx.call(queryRequest(['QueryOperations']));
      assert.equal(res.tag, 'QueryResponse');
      const operations = enumsNamed(res, 'Operation');
      assert.deepEqual(operations, [...OPERATIONS]);
      for (const op of ['Create', 'Get', 'Encrypt', 'Decrypt', 'Locate', 'Hash', 'MAC', 'MACVerify', 'RNGRetrieve', 'Query', 'DiscoverVersions']) {
        assert.ok(operations.some((o) => o === op), `${op} is listed`);
      }
    });

    it('lists the managed object types for QueryObjects', () => {
      const res = fx.call(queryRequest(['QueryObjects']));
      assert.deepEqual(enumsNamed(res, 'ObjectType'), ['SymmetricKey', 'PublicKey', 'PrivateKey', 'SecretData', 'Certificate']);
      assert.deepEqual(enumsNamed(res, 'Operation'), []);
    });

    it('names the vendor for QueryServerInformation', () => {
      const res = fx.call(queryRequest(['QueryServerInformation']));
      assert.deepEqual(tagsIn(res), ['VendorIdentification']);
      assert.equal(textField(res, 'VendorIdentification'), 'actor-kms');
    });

    it('accepts functions as repeated children and answers in KMIP order whatever the request order', () => {
      const res = fx.call(queryRequest(['QueryServerInformation', 'QueryObjects', 'QueryOperations', 'QueryOperations'], 'repeated'));
      const tags = tagsIn(res);
      assert.deepEqual(tags, [...OPERATIONS.map(() => 'Operation'), 'ObjectType', 'ObjectType', 'ObjectType', 'ObjectType', 'ObjectType', 'VendorIdentification']);
    });

    it('accepts the functions it has nothing to report and answers them with nothing', () => {
      const res = fx.call(queryRequest(['QueryProfiles', 'QueryCapabilities', 'QueryRNGs', 'QueryExtensionList', 'QueryStorageProtectionMasks']));
      assert.deepEqual(tagsIn(res), []);
      assert.deepEqual(tagsIn(fx.call(struct('Query', []))), []);
    });

    it('refuses an unknown QueryFunction as Invalid_Field and one given by number as Invalid_Message', () => {
      fx.callError(queryRequest(['QueryEverything']), 'Invalid_Field');
      const byNumber: TtlvNode = { tag: 'QueryFunction', type: 'Enumeration', value: 1 };
      fx.callError(struct('Query', [byNumber]), 'Invalid_Message');
    });

    it('picks 2.1 when offered 1.4 and 2.1', () => {
      assert.deepEqual(versionsOf(fx.call(discoverRequest([[1, 4], [2, 1]]))), ['2.1']);
    });

    it('returns no version when offered only 1.0', () => {
      const res = fx.call(discoverRequest([[1, 0]]));
      assert.deepEqual(versionsOf(res), []);
    });

    it('returns no version when offered only versions it does not speak', () => {
      assert.deepEqual(versionsOf(fx.call(discoverRequest([[3, 0], [1, 5]]))), []);
    });

    it('lists every supported version, newest first, when the client lists none', () => {
      assert.deepEqual(versionsOf(fx.call(discoverRequest([]))), ['2.1', '2.0']);
    });

    it('answers the common versions in the server\'s order of preference, not the client\'s', () => {
      assert.deepEqual(versionsOf(fx.call(discoverRequest([[2, 0], [1, 2], [2, 1]]))), ['2.1', '2.0']);
    });

    it('accepts the versions as a Cosmian list', () => {
      assert.deepEqual(versionsOf(fx.call(discoverRequest([[2, 0], [3, 0]], 'list'))), ['2.0']);
    });

    it('refuses a ProtocolVersion without its minor number as Invalid_Message', () => {
      fx.callError(struct('DiscoverVersions', [struct('ProtocolVersion', [int('ProtocolVersionMajor', 2)])]), 'Invalid_Message');
    });
  });
}
