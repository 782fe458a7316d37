/**
 * Per-object authorisation, operation by operation: the owner, a grantee holding the right, a
 * grantee holding another right, a `*` grant and a stranger, each on a fresh object.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bytes, enumeration, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { OPERATION_ACCESS } from '../../../src/actors/access-rules.js';
import { OPERATIONS, USAGE } from '../../../src/kmip/enums.js';
import { openActorFixture, START_TIME, type ActorFixture } from '../actor-fixture.js';
import { addAttributeRequest, modifyAttributeRequest, nameAttribute } from '../attribute-helpers.js';
import { createKeyPairRequest } from '../asymmetric-helpers.js';
import {
  bytesField, createRequest, decryptRequest, deleteAttributeRequest, destroyRequest, encryptRequest, exportRequest, getAttributesRequest,
  getRequest, revokeRequest, setAttributeRequest, structField, textField,
} from '../../helpers/kmip-requests.js';
import { caRequest, certifyRequest, validateRequest } from '../../helpers/certify-requests.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const OWNER = 'alice';
const GRANTEE = 'bob';
const STRANGER = 'eve';
const DATA = Buffer.from('per-object authorisation', 'utf8');

/** A fresh object for one scenario and the request that uses it. */
interface Prepared {
  readonly uid: string;
  readonly request: TtlvNode;
}

/** One operation: the right it needs, a right that is not enough, and how to prepare a request. */
interface Case {
  readonly op: string;
  readonly right: string;
  readonly other: string;
  readonly prepare: (fx: ActorFixture) => Prepared | Promise<Prepared>;
}

const uidOf = (fx: ActorFixture, node: TtlvNode): string => textField(fx.call(node, OWNER), 'UniqueIdentifier');
const aes = (fx: ActorFixture): string => fx.create({}, OWNER);
const hmac = (fx: ActorFixture): string => fx.create({ algorithm: 'HMACSHA256', length: 256 }, OWNER);
const simple = (make: (fx: ActorFixture) => string, request: (uid: string) => TtlvNode) => (fx: ActorFixture): Prepared => {
  const uid = make(fx);
  return { uid, request: request(uid) };
};
const ed25519 = async (fx: ActorFixture): Promise<{ priv: string; pub: string }> => {
  const res = await fx.callAsync(createKeyPairRequest({ algorithm: 'Ed25519' }), OWNER);
  return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
};
const macRequest = (op: 'MAC' | 'MACVerify', uid: string, mac?: Uint8Array): TtlvNode =>
  struct(op, [text('UniqueIdentifier', uid), bytes('Data', DATA), mac === undefined ? undefined : bytes('MACData', mac)]);

const privateKeyOf = (fx: ActorFixture, cert: string): string => {
  const attrs = structField(fx.call(getAttributesRequest(cert), OWNER), 'Attributes');
  const links = attrs.value.find((n) => n.tag === 'Link');
  const found = links?.type === 'Structure' ? links.value.find((l) => l.type === 'Structure' && l.value.some((c) => c.type === 'Enumeration' && c.value === 'PrivateKeyLink')) : undefined;
  return found?.type === 'Structure' ? textField(found, 'LinkedObjectIdentifier') : assert.fail('no PrivateKeyLink');
};

