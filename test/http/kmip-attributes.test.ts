/**
 * Attributes and Locate through the real HTTP endpoint, in both database types: GetAttributes,
 * GetAttributeList, SetAttribute, AddAttribute, ModifyAttribute and DeleteAttribute, and Locate
 * by tag, Name, ObjectGroup, State and InitialDate range, each with its refusals.
 * @module
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { deleteAttributeRequest, getAttributesRequest, intField, revokeRequest, setAttributeRequest, structField, tagAttribute, textField } from '../helpers/kmip-requests.js';
import { enumeration, int, long, struct, text } from '../../src/kmip/ttlv/build.js';
import { createWith, enumName, kmipModes, locatedIds, MODES, uidOf, type KmipClient } from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();

const aes = (...more: (TtlvNode | undefined)[]): TtlvNode => createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), ...more]);
const nameNode = (value: string): TtlvNode => struct('Name', [text('NameValue', value), enumeration('NameType', 'UninterpretedTextString')]);
const addRequest = (uid: string, attribute: TtlvNode): TtlvNode => struct('AddAttribute', [text('UniqueIdentifier', uid), struct('NewAttribute', [attribute])]);
const modifyRequest = (uid: string, attribute: TtlvNode, current?: TtlvNode): TtlvNode =>
  struct('ModifyAttribute', [text('UniqueIdentifier', uid), current === undefined ? undefined : struct('CurrentAttribute', [current]), struct('NewAttribute', [attribute])]);
const deleteByReference = (uid: string, tag: string): TtlvNode =>
  struct('DeleteAttribute', [text('UniqueIdentifier', uid), struct('AttributeReferences', [enumeration('AttributeReferences', tag)])]);
const listRequest = (uid: string): TtlvNode => struct('GetAttributeList', [text('UniqueIdentifier', uid)]);
const locateWith = (attributes: readonly (TtlvNode | undefined)[], extra: readonly TtlvNode[] = []): TtlvNode => struct('Locate', [...extra, struct('Attributes', attributes)]);

/** The NameValues of an Attributes structure. */
const namesIn = (attrs: TtlvStructure): string[] => attrs.value.filter((a) => a.tag === 'Name').map((n) => (n.type === 'Structure' ? textField(n, 'NameValue') : ''));
/** The TextString values of an attribute. */
const textsIn = (attrs: TtlvStructure, tag: string): string[] => attrs.value.filter((a) => a.tag === tag).map((n) => (n.type === 'TextString' ? n.value : ''));

