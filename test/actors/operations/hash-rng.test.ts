import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bool, bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { bytesField, structField } from '../../helpers/kmip-requests.js';
import { batchRequest, enumField, hexOf, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const ABC = Buffer.from('abc', 'utf8');

// Published digests of "abc": FIPS 180-4 examples (SHA-2) and FIPS 202 examples (SHA-3).
const ABC_DIGESTS: readonly (readonly [string, string])[] = [
  ['SHA256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['SHA384', 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
  ['SHA512', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
  ['SHA3256', '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532'],
  ['SHA3384', 'ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25'],
  ['SHA3512', 'b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0'],
];

/** Optional Hash request fields. */
interface HashOptions {
  readonly init?: boolean;
  readonly final?: boolean;
  readonly correlation?: Uint8Array;
}

/** A Hash request; a null algorithm sends CryptographicParameters without a HashingAlgorithm. */
function hashRequest(algorithm: string | null, data: Uint8Array | undefined, o: HashOptions = {}): TtlvNode {
  return struct('Hash', [
    struct('CryptographicParameters', [algorithm === null ? undefined : enumeration('HashingAlgorithm', algorithm)]),
    data === undefined ? undefined : bytes('Data', data),
    o.correlation === undefined ? undefined : bytes('CorrelationValue', o.correlation),
    o.init === undefined ? undefined : bool('InitIndicator', o.init),
    o.final === undefined ? undefined : bool('FinalIndicator', o.final),
  ]);
}

/** An RNGRetrieve request. */
function rngRequest(length: number): TtlvNode {
  return struct('RNGRetrieve', [int('DataLength', length)]);
}

for (const kind of STORE_KINDS) {
  describe(`Hash and RNGRetrieve (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const digestOf = (algorithm: string, data: Uint8Array): string => {
      const res = fx.call(hashRequest(algorithm, data));
      assert.equal(res.tag, 'HashResponse');
      return hexOf(bytesField(res, 'Data')).toLowerCase();
    };

    for (const [algorithm, expected] of ABC_DIGESTS) {
      it(`hashes "abc" with ${algorithm} to the published digest`, () => {
        assert.equal(digestOf(algorithm, ABC), expected);
      });
    }

    it('hashes empty data to the well-known SHA-256 of the empty string', () => {
      assert.equal(digestOf('SHA256', new Uint8Array(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });

    it('answers Hash with only Data when no CorrelationValue was sent', () => {
      assert.deepEqual(tagsIn(fx.call(hashRequest('SHA256', ABC))), ['Data']);
    });

    it('echoes a CorrelationValue back', () => {
      const res = fx.call(hashRequest('SHA256', ABC, { correlation: Buffer.from('c1') }));
      assert.deepEqual(tagsIn(res), ['Data', 'CorrelationValue']);
      assert.equal(hexOf(bytesField(res, 'CorrelationValue')), hexOf(Buffer.from('c1')));
    });

    it('accepts a one-shot request that sets both InitIndicator and FinalIndicator', () => {
      const res = fx.call(hashRequest('SHA256', ABC, { init: true, final: true }));
      assert.equal(hexOf(bytesField(res, 'Data')).toLowerCase(), ABC_DIGESTS[0]?.[1]);
    });

    for (const [init, final] of [[true, false], [false, true], [false, false], [true, undefined]] as const) {
      it(`refuses streaming (InitIndicator ${String(init)}, FinalIndicator ${String(final)}) as Feature_Not_Supported`, () => {
        fx.callError(hashRequest('SHA256', ABC, { init, ...(final === undefined ? {} : { final }) }), 'Feature_Not_Supported');
      });
    }

    for (const algorithm of ['MD5', 'SHA1', 'SHA224', 'SHA512256', 'RIPEMD160']) {
      it(`refuses the known but unsupported ${algorithm} as Unsupported_Cryptographic_Parameters`, () => {
        fx.callError(hashRequest(algorithm, ABC), 'Unsupported_Cryptographic_Parameters');
      });
    }

    it('refuses a HashingAlgorithm name KMIP does not define as Invalid_Field', () => {
      fx.callError(hashRequest('SHA999', ABC), 'Invalid_Field');
    });

    it('refuses a Hash without HashingAlgorithm, without CryptographicParameters or without Data as Invalid_Message', () => {
      fx.callError(hashRequest(null, ABC), 'Invalid_Message');
      fx.callError(struct('Hash', [bytes('Data', ABC)]), 'Invalid_Message');
      fx.callError(hashRequest('SHA256', undefined), 'Invalid_Message');
    });

    for (const length of [1, 32, 65536]) {
      it(`returns exactly ${length} random bytes when asked for ${length}`, () => {
        const res = fx.call(rngRequest(length));
        assert.equal(res.tag, 'RNGRetrieveResponse');
        assert.deepEqual(tagsIn(res), ['Data']);
        assert.equal(bytesField(res, 'Data').length, length);
      });
    }

    it('returns different bytes on every call', () => {
      const a = bytesField(fx.call(rngRequest(32)), 'Data');
      const b = bytesField(fx.call(rngRequest(32)), 'Data');
      assert.notEqual(hexOf(a), hexOf(b));
    });

    for (const length of [0, -1, 65537, 1 << 30]) {
      it(`refuses a DataLength of ${length} as Invalid_Field`, () => {
        fx.callError(rngRequest(length), 'Invalid_Field');
      });
    }

    it('refuses an RNGRetrieve without DataLength as Invalid_Message', () => {
      fx.callError(struct('RNGRetrieve', []), 'Invalid_Message');
      fx.callError(struct('RNGRetrieve', [text('DataLength', '32')]), 'Invalid_Message');
    });

    it('runs Hash then RNGRetrieve in one Message batch', () => {
      const res = fx.call(batchRequest([{ request: hashRequest('SHA384', ABC) }, { request: rngRequest(48) }]));
      const holder = structField(res, 'Items');
      const items = holder.value.filter((i): i is TtlvStructure => i.type === 'Structure');
      assert.deepEqual(items.map((i) => enumField(i, 'Operation')), ['Hash', 'RNGRetrieve']);
      assert.deepEqual(items.map((i) => enumField(i, 'ResultStatus')), ['Success', 'Success']);
      const [hashed, random] = items;
      assert.ok(hashed !== undefined && random !== undefined);
      assert.equal(hexOf(bytesField(structField(hashed, 'ResponsePayload'), 'Data')).toLowerCase(), ABC_DIGESTS[1]?.[1]);
      assert.equal(bytesField(structField(random, 'ResponsePayload'), 'Data').length, 48);
    });
  });
}