const CASES: readonly Case[] = [
  { op: 'Get', right: 'get', other: 'encrypt', prepare: simple(aes, (u) => getRequest(u)) },
  { op: 'Export', right: 'export', other: 'encrypt', prepare: simple(aes, (u) => exportRequest(u)) },
  { op: 'GetAttributes', right: 'getattributes', other: 'encrypt', prepare: simple(aes, (u) => getAttributesRequest(u)) },
  { op: 'GetAttributeList', right: 'getattributes', other: 'setattribute', prepare: simple(aes, (u) => struct('GetAttributeList', [text('UniqueIdentifier', u)])) },
  { op: 'SetAttribute', right: 'setattribute', other: 'get', prepare: simple(aes, (u) => setAttributeRequest(u, nameAttribute('set'))) },
  { op: 'AddAttribute', right: 'setattribute', other: 'getattributes', prepare: simple(aes, (u) => addAttributeRequest(u, nameAttribute('added'))) },
  {
    op: 'ModifyAttribute', right: 'setattribute', other: 'get', prepare: (fx) => {
      const uid = aes(fx);
      fx.call(addAttributeRequest(uid, nameAttribute('first')), OWNER);
      return { uid, request: modifyAttributeRequest(uid, nameAttribute('second')) };
    },
  },
  {
    op: 'DeleteAttribute', right: 'setattribute', other: 'get', prepare: (fx) => {
      const uid = aes(fx);
      fx.call(addAttributeRequest(uid, nameAttribute('gone')), OWNER);
      return { uid, request: deleteAttributeRequest(uid, nameAttribute('gone')) };
    },
  },
  { op: 'Encrypt', right: 'encrypt', other: 'decrypt', prepare: simple(aes, (u) => encryptRequest(u, DATA)) },
  {
    op: 'Decrypt', right: 'decrypt', other: 'encrypt', prepare: (fx) => {
      const uid = aes(fx);
      const res = fx.call(encryptRequest(uid, DATA), OWNER);
      return { uid, request: decryptRequest(uid, bytesField(res, 'Data'), bytesField(res, 'IvCounterNonce'), bytesField(res, 'AuthenticatedEncryptionTag')) };
    },
  },
  { op: 'MAC', right: 'mac', other: 'macverify', prepare: simple(hmac, (u) => macRequest('MAC', u)) },
  {
    op: 'MACVerify', right: 'macverify', other: 'mac', prepare: (fx) => {
      const uid = hmac(fx);
      return { uid, request: macRequest('MACVerify', uid, bytesField(fx.call(macRequest('MAC', uid), OWNER), 'MACData')) };
    },
  },
  {
    op: 'Sign', right: 'sign', other: 'signatureverify', prepare: async (fx) => {
      const { priv } = await ed25519(fx);
      return { uid: priv, request: struct('Sign', [text('UniqueIdentifier', priv), bytes('Data', DATA)]) };
    },
  },
  {
    op: 'SignatureVerify', right: 'signatureverify', other: 'sign', prepare: async (fx) => {
      const { priv, pub } = await ed25519(fx);
      const sig = bytesField(fx.call(struct('Sign', [text('UniqueIdentifier', priv), bytes('Data', DATA)]), OWNER), 'SignatureData');
      return { uid: pub, request: struct('SignatureVerify', [text('UniqueIdentifier', pub), bytes('Data', DATA), bytes('SignatureData', sig)]) };
    },
  },
  {
    op: 'DeriveKey', right: 'derivekey', other: 'get', prepare: simple((fx) => fx.create({ usageMask: USAGE.DeriveKey }, OWNER), (u) => struct('DeriveKey', [
      enumeration('ObjectType', 'SymmetricKey'),
      text('UniqueIdentifier', u),
      enumeration('DerivationMethod', 'HKDF'),
      struct('DerivationParameters', [bytes('Salt', Buffer.from('salt'))]),
      struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), { tag: 'CryptographicLength', type: 'Integer', value: 256 }]),
    ])),
  },
  { op: 'ReKey', right: 'rekey', other: 'get', prepare: simple(aes, (u) => struct('ReKey', [text('UniqueIdentifier', u)])) },
  {
    op: 'Activate', right: 'activate', other: 'get', prepare: (fx) => {
      const uid = uidOf(fx, struct('Create', [enumeration('ObjectType', 'SymmetricKey'), struct('Attributes', [
        enumeration('CryptographicAlgorithm', 'AES'), { tag: 'CryptographicLength', type: 'Integer', value: 256 }, long('ActivationDate', BigInt(START_TIME + 3_600_000)),
      ])]));
      return { uid, request: struct('Activate', [text('UniqueIdentifier', uid)]) };
    },
  },
  { op: 'Revoke', right: 'revoke', other: 'destroy', prepare: simple(aes, (u) => revokeRequest(u)) },
  {
    op: 'Certify', right: 'certify', other: 'sign', prepare: async (fx) => {
      const caKey = privateKeyOf(fx, textField(await fx.callAsync(caRequest('access CA'), OWNER), 'UniqueIdentifier'));
      return { uid: caKey, request: certifyRequest({ subject: { Cn: 'grantee leaf' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerKey: caKey }) };
    },
  },
  {
    op: 'Validate', right: 'validate', other: 'encrypt', prepare: async (fx) => {
      const ca = textField(await fx.callAsync(caRequest('access root'), OWNER), 'UniqueIdentifier');
      return { uid: ca, request: validateRequest({ ids: [ca] }) };
    },
  },
  {
    op: 'Destroy', right: 'destroy', other: 'revoke', prepare: (fx) => {
      const uid = aes(fx);
      fx.call(revokeRequest(uid), OWNER);
      return { uid, request: destroyRequest(uid) };
    },
  },
];