for (const mode of MODES) {
  describe(`GetAttributes, GetAttributeList and the attribute-changing operations over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const attributes = async (uid: string, refs: readonly string[] = []): Promise<TtlvStructure> => {
      const res = await c().call(getAttributesRequest(uid, refs));
      assert.equal(res.tag, 'GetAttributesResponse');
      assert.equal(uidOf(res), uid);
      return structField(res, 'Attributes');
    };

    it('returns every attribute, or just the referenced ones with State', async () => {
      const uid = uidOf(await c().call(aes(tagAttribute(['attrs']))));
      const all = await attributes(uid);
      assert.equal(enumName(all, 'CryptographicAlgorithm'), 'AES');
      assert.equal(intField(all, 'CryptographicLength'), 256);
      assert.equal(intField(all, 'CryptographicUsageMask'), 2108);
      const picked = await attributes(uid, ['CryptographicLength', 'State']);
      assert.deepEqual(picked.value.map((a) => a.tag).sort(), ['CryptographicLength', 'State']);
      assert.equal(enumName(picked, 'State'), 'Active');
    });

    it('lists the attribute names an object has, State and the tag vendor attribute included', async () => {
      const uid = uidOf(await c().call(aes(tagAttribute(['listed']))));
      const res = await c().call(listRequest(uid));
      assert.equal(res.tag, 'GetAttributeListResponse');
      assert.equal(uidOf(res), uid);
      const refs = res.value.filter((n) => n.tag === 'AttributeReference');
      const names = refs.flatMap((n) => (n.type === 'Enumeration' ? [String(n.value)] : []));
      for (const name of ['CryptographicAlgorithm', 'CryptographicLength', 'ObjectType', 'State', 'InitialDate']) assert.ok(names.includes(name), `${name} is not listed`);
      const vendors = refs.flatMap((n) => (n.type === 'Structure' ? [`${textField(n, 'VendorIdentification')}/${textField(n, 'AttributeName')}`] : []));
      assert.ok(vendors.includes('cosmian/tag'), JSON.stringify(vendors));
    });

    it('refuses GetAttributes and GetAttributeList for unknown objects or without an identifier', async () => {
      await c().callError(getAttributesRequest('no-such-key'), 'Item_Not_Found');
      await c().callError(listRequest('no-such-key'), 'Item_Not_Found');
      await c().callError(struct('GetAttributeList', []), 'Invalid_Message');
    });

    it('sets an attribute (replacing it), and refuses attributes the server owns', async () => {
      const uid = uidOf(await c().call(aes()));
      const res = await c().call(setAttributeRequest(uid, int('CryptographicUsageMask', 12)));
      assert.equal(res.tag, 'SetAttributeResponse');
      assert.equal(intField(await attributes(uid, ['CryptographicUsageMask']), 'CryptographicUsageMask'), 12);
      await c().call(setAttributeRequest(uid, text('Comment', 'first')));
      await c().call(setAttributeRequest(uid, text('Comment', 'second')));
      assert.deepEqual(textsIn(await attributes(uid), 'Comment'), ['second']);
      await c().callError(setAttributeRequest(uid, enumeration('CryptographicAlgorithm', 'ChaCha20')), 'Attribute_Read_Only');
      await c().callError(setAttributeRequest(uid, enumeration('State', 'Active')), 'Attribute_Read_Only');
      await c().callError(setAttributeRequest('no-such-key', text('Comment', 'x')), 'Item_Not_Found');
    });

    it('adds Name and ObjectGroup values, and refuses a duplicate, a malformed Name and a second single value', async () => {
      const uid = uidOf(await c().call(aes()));
      const res = await c().call(addRequest(uid, nameNode('alpha')));
      assert.equal(res.tag, 'AddAttributeResponse');
      await c().call(addRequest(uid, nameNode('beta')));
      await c().call(addRequest(uid, text('ObjectGroup', 'payments')));
      const attrs = await attributes(uid);
      assert.deepEqual(namesIn(attrs).sort(), ['alpha', 'beta']);
      assert.deepEqual(textsIn(attrs, 'ObjectGroup'), ['payments']);
      await c().callError(addRequest(uid, nameNode('alpha')), 'Invalid_Field');
      await c().callError(addRequest(uid, struct('Name', [text('NameValue', 'x'), enumeration('NameType', 'Nickname')])), 'Invalid_Attribute_Value');
      await c().callError(addRequest(uid, int('CryptographicUsageMask', 4)), 'Invalid_Field');
    });

    it('modifies the Name CurrentAttribute names, and refuses values the object lacks', async () => {
      const uid = uidOf(await c().call(aes()));
      await c().call(addRequest(uid, nameNode('old-1')));
      await c().call(addRequest(uid, nameNode('old-2')));
      const res = await c().call(modifyRequest(uid, nameNode('new-2'), nameNode('old-2')));
      assert.equal(res.tag, 'ModifyAttributeResponse');
      assert.deepEqual(namesIn(await attributes(uid)).sort(), ['new-2', 'old-1']);
      await c().callError(modifyRequest(uid, nameNode('x'), nameNode('never-there')), 'Attribute_Not_Found');
      await c().callError(modifyRequest(uid, nameNode('x')), 'Invalid_Field');
      await c().callError(modifyRequest(uid, text('Description', 'd')), 'Attribute_Not_Found');
      await c().callError(modifyRequest(uid, int('CryptographicLength', 128)), 'Attribute_Read_Only');
    });

    it('deletes a Name by value and an ObjectGroup by reference, and refuses what is absent or read-only', async () => {
      const uid = uidOf(await c().call(aes()));
      await c().call(addRequest(uid, nameNode('keep')));
      await c().call(addRequest(uid, nameNode('drop')));
      await c().call(addRequest(uid, text('ObjectGroup', 'g')));
      const res = await c().call(deleteAttributeRequest(uid, nameNode('drop')));
      assert.equal(res.tag, 'DeleteAttributeResponse');
      await c().call(deleteByReference(uid, 'ObjectGroup'));
      const attrs = await attributes(uid);
      assert.deepEqual(namesIn(attrs), ['keep']);
      assert.deepEqual(textsIn(attrs, 'ObjectGroup'), []);
      await c().callError(deleteAttributeRequest(uid, nameNode('drop')), 'Attribute_Not_Found');
      await c().callError(deleteByReference(uid, 'Comment'), 'Attribute_Not_Found');
      await c().callError(deleteByReference(uid, 'CryptographicAlgorithm'), 'Attribute_Read_Only');
    });
  });

  describe(`Locate over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const tag = `locate-${mode}`;
    const ids: string[] = [];
    // Each object's InitialDate as the server recorded it, so date ranges need no pauses between creations.
    const initialDates: bigint[] = [];
    before(async () => {
      const create = async (...more: TtlvNode[]): Promise<string> => uidOf(await c().call(aes(tagAttribute([tag]), ...more)));
      ids.push(await create(nameNode(`first-${mode}`)));
      ids.push(await create(text('ObjectGroup', `group-${mode}`)));
      ids.push(await create(text('ObjectGroup', `group-${mode}`), nameNode(`third-${mode}`)));
      ids.push(await create());
      for (const id of ids) {
        const attrs = structField(await c().call(getAttributesRequest(id, ['InitialDate'])), 'Attributes');
        const date = attrs.value.find((n) => n.tag === 'InitialDate');
        initialDates.push(date?.type === 'LongInteger' ? date.value : assert.fail('no InitialDate'));
      }
      await c().call(revokeRequest(ids[3] ?? ''));
    });
    const located = async (attributes: readonly (TtlvNode | undefined)[]): Promise<string[]> => (await locatedIdsOf(c(), attributes)).sort();
    const at = (i: number): string => ids[i] ?? assert.fail(`no object ${i}`);

    it('locates the Active objects carrying a tag, and nothing for a tag no object carries', async () => {
      assert.deepEqual(await located([tagAttribute([tag])]), [at(0), at(1), at(2)].sort());
      assert.deepEqual(await located([tagAttribute([`${tag}-none`])]), []);
    });

    it('locates by Name and by ObjectGroup', async () => {
      assert.deepEqual(await located([nameNode(`first-${mode}`)]), [at(0)]);
      assert.deepEqual(await located([nameNode(`third-${mode}`)]), [at(2)]);
      assert.deepEqual(await located([text('ObjectGroup', `group-${mode}`)]), [at(1), at(2)].sort());
      assert.deepEqual(await located([text('ObjectGroup', `group-${mode}`), nameNode(`first-${mode}`)]), []);
    });

    it('locates by State: the revoked object only when Deactivated is asked for', async () => {
      assert.deepEqual(await located([tagAttribute([tag]), enumeration('State', 'Deactivated')]), [at(3)]);
      assert.deepEqual(await located([tagAttribute([tag]), enumeration('State', 'Active'), enumeration('State', 'Deactivated')]), [...ids].sort());
    });

    it('locates by an InitialDate range (two instances, inclusive)', async () => {
      const from = initialDates[1] ?? 0n;
      const to = initialDates[2] ?? 0n;
      // Active objects (0 to 2) created within [from, to], by the dates the server itself reports.
      const expected = [0, 1, 2].filter((i) => (initialDates[i] ?? -1n) >= from && (initialDates[i] ?? -1n) <= to).map(at).sort();
      assert.ok(expected.includes(at(1)) && expected.includes(at(2)));
      assert.deepEqual(await located([tagAttribute([tag]), long('InitialDate', from), long('InitialDate', to)]), expected);
      assert.deepEqual(await located([tagAttribute([tag]), long('InitialDate', 0n), long('InitialDate', from - 60_000n)]), []);
      assert.deepEqual(await located([tagAttribute([tag]), long('InitialDate', to + 1n), long('InitialDate', to + 60_000n)]), [0, 1, 2].filter((i) => (initialDates[i] ?? 0n) > to).map(at).sort());
    });

    it('locates by object type and algorithm, and pages with MaximumItems while LocatedItems counts all', async () => {
      assert.deepEqual(await located([tagAttribute([tag]), enumeration('ObjectType', 'SymmetricKey'), enumeration('CryptographicAlgorithm', 'AES')]), [at(0), at(1), at(2)].sort());
      assert.deepEqual(await located([tagAttribute([tag]), enumeration('ObjectType', 'PrivateKey')]), []);
      const page = await c().call(locateWith([tagAttribute([tag])], [int('MaximumItems', 2)]));
      assert.equal(intField(page, 'LocatedItems'), 3);
      const list = page.value.find((n) => n.tag === 'UniqueIdentifier');
      assert.equal(list?.type === 'Structure' ? list.value.length : -1, 2);
    });

    it('refuses an unknown State, a negative MaximumItems, a Name without a value and a date given three times', async () => {
      await c().callError(locateWith([enumeration('State', 'Sleeping')]), 'Invalid_Field');
      await c().callError(locateWith([], [int('MaximumItems', -1)]), 'Invalid_Field');
      await c().callError(locateWith([struct('Name', [enumeration('NameType', 'URI')])]), 'Invalid_Field');
      await c().callError(locateWith([long('InitialDate', 1n), long('InitialDate', 2n), long('InitialDate', 3n)]), 'Invalid_Field');
    });
  });
}

async function locatedIdsOf(c: KmipClient, attributes: readonly (TtlvNode | undefined)[]): Promise<string[]> {
  return locatedIds(await c.call(locateWith(attributes)));
}
