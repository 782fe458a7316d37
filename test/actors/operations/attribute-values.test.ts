import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, enumeration, int, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import {
  deleteAttributeRequest, setAttributeRequest, structField, tagAttribute, textField,
} from '../../helpers/kmip-requests.js';
import { deleteByReferenceRequest, enumField, longField, tagsOfAttributes, vendorAttribute, vendorValues } from '../helpers.js';
import { addAttributeRequest, attributesOf, modifyAttributeRequest, nameAttribute as name } from '../attribute-helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const getAttributeListRequest = (uid: string): TtlvNode => struct('GetAttributeList', [text('UniqueIdentifier', uid)]);

const nameValues = (attrs: TtlvStructure): string[] =>
  attrs.value.filter((a) => a.tag === 'Name').map((n) => (n.type === 'Structure' ? textField(n, 'NameValue') : ''));

const textValues = (attrs: TtlvStructure, tag: string): string[] =>
  attrs.value.flatMap((a) => (a.tag === tag && a.type === 'TextString' ? [a.value] : []));

for (const kind of STORE_KINDS) {
  describe(`AddAttribute, ModifyAttribute, multi-valued attributes and GetAttributeList (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const attributes = (uid: string, refs: readonly string[] = []): TtlvStructure => attributesOf(fx, uid, refs);

    describe('single-valued text attributes', () => {
      for (const tag of ['Comment', 'Description', 'ContactInformation']) {
        it(`adds, reads, modifies, sets and deletes ${tag}`, () => {
          const uid = fx.create();
          assert.equal(fx.call(addAttributeRequest(uid, text(tag, 'one'))).tag, 'AddAttributeResponse');
          assert.deepEqual(textValues(attributes(uid, [tag]), tag), ['one']);
          const err = fx.callError(addAttributeRequest(uid, text(tag, 'two')), 'Invalid_Field');
          assert.match(err.message, /already has/);
          const res = fx.call(modifyAttributeRequest(uid, text(tag, 'two')));
          assert.equal(res.tag, 'ModifyAttributeResponse');
          assert.equal(textField(res, 'UniqueIdentifier'), uid);
          assert.deepEqual(textValues(attributes(uid), tag), ['two']);
          fx.call(setAttributeRequest(uid, text(tag, 'three')));
          assert.deepEqual(textValues(attributes(uid), tag), ['three']);
          fx.call(deleteAttributeRequest(uid, text(tag, 'whatever')));
          assert.deepEqual(textValues(attributes(uid), tag), []);
          fx.callError(modifyAttributeRequest(uid, text(tag, 'four')), 'Attribute_Not_Found');
        });
      }

      it('checks the types of the attributes it interprets', () => {
        const uid = fx.create();
        fx.callError(setAttributeRequest(uid, int('Comment', 3)), 'Invalid_Message');
        fx.callError(addAttributeRequest(uid, text('Sensitive', 'yes')), 'Invalid_Message');
        fx.callError(setAttributeRequest(uid, text('DeactivationDate', 'soon')), 'Invalid_Message');
        fx.callError(addAttributeRequest(uid, name('')), 'Invalid_Attribute_Value');
        fx.callError(addAttributeRequest(uid, struct('Name', [text('NameValue', 'n'), enumeration('NameType', 'Nickname')])), 'Invalid_Attribute_Value');
      });

      it('keeps CryptographicParameters and CompromiseOccurrenceDate as given', () => {
        const uid = fx.create();
        fx.call(addAttributeRequest(uid, struct('CryptographicParameters', [enumeration('BlockCipherMode', 'GCM')])));
        fx.call(setAttributeRequest(uid, long('CompromiseOccurrenceDate', 1_600_000_000_000n)));
        const attrs = attributes(uid, ['CryptographicParameters', 'CompromiseOccurrenceDate']);
        assert.equal(enumField(structField(attrs, 'CryptographicParameters'), 'BlockCipherMode'), 'GCM');
        assert.equal(longField(attrs, 'CompromiseOccurrenceDate'), 1_600_000_000_000n);
        fx.callError(addAttributeRequest(uid, int('CryptographicUsageMask', 4)), 'Invalid_Field');
      });

      it('refuses a ModifyAttribute whose CurrentAttribute is another attribute', () => {
        const uid = fx.create();
        fx.call(addAttributeRequest(uid, text('Comment', 'c')));
        fx.callError(modifyAttributeRequest(uid, text('Comment', 'd'), text('Description', 'c')), 'Invalid_Field');
      });
    });

    describe('multi-valued attributes', () => {
      it('adds, modifies and deletes single Name values', () => {
        const uid = fx.create();
        fx.call(addAttributeRequest(uid, name('alpha', 'UninterpretedTextString')));
        fx.call(addAttributeRequest(uid, name('beta', 'URI')));
        assert.deepEqual(nameValues(attributes(uid, ['Name'])), ['alpha', 'beta']);
        fx.callError(addAttributeRequest(uid, name('alpha', 'UninterpretedTextString')), 'Invalid_Field');
        fx.callError(modifyAttributeRequest(uid, name('gamma')), 'Invalid_Field');
        fx.callError(modifyAttributeRequest(uid, name('gamma'), name('nope')), 'Attribute_Not_Found');
        fx.call(modifyAttributeRequest(uid, name('gamma', 'URI'), name('beta')));
        assert.deepEqual(nameValues(attributes(uid)), ['alpha', 'gamma']);
        fx.call(deleteAttributeRequest(uid, name('alpha')));
        assert.deepEqual(nameValues(attributes(uid)), ['gamma']);
        fx.callError(deleteAttributeRequest(uid, name('alpha')), 'Attribute_Not_Found');
        fx.call(modifyAttributeRequest(uid, name('delta')));
        assert.deepEqual(nameValues(attributes(uid)), ['delta']);
      });

      it('replaces every Name on SetAttribute and removes them all by reference', () => {
        const uid = fx.create();
        fx.call(addAttributeRequest(uid, name('a')));
        fx.call(addAttributeRequest(uid, name('b')));
        fx.call(setAttributeRequest(uid, name('only')));
        assert.deepEqual(nameValues(attributes(uid, ['Name'])), ['only']);
        fx.call(addAttributeRequest(uid, name('second')));
        fx.call(deleteByReferenceRequest(uid, ['Name']));
        assert.deepEqual(nameValues(attributes(uid)), []);
        fx.callError(deleteByReferenceRequest(uid, ['Name']), 'Attribute_Not_Found');
      });

      it('holds several ObjectGroup values', () => {
        const uid = fx.create();
        fx.call(addAttributeRequest(uid, text('ObjectGroup', 'payments')));
        fx.call(addAttributeRequest(uid, text('ObjectGroup', 'eu')));
        assert.deepEqual(textValues(attributes(uid, ['ObjectGroup']), 'ObjectGroup'), ['payments', 'eu']);
        fx.call(modifyAttributeRequest(uid, text('ObjectGroup', 'us'), text('ObjectGroup', 'eu')));
        fx.call(deleteAttributeRequest(uid, text('ObjectGroup', 'payments')));
        assert.deepEqual(textValues(attributes(uid), 'ObjectGroup'), ['us']);
      });

      it('adds and removes links one at a time', () => {
        const uid = fx.create();
        const other = fx.create();
        const link = (type: string, id: string): TtlvNode => struct('Link', [enumeration('LinkType', type), text('LinkedObjectIdentifier', id)]);
        fx.call(addAttributeRequest(uid, link('ParentLink', other)));
        fx.call(addAttributeRequest(uid, link('ChildLink', other)));
        fx.callError(addAttributeRequest(uid, link('ParentLink', other)), 'Invalid_Field');
        const links = structField(attributes(uid, ['Link']), 'Link');
        assert.deepEqual(links.value.map((l) => (l.type === 'Structure' ? enumField(l, 'LinkType') : '')), ['ParentLink', 'ChildLink']);
        fx.call(deleteAttributeRequest(uid, link('ParentLink', other)));
        const left = structField(attributes(uid, ['Link']), 'Link');
        assert.deepEqual(left.value.map((l) => (l.type === 'Structure' ? enumField(l, 'LinkType') : '')), ['ChildLink']);
        fx.callError(addAttributeRequest(uid, struct('Link', [text('LinkedObjectIdentifier', other)])), 'Invalid_Message');
      });

      it('adds tags to the user tags and swaps the ones CurrentAttribute names', () => {
        const uid = fx.create({ tags: ['a'] });
        fx.call(addAttributeRequest(uid, tagAttribute(['b', 'c'])));
        assert.deepEqual(tagsOfAttributes(attributes(uid))?.sort(), ['_kk', 'a', 'b', 'c']);
        fx.call(modifyAttributeRequest(uid, tagAttribute(['z']), tagAttribute(['b'])));
        assert.deepEqual(tagsOfAttributes(attributes(uid))?.sort(), ['_kk', 'a', 'c', 'z']);
        fx.callError(modifyAttributeRequest(uid, tagAttribute(['y']), tagAttribute(['missing'])), 'Attribute_Not_Found');
        fx.callError(addAttributeRequest(uid, tagAttribute(['_sk'])), 'Invalid_Attribute_Value');
      });

      it('adds a vendor attribute once and modifies it in place', () => {
        const uid = fx.create();
        fx.call(addAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('red'))));
        fx.callError(addAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('blue'))), 'Invalid_Field');
        fx.call(modifyAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('blue'))));
        assert.equal(Buffer.from(vendorValues(attributes(uid)).get('acme/color') ?? []).toString(), 'blue');
        fx.callError(modifyAttributeRequest(uid, vendorAttribute('acme', 'size', Buffer.from('L'))), 'Attribute_Not_Found');
      });
    });

    describe('GetAttributeList', () => {
      it('names each attribute once, State included, vendor attributes by vendor and name', () => {
        const uid = fx.create({ tags: ['t'] });
        fx.call(addAttributeRequest(uid, name('one')));
        fx.call(addAttributeRequest(uid, name('two')));
        fx.call(addAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('red'))));
        const res = fx.call(getAttributeListRequest(uid));
        assert.equal(res.tag, 'GetAttributeListResponse');
        assert.equal(textField(res, 'UniqueIdentifier'), uid);
        const refs = res.value.filter((c) => c.tag === 'AttributeReference');
        const standard = refs.flatMap((r) => (r.type === 'Enumeration' ? [String(r.value)] : []));
        const vendor = refs.flatMap((r) => (r.type === 'Structure' ? [`${textField(r, 'VendorIdentification')}/${textField(r, 'AttributeName')}`] : []));
        for (const tag of ['UniqueIdentifier', 'ObjectType', 'CryptographicAlgorithm', 'CryptographicLength', 'State', 'Name', 'LastChangeDate']) {
          assert.ok(standard.includes(tag), `${tag} missing from ${standard.join(',')}`);
        }
        assert.equal(standard.filter((t) => t === 'Name').length, 1);
        assert.ok(!standard.includes('VendorAttributes'));
        assert.deepEqual(vendor.sort(), ['acme/color', 'cosmian/tag']);
        assert.equal(refs.length, standard.length + vendor.length);
      });

      it('follows deletions and hides unknown or foreign objects', () => {
        const uid = fx.create();
        fx.call(addAttributeRequest(uid, text('Comment', 'c')));
        const list = (): string[] => fx.call(getAttributeListRequest(uid)).value.flatMap((r) => (r.type === 'Enumeration' ? [String(r.value)] : []));
        assert.ok(list().includes('Comment'));
        fx.call(deleteByReferenceRequest(uid, ['Comment']));
        assert.ok(!list().includes('Comment'));
        fx.callError(getAttributeListRequest('nope'), 'Item_Not_Found');
        fx.callError(getAttributeListRequest(fx.create({}, 'bob')), 'Item_Not_Found');
        fx.call(addAttributeRequest(uid, struct('VendorAttributes', [struct('VendorAttributes', [text('VendorIdentification', 'x'), text('AttributeName', 'y'), bytes('AttributeValue', new Uint8Array([1]))])])));
        assert.ok(fx.call(getAttributeListRequest(uid)).value.some((r) => r.type === 'Structure' && textField(r, 'VendorIdentification') === 'x'));
      });
    });
  });
}