describe('Per-object authorisation of each operation', () => {
  let fx: ActorFixture;
  before(() => { fx = openActorFixture('plain'); });
  after(() => { fx.close(); });

  const missingMessage = (op: TtlvNode, uid: string): string => {
    const missing = 'no-such-object';
    const swap = (n: TtlvNode): TtlvNode =>
      n.type === 'Structure' ? struct(n.tag, n.value.map(swap)) : n.type === 'TextString' && n.value === uid ? text(n.tag, missing) : n;
    const swapped = swap(op);
    return fx.callError(swapped, 'Item_Not_Found', STRANGER).message.replaceAll(missing, uid);
  };

  for (const c of CASES) {
    describe(c.op, () => {
      it(`lets the owner ${c.op}`, async () => {
        const { request } = await c.prepare(fx);
        await fx.callAsync(request, OWNER);
      });

      it('answers a stranger "not found", word for word as for a missing identifier', async () => {
        const { uid, request } = await c.prepare(fx);
        const err = await fx.callErrorAsync(request, 'Item_Not_Found', STRANGER);
        if (c.op !== 'DeriveKey') assert.equal(err.message, missingMessage(request, uid));
      });

      it(`refuses a grantee holding only ${c.other}`, async () => {
        const { uid, request } = await c.prepare(fx);
        fx.grant(uid, GRANTEE, [c.other], OWNER);
        await fx.callErrorAsync(request, 'Item_Not_Found', GRANTEE);
      });

      it(`lets a grantee holding ${c.right} ${c.op}`, async () => {
        const { uid, request } = await c.prepare(fx);
        fx.grant(uid, GRANTEE, [c.right], OWNER);
        await fx.callAsync(request, GRANTEE);
      });

      it(`lets any user ${c.op} through a * grant of ${c.right}`, async () => {
        const { uid, request } = await c.prepare(fx);
        fx.grant(uid, '*', [c.right], OWNER);
        await fx.callAsync(request, 'anyone-at-all');
      });
    });
  }

  it('covers every operation the dispatcher knows, with the same right as the rules table', () => {
    for (const op of OPERATIONS) {
      const tested = CASES.find((c) => c.op === op);
      const rule = OPERATION_ACCESS[op];
      if (tested !== undefined) assert.equal(tested.right, rule.right, op);
      else assert.ok(['Create', 'CreateKeyPair', 'Register', 'Import', 'ReKeyKeyPair', 'Locate', 'Query', 'DiscoverVersions', 'Hash', 'RNGRetrieve'].includes(op), `${op} is untested`);
    }
  });

  it('lets get imply export and getattributes, but not the other way round', () => {
    const uid = aes(fx);
    fx.grant(uid, GRANTEE, ['get'], OWNER);
    fx.call(exportRequest(uid), GRANTEE);
    fx.call(getAttributesRequest(uid), GRANTEE);
    fx.call(struct('GetAttributeList', [text('UniqueIdentifier', uid)]), GRANTEE);
    fx.callError(encryptRequest(uid, DATA), 'Item_Not_Found', GRANTEE);
    const other = aes(fx);
    fx.grant(other, GRANTEE, ['export', 'getattributes'], OWNER);
    fx.callError(getRequest(other), 'Item_Not_Found', GRANTEE);
  });

  it('lets anyone Query, DiscoverVersions, Hash and RNGRetrieve, which name no object', () => {
    fx.call(struct('Query', [enumeration('QueryFunction', 'QueryOperations')]), STRANGER);
    fx.call(struct('DiscoverVersions', []), STRANGER);
    fx.call(struct('Hash', [struct('CryptographicParameters', [enumeration('HashingAlgorithm', 'SHA256')]), bytes('Data', DATA)]), STRANGER);
    fx.call(struct('RNGRetrieve', [{ tag: 'DataLength', type: 'Integer', value: 16 }]), STRANGER);
  });

  it('keeps a Create by a grantee its own: the new object is owned by its creator', () => {
    const uid = textField(fx.call(createRequest(), GRANTEE), 'UniqueIdentifier');
    assert.equal(fx.store.get(uid)?.owner, GRANTEE);
    fx.callError(getRequest(uid), 'Item_Not_Found', OWNER);
  });
});
