import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bool, bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { symmetricKeyRecord } from '../../../src/actors/symmetric-key-record.js';
import { KeyCache } from '../../../src/actors/key-cache.js';
import { AeadRunner } from '../../../src/crypto/aead-runner.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { DEFAULT_USER, openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { bytesField, destroyRequest, revokeRequest, textField } from '../../helpers/kmip-requests.js';
import { enumField, flipBit, hexOf, rawImportRequest, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';
import type { OperationContext } from '../../../src/actors/context.js';

const MAC_BOTH = USAGE.MACGenerate | USAGE.MACVerify;
const HMACS = ['HMACSHA256', 'HMACSHA384', 'HMACSHA512'] as const;
type Hmac = (typeof HMACS)[number];

/** One RFC 4231 test case: key, data and the published HMAC-SHA-256, -384 and -512 values (HMACS order). */
interface Rfc4231Case {
  readonly name: string;
  readonly key: Uint8Array;
  readonly data: Uint8Array;
  readonly macs: readonly [string, string, string];
  /** The key is below the 112-bit floor Import enforces, so it goes into the store directly. */
  readonly direct?: true;
}

const RFC4231: readonly Rfc4231Case[] = [
  { name: 'test case 1', key: new Uint8Array(20).fill(0x0b), data: Buffer.from('Hi There', 'utf8'), macs: [
    'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6',
    '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
  ] },
  { name: 'test case 2', key: Buffer.from('Jefe', 'utf8'), data: Buffer.from('what do ya want for nothing?', 'utf8'), direct: true, macs: [
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
    '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
  ] },
  { name: 'test case 4', key: Uint8Array.from({ length: 25 }, (_, i) => i + 1), data: new Uint8Array(50).fill(0xcd), macs: [
    '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    '3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb',
    'b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd',
  ] },
];

/** Optional CryptographicParameters and streaming fields of MAC and MACVerify. */
interface MacOptions {
  readonly algorithm?: string;
  readonly hashing?: string;
  readonly init?: boolean;
  readonly final?: boolean;
}

/** CryptographicParameters, when any is set. */
function parametersOf(o: MacOptions): TtlvNode | undefined {
  if (o.algorithm === undefined && o.hashing === undefined) return undefined;
  return struct('CryptographicParameters', [
    o.hashing === undefined ? undefined : enumeration('HashingAlgorithm', o.hashing),
    o.algorithm === undefined ? undefined : enumeration('CryptographicAlgorithm', o.algorithm),
  ]);
}

/** A MAC request (MACData given: a MACVerify request). */
function macRequest(uid: string, data: Uint8Array, o: MacOptions = {}, mac?: Uint8Array): TtlvNode {
  return struct(mac === undefined ? 'MAC' : 'MACVerify', [
    text('UniqueIdentifier', uid),
    parametersOf(o),
    bytes('Data', data),
    mac === undefined ? undefined : bytes('MACData', mac),
    o.init === undefined ? undefined : bool('InitIndicator', o.init),
    o.final === undefined ? undefined : bool('FinalIndicator', o.final),
  ]);
}

/** A MACVerify request. */
const macVerifyRequest = (uid: string, data: Uint8Array, mac: Uint8Array, o: MacOptions = {}): TtlvNode => macRequest(uid, data, o, mac);

/** An Import of a Raw HMAC key with the given usage mask. */
function importHmacRequest(uid: string, algorithm: string, key: Uint8Array, mask: number = MAC_BOTH): TtlvNode {
  return rawImportRequest({
    uid,
    keyFormatType: 'Raw',
    material: struct('KeyMaterial', [bytes('ByteString', key)]),
    algorithm,
    blockLength: key.length * 8,
    attributes: [enumeration('CryptographicAlgorithm', algorithm), int('CryptographicLength', key.length * 8), int('CryptographicUsageMask', mask)],
  });
}

/** Puts an Active HMAC key straight into the store as Import would, minus Import's key-size policy. */
function storeKeyDirectly(fx: ActorFixture, uid: string, algorithm: string, key: Uint8Array): void {
  const ctx: OperationContext = { store: fx.store, user: DEFAULT_USER, now: () => fx.now(), aead: new AeadRunner(Number.MAX_SAFE_INTEGER), keys: new KeyCache() };
  fx.store.insert(symmetricKeyRecord(ctx, { uid, key, algorithm, attributes: [int('CryptographicUsageMask', MAC_BOTH)], userTags: [] }));
}

const DATA = Buffer.from('the quick brown fox', 'utf8');
const KEY = new Uint8Array(32).fill(0x5a);

for (const kind of STORE_KINDS) {
  describe(`MAC and MACVerify (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const macOf = (uid: string, data: Uint8Array = DATA, o: MacOptions = {}): Uint8Array => {
      const res = fx.call(macRequest(uid, data, o));
      assert.equal(res.tag, 'MACResponse');
      assert.equal(textField(res, 'UniqueIdentifier'), uid);
      return bytesField(res, 'MACData');
    };
    const verdict = (uid: string, data: Uint8Array, mac: Uint8Array, o: MacOptions = {}): string => {
      const res = fx.call(macVerifyRequest(uid, data, mac, o));
      assert.equal(res.tag, 'MACVerifyResponse');
      assert.equal(textField(res, 'UniqueIdentifier'), uid);
      return enumField(res, 'ValidityIndicator');
    };
    const importHmac = (uid: string, algorithm: Hmac = 'HMACSHA256', key: Uint8Array = KEY, mask: number = MAC_BOTH): string =>
      textField(fx.call(importHmacRequest(uid, algorithm, key, mask)), 'UniqueIdentifier');

    for (const c of RFC4231) {
      for (const [index, algorithm] of HMACS.entries()) {
        it(`computes RFC 4231 ${c.name} with ${algorithm}${c.direct ? ' (short key stored directly)' : ' under an imported Raw key'}`, () => {
          const uid = `rfc-${algorithm}`;
          if (c.direct) storeKeyDirectly(fx, uid, algorithm, c.key);
          else importHmac(uid, algorithm, c.key);
          const mac = macOf(uid, c.data);
          assert.equal(hexOf(mac).toLowerCase(), c.macs[index]);
          assert.equal(verdict(uid, c.data, mac), 'Valid');
        });
      }
    }

    it('answers MAC with UniqueIdentifier and MACData, and MACVerify with UniqueIdentifier and ValidityIndicator', () => {
      const uid = importHmac('k');
      const mac = macOf(uid);
      assert.deepEqual(tagsIn(fx.call(macRequest(uid, DATA))), ['UniqueIdentifier', 'MACData']);
      assert.deepEqual(tagsIn(fx.call(macVerifyRequest(uid, DATA, mac))), ['UniqueIdentifier', 'ValidityIndicator']);
    });

    it('reports tampered data, a tampered MAC and a MAC of the wrong length as Invalid', () => {
      const uid = importHmac('k');
      const mac = macOf(uid);
      assert.equal(verdict(uid, DATA, mac), 'Valid');
      assert.equal(verdict(uid, flipBit(DATA, 3), mac), 'Invalid');
      assert.equal(verdict(uid, DATA, flipBit(mac, 31)), 'Invalid');
      assert.equal(verdict(uid, DATA, mac.subarray(0, 16)), 'Invalid');
      assert.equal(verdict(uid, DATA, new Uint8Array(0)), 'Invalid');
    });

    it('reports a MAC made under another key as Invalid', () => {
      const a = importHmac('a');
      const b = importHmac('b', 'HMACSHA256', new Uint8Array(32).fill(0x33));
      assert.equal(verdict(b, DATA, macOf(a)), 'Invalid');
    });

    it('accepts parameters that name the key\'s own algorithm or hash', () => {
      const uid = importHmac('k', 'HMACSHA384');
      const mac = macOf(uid);
      assert.equal(hexOf(macOf(uid, DATA, { algorithm: 'HMACSHA384' })), hexOf(mac));
      assert.equal(hexOf(macOf(uid, DATA, { hashing: 'SHA384' })), hexOf(mac));
      assert.equal(verdict(uid, DATA, mac, { algorithm: 'HMACSHA384', hashing: 'SHA384' }), 'Valid');
    });

    it('refuses parameters naming another HMAC or hash than the key\'s as Bad_Cryptographic_Parameters', () => {
      const uid = importHmac('k', 'HMACSHA256');
      fx.callError(macRequest(uid, DATA, { algorithm: 'HMACSHA512' }), 'Bad_Cryptographic_Parameters');
      fx.callError(macRequest(uid, DATA, { hashing: 'SHA512' }), 'Bad_Cryptographic_Parameters');
      fx.callError(macVerifyRequest(uid, DATA, new Uint8Array(32), { algorithm: 'HMACSHA384' }), 'Bad_Cryptographic_Parameters');
    });

    it('refuses a MAC algorithm the server does not offer as Unsupported_Cryptographic_Parameters', () => {
      const uid = importHmac('k');
      fx.callError(macRequest(uid, DATA, { algorithm: 'AES' }), 'Unsupported_Cryptographic_Parameters');
      fx.callError(macRequest(uid, DATA, { algorithm: 'HMACMD5' }), 'Unsupported_Cryptographic_Parameters');
    });

    it('refuses to MAC with an AES key: Invalid_Object_Type, or Bad_Cryptographic_Parameters when HMAC is asked for', () => {
      const uid = fx.create({ usageMask: MAC_BOTH });
      fx.callError(macRequest(uid, DATA), 'Invalid_Object_Type');
      fx.callError(macRequest(uid, DATA, { algorithm: 'HMACSHA256' }), 'Bad_Cryptographic_Parameters');
      fx.callError(macVerifyRequest(uid, DATA, new Uint8Array(32)), 'Invalid_Object_Type');
    });

    it('refuses MAC when the usage mask lacks MACGenerate, and MACVerify when it lacks MACVerify', () => {
      const verifyOnly = importHmac('verify-only', 'HMACSHA256', KEY, USAGE.MACVerify);
      const generateOnly = importHmac('generate-only', 'HMACSHA256', KEY, USAGE.MACGenerate);
      fx.callError(macRequest(verifyOnly, DATA), 'Incompatible_Cryptographic_Usage_Mask');
      const mac = macOf(generateOnly);
      fx.callError(macVerifyRequest(generateOnly, DATA, mac), 'Incompatible_Cryptographic_Usage_Mask');
      assert.equal(verdict(verifyOnly, DATA, mac), 'Valid');
    });

    it('lets an Unrestricted usage mask MAC and verify', () => {
      const uid = importHmac('k', 'HMACSHA512', KEY, USAGE.Unrestricted);
      assert.equal(verdict(uid, DATA, macOf(uid)), 'Valid');
    });

    for (const [state, revocation] of [['Deactivated', 'retired'], ['Compromised', { code: 'KeyCompromise', occurred: 1_700_000_000_000n }]] as const) {
      it(`still verifies with a revoked (${state}) key but no longer MACs`, () => {
        const uid = importHmac('k');
        const mac = macOf(uid);
        fx.call(revokeRequest(uid, revocation));
        fx.callError(macRequest(uid, DATA), 'Item_Not_Found');
        assert.equal(verdict(uid, DATA, mac), 'Valid');
        assert.equal(verdict(uid, flipBit(DATA), mac), 'Invalid');
      });
    }

    it('neither MACs nor verifies with a destroyed key', () => {
      const uid = importHmac('k');
      const mac = macOf(uid);
      fx.call(revokeRequest(uid));
      fx.call(destroyRequest(uid));
      fx.callError(macRequest(uid, DATA), 'Item_Not_Found');
      fx.callError(macVerifyRequest(uid, DATA, mac), 'Item_Not_Found');
    });

    it('reports an unknown key, or another user\'s key, as Item_Not_Found', () => {
      const uid = importHmac('k');
      fx.callError(macRequest('nope', DATA), 'Item_Not_Found');
      fx.callError(macRequest(uid, DATA), 'Item_Not_Found', 'someone-else');
      fx.callError(macVerifyRequest(uid, DATA, new Uint8Array(32)), 'Item_Not_Found', 'someone-else');
    });

    it('refuses streaming MAC and MACVerify as Feature_Not_Supported', () => {
      const uid = importHmac('k');
      fx.callError(macRequest(uid, DATA, { init: true, final: false }), 'Feature_Not_Supported');
      fx.callError(macVerifyRequest(uid, DATA, new Uint8Array(32), { init: false, final: true }), 'Feature_Not_Supported');
      assert.equal(verdict(uid, DATA, macOf(uid, DATA, { init: true, final: true })), 'Valid');
    });

    it('refuses a MACVerify without MACData as Invalid_Message', () => {
      const uid = importHmac('k');
      fx.callError(struct('MACVerify', [text('UniqueIdentifier', uid), bytes('Data', DATA)]), 'Invalid_Message');
    });

    it('MACs empty data', () => {
      const uid = importHmac('k');
      const mac = macOf(uid, new Uint8Array(0));
      assert.equal(mac.length, 32);
      assert.equal(verdict(uid, new Uint8Array(0), mac), 'Valid');
    });
  });
}
