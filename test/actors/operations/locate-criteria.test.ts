import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bool, enumeration, int, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, START_TIME, STORE_KINDS } from '../actor-fixture.js';
import { destroyRequest, revokeRequest, setAttributeRequest, tagAttribute } from '../../helpers/kmip-requests.js';
import { locateResult } from '../helpers.js';
import { addAttributeRequest, nameAttribute as name } from '../attribute-helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

/** A Locate with the Attributes given verbatim. */
const locateWith = (attributes: readonly TtlvNode[], paging: { max?: number; offset?: number } = {}): TtlvNode =>
  struct('Locate', [
    paging.max === undefined ? undefined : int('MaximumItems', paging.max),
    paging.offset === undefined ? undefined : int('OffsetItems', paging.offset),
    struct('Attributes', attributes),
  ]);

const sorted = (ids: readonly string[] | undefined): string[] => [...(ids ?? [])].sort();

for (const kind of STORE_KINDS) {
  describe(`Locate by the attribute surface (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const locate = (attributes: readonly TtlvNode[], paging: { max?: number; offset?: number } = {}, user?: string): { located: number; ids: string[] | undefined } =>
      locateResult(user === undefined ? fx.call(locateWith(attributes, paging)) : fx.call(locateWith(attributes, paging), user));

    it('finds by NameValue, every given Name having to match, whatever the NameType', () => {
      const both = fx.create();
      const one = fx.create();
      fx.create();
      fx.call(addAttributeRequest(both, name('billing', 'URI')));
      fx.call(addAttributeRequest(both, name('eu')));
      fx.call(addAttributeRequest(one, name('billing')));
      assert.deepEqual(sorted(locate([name('billing')]).ids), sorted([both, one]));
      assert.deepEqual(locate([name('billing'), name('eu')]), { located: 1, ids: [both] });
      assert.equal(locate([name('nobody')]).located, 0);
      fx.callError(locateWith([struct('Name', [enumeration('NameType', 'URI')])]), 'Invalid_Field');
    });

    it('finds by ObjectGroup, together with SQL-side tags', () => {
      const a = fx.create({ tags: ['x'] });
      const b = fx.create();
      fx.call(addAttributeRequest(a, text('ObjectGroup', 'payments')));
      fx.call(addAttributeRequest(b, text('ObjectGroup', 'payments')));
      assert.deepEqual(sorted(locate([text('ObjectGroup', 'payments')]).ids), sorted([a, b]));
      assert.deepEqual(locate([text('ObjectGroup', 'payments'), tagAttribute(['x'])]), { located: 1, ids: [a] });
      assert.equal(locate([text('ObjectGroup', 'hr')]).located, 0);
    });

    it('finds Active objects by default and the states named by State otherwise', () => {
      const active = fx.create();
      const revoked = fx.create();
      const destroyed = fx.create();
      fx.call(revokeRequest(revoked));
      fx.call(revokeRequest(destroyed));
      fx.call(destroyRequest(destroyed));
      assert.deepEqual(locate([]).ids, [active]);
      assert.deepEqual(locate([enumeration('State', 'Deactivated')]), { located: 1, ids: [revoked] });
      assert.deepEqual(sorted(locate([enumeration('State', 'Deactivated'), enumeration('State', 'Active')]).ids), sorted([active, revoked]));
      assert.deepEqual(locate([enumeration('State', 'Destroyed')]).ids, [destroyed]);
      fx.callError(locateWith([enumeration('State', 'Sleeping')]), 'Invalid_Field');
    });

    it('finds by usage mask: every requested bit set', () => {
      const both = fx.create({ usageMask: 0x4 | 0x8 });
      const enc = fx.create({ usageMask: 0x4 });
      fx.create({ usageMask: 0x8 });
      assert.deepEqual(sorted(locate([int('CryptographicUsageMask', 0x4)]).ids), sorted([both, enc]));
      assert.deepEqual(locate([int('CryptographicUsageMask', 0x4 | 0x8)]).ids, [both]);
      assert.equal(locate([int('CryptographicUsageMask', 0x10)]).located, 0);
    });

    it('finds by Link, Comment and Extractable', () => {
      const a = fx.create();
      const b = fx.create();
      const link = struct('Link', [enumeration('LinkType', 'ParentLink'), text('LinkedObjectIdentifier', b)]);
      fx.call(addAttributeRequest(a, link));
      fx.call(addAttributeRequest(b, text('Comment', 'rotate yearly')));
      fx.call(setAttributeRequest(b, bool('Extractable', false)));
      assert.deepEqual(locate([link]).ids, [a]);
      assert.deepEqual(locate([text('Comment', 'rotate yearly')]).ids, [b]);
      assert.deepEqual(locate([bool('Extractable', false)]).ids, [b]);
      assert.deepEqual(locate([bool('Extractable', true)]).ids, [a]);
    });

    it('matches one date instance exactly', () => {
      const a = fx.create();
      const b = fx.create();
      const at = START_TIME + 60_000;
      fx.call(setAttributeRequest(a, long('DeactivationDate', BigInt(at))));
      fx.call(setAttributeRequest(b, long('DeactivationDate', BigInt(at + 1))));
      assert.deepEqual(locate([long('DeactivationDate', BigInt(at))]), { located: 1, ids: [a] });
      assert.deepEqual(locate([{ tag: 'DeactivationDate', type: 'DateTime', value: new Date(at) }]).ids, [a]);
      assert.equal(locate([long('DeactivationDate', BigInt(at - 1))]).located, 0);
    });

    it('matches two date instances as an inclusive range, paging over the matches', () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        ids.push(fx.create({ tags: ['dated'] }));
        fx.advance(1_000);
      }
      const range = (from: number, to: number): TtlvNode[] => [long('InitialDate', BigInt(START_TIME + from)), long('InitialDate', BigInt(START_TIME + to))];
      assert.deepEqual(locate(range(1_000, 4_000)), { located: 4, ids: ids.slice(1, 5) });
      assert.deepEqual(locate(range(1_000, 4_000), { max: 2 }), { located: 4, ids: ids.slice(1, 3) });
      assert.deepEqual(locate(range(1_000, 4_000), { max: 2, offset: 3 }), { located: 4, ids: ids.slice(4, 5) });
      assert.deepEqual(locate(range(1_000, 4_000), { offset: 9 }), { located: 4, ids: undefined });
      assert.deepEqual(locate([...range(0, 10_000), tagAttribute(['dated'])], { max: 0 }), { located: 6, ids: undefined });
      assert.deepEqual(locate([{ tag: 'InitialDate', type: 'DateTime', value: new Date(START_TIME + 2_000) }]).ids, [ids[2]]);
      fx.callError(locateWith([...range(0, 1), long('InitialDate', 5n)]), 'Invalid_Field');
    });

    it('finds by LastChangeDate range after attribute changes', () => {
      const a = fx.create();
      const b = fx.create();
      fx.advance(10_000);
      fx.call(setAttributeRequest(b, text('Comment', 'touched')));
      const since = [long('LastChangeDate', BigInt(START_TIME + 5_000)), long('LastChangeDate', BigInt(START_TIME + 20_000))];
      assert.deepEqual(locate(since).ids, [b]);
      assert.deepEqual(locate([long('LastChangeDate', BigInt(START_TIME))]).ids, [a]);
    });

    it("keeps other users' objects out of attribute-checked results", () => {
      const mine = fx.create();
      const bobs = fx.create({}, 'bob');
      fx.call(addAttributeRequest(mine, name('shared')));
      fx.call(addAttributeRequest(bobs, name('shared')), 'bob');
      assert.deepEqual(locate([name('shared')]), { located: 1, ids: [mine] });
      assert.deepEqual(locate([name('shared')], {}, 'bob'), { located: 1, ids: [bobs] });
      assert.equal(locate([name('shared')], {}, 'carol').located, 0);
    });
  });
}
