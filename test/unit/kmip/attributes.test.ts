import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  attributeListOf, checkUserTags, enumAttribute, getAttribute, intAttribute, orderAttributes, parseTagValue, tagsOf, vendorAttributes,
  withAttribute, withoutAttribute, withoutTags, withTags, withVendorAttributes, TAG_ATTRIBUTE_NAME, TAG_VENDOR,
} from '../../../src/kmip/attributes.js';
import { bytes, enumeration, int, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';
import { kmipFailure } from '../../helpers/kmip-assert.js';


const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** One vendor attribute item (not wrapped in a list). */
function vendorItem(vendor: string, name: string, value: Uint8Array): TtlvNode {
  return struct('VendorAttributes', [text('VendorIdentification', vendor), text('AttributeName', name), bytes('AttributeValue', value)]);
}

/** The nested list form Cosmian writes. */
function vendorList(...items: TtlvNode[]): TtlvNode {
  return struct('VendorAttributes', items);
}

const tagItem = (tags: readonly string[]): TtlvNode => vendorItem('cosmian', 'tag', utf8(JSON.stringify(tags)));

describe('attributeListOf', () => {
  it('returns the attributes in arrival order', () => {
    const list = attributeListOf(struct('Attributes', [int('CryptographicLength', 128), enumeration('CryptographicAlgorithm', 'AES')]));
    assert.deepEqual(list.map((a) => a.tag), ['CryptographicLength', 'CryptographicAlgorithm']);
  });

  it('refuses an interpreted attribute of the wrong type, naming it and both types', () => {
    const err = kmipFailure(() => attributeListOf(struct('Attributes', [text('CryptographicLength', '256')])), 'Invalid_Message');
    assert.match(err.message, /CryptographicLength must be of type Integer, got TextString/);
    kmipFailure(() => attributeListOf(struct('Attributes', [int('CryptographicAlgorithm', 3)])), 'Invalid_Message');
    kmipFailure(() => attributeListOf(struct('Attributes', [text('VendorAttributes', 'x')])), 'Invalid_Message');
  });

  it('accepts ActivationDate as LongInteger or DateTime', () => {
    attributeListOf(struct('Attributes', [long('ActivationDate', 1n)]));
    attributeListOf(struct('Attributes', [{ tag: 'ActivationDate', type: 'DateTime', value: new Date(0) }]));
    kmipFailure(() => attributeListOf(struct('Attributes', [int('ActivationDate', 1)])), 'Invalid_Message');
  });

  it('lets attributes it does not interpret through whatever their type', () => {
    assert.equal(attributeListOf(struct('Attributes', [int('Name', 1), text('Comment', 'x')])).length, 2);
  });
});

describe('attribute accessors', () => {
  const attrs = [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 192), text('UniqueIdentifier', 'u')];

  it('reads enumeration names and integers', () => {
    assert.equal(enumAttribute(attrs, 'CryptographicAlgorithm'), 'AES');
    assert.equal(intAttribute(attrs, 'CryptographicLength'), 192);
    assert.equal(getAttribute(attrs, 'UniqueIdentifier')?.type, 'TextString');
  });

  it('answers undefined for absent attributes or other types', () => {
    assert.equal(enumAttribute(attrs, 'KeyFormatType'), undefined);
    assert.equal(enumAttribute(attrs, 'UniqueIdentifier'), undefined);
    assert.equal(intAttribute(attrs, 'CryptographicAlgorithm'), undefined);
    assert.equal(enumAttribute([{ tag: 'ObjectType', type: 'Enumeration', value: 2 }], 'ObjectType'), undefined);
  });
});

describe('attribute ordering', () => {
  it("sorts into Cosmian's field order", () => {
    const shuffled = [
      text('UniqueIdentifier', 'u'), enumeration('ObjectType', 'SymmetricKey'), tagItem(['a']), enumeration('KeyFormatType', 'Raw'),
      int('CryptographicUsageMask', 12), int('CryptographicLength', 256), enumeration('CryptographicAlgorithm', 'AES'), long('ActivationDate', 0n),
    ];
    assert.deepEqual(orderAttributes(shuffled).map((a) => a.tag), [
      'ActivationDate', 'CryptographicAlgorithm', 'CryptographicLength', 'CryptographicUsageMask', 'KeyFormatType', 'ObjectType', 'UniqueIdentifier', 'VendorAttributes',
    ]);
  });

  it('puts unknown attributes after the known ones, in arrival order', () => {
    const out = orderAttributes([text('Zeta', 'z'), int('CryptographicLength', 1), text('Alpha', 'a'), text('Mid', 'm')]);
    assert.deepEqual(out.map((a) => a.tag), ['CryptographicLength', 'Zeta', 'Alpha', 'Mid']);
  });

  it("withAttribute replaces an attribute, or adds a missing one, in Cosmian's order", () => {
    const before = [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicUsageMask', 4)];
    const replaced = withAttribute(before, int('CryptographicUsageMask', 8));
    assert.deepEqual(replaced, [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicUsageMask', 8)]);
    const added = withAttribute(before, int('CryptographicLength', 128));
    assert.deepEqual(added.map((a) => a.tag), ['CryptographicAlgorithm', 'CryptographicLength', 'CryptographicUsageMask']);
    assert.equal(before.length, 2, 'the input list is left alone');
  });

  it('withoutAttribute removes every copy of the tag', () => {
    const out = withoutAttribute([text('Name', 'a'), int('CryptographicLength', 1), text('Name', 'b')], 'Name');
    assert.deepEqual(out.map((a) => a.tag), ['CryptographicLength']);
  });
});

describe('vendor attributes', () => {
  it("reads Cosmian's nested list form", () => {
    const v = vendorAttributes([vendorList(vendorItem('acme', 'color', utf8('red')), tagItem(['t']))]);
    assert.deepEqual(v.map((x) => `${x.vendor}/${x.name}`), ['acme/color', 'cosmian/tag']);
    const value = v[0]?.value;
    assert.ok(value?.type === 'ByteString');
    assert.equal(Buffer.from(value.value).toString(), 'red');
  });

  it('reads a single un-nested item and the KMIP 2.1 VendorAttribute spelling', () => {
    const single = vendorAttributes([vendorItem('acme', 'a', utf8('1'))]);
    assert.deepEqual(single.map((x) => x.name), ['a']);
    const spelled = vendorAttributes([struct('VendorAttribute', [text('VendorIdentification', 'acme'), text('AttributeName', 'b')])]);
    assert.deepEqual(spelled.map((x) => [x.vendor, x.name, x.value]), [['acme', 'b', undefined]]);
  });

  it('reads an empty VendorAttributes list as no vendor attributes', () => {
    assert.deepEqual(vendorAttributes([struct('VendorAttributes', [])]), []);
  });

  it('refuses a list item that is not a Structure', () => {
    kmipFailure(() => vendorAttributes([struct('VendorAttributes', [text('VendorAttributes', 'x')])]), 'Invalid_Message');
  });

  it('writes vendor attributes in the nested list form, last, replacing both spellings', () => {
    const attrs = [struct('VendorAttribute', [text('VendorIdentification', 'old'), text('AttributeName', 'x')]), int('CryptographicLength', 1)];
    const out = withVendorAttributes(attrs, [{ vendor: 'acme', name: 'n', value: bytes('AttributeValue', utf8('v')) }]);
    assert.deepEqual(out, [
      int('CryptographicLength', 1),
      struct('VendorAttributes', [struct('VendorAttributes', [text('VendorIdentification', 'acme'), text('AttributeName', 'n'), bytes('AttributeValue', utf8('v'))])]),
    ]);
  });

  it('writes no VendorAttributes at all when there are none', () => {
    assert.deepEqual(withVendorAttributes([vendorList(vendorItem('a', 'b', utf8('c'))), int('CryptographicLength', 1)], []), [int('CryptographicLength', 1)]);
  });
});

describe('tags', () => {
  it('names the vendor and attribute of the tag attribute as Cosmian does', () => {
    assert.equal(TAG_VENDOR, 'cosmian');
    assert.equal(TAG_ATTRIBUTE_NAME, 'tag');
  });

  it('parses the JSON array a tag attribute carries', () => {
    assert.deepEqual(parseTagValue(utf8('["MyKey","x"]')), ['MyKey', 'x']);
    assert.deepEqual(parseTagValue(Buffer.from('5B224D794B6579225D', 'hex')), ['MyKey']);
    assert.deepEqual(parseTagValue(utf8('[]')), []);
  });

  it('refuses tag values that are not a JSON array of strings', () => {
    for (const bad of ['MyKey', '{"a":1}', '"x"', '[1]', '["a",null]', '']) kmipFailure(() => parseTagValue(utf8(bad)), 'Invalid_Attribute_Value');
  });

  it('finds no tags when there is no tag attribute', () => {
    assert.equal(tagsOf([int('CryptographicLength', 1)]), undefined);
    assert.equal(tagsOf([vendorList(vendorItem('acme', 'tag', utf8('["x"]')))]), undefined);
    assert.equal(tagsOf([vendorList(vendorItem('Cosmian', 'tag', utf8('["x"]')))]), undefined);
  });

  it('joins the tags of several tag attributes', () => {
    assert.deepEqual(tagsOf([vendorList(tagItem(['a']), vendorItem('acme', 'z', utf8('1')), tagItem(['b', 'c']))]), ['a', 'b', 'c']);
  });

  it('refuses a tag attribute whose value is not a ByteString', () => {
    kmipFailure(
      () => tagsOf([vendorList(struct('VendorAttributes', [text('VendorIdentification', 'cosmian'), text('AttributeName', 'tag'), text('AttributeValue', '["a"]')]))]),
      'Invalid_Attribute_Value',
    );
    kmipFailure(() => tagsOf([vendorList(struct('VendorAttributes', [text('VendorIdentification', 'cosmian'), text('AttributeName', 'tag')]))]), 'Invalid_Attribute_Value');
  });

  it('checks user tags: no empty ones, none in the "_" namespace, at most 255 characters, duplicates merged', () => {
    assert.deepEqual(checkUserTags(['a', 'b', 'a']), ['a', 'b']);
    assert.deepEqual(checkUserTags(['x'.repeat(255)]), ['x'.repeat(255)]);
    assert.deepEqual(checkUserTags(['a_b']), ['a_b']);
    for (const bad of [[''], ['_kk'], ['ok', '_'], ['x'.repeat(256)]]) kmipFailure(() => checkUserTags(bad), 'Invalid_Attribute_Value');
  });

  it('withoutTags drops only the tag attribute', () => {
    const out = withoutTags([int('CryptographicLength', 1), vendorList(vendorItem('acme', 'z', utf8('1')), tagItem(['a']))]);
    assert.deepEqual(vendorAttributes(out).map((v) => `${v.vendor}/${v.name}`), ['acme/z']);
    assert.equal(tagsOf(out), undefined);
    assert.deepEqual(withoutTags([tagItem(['a'])]), []);
  });

  it('withTags writes one sorted tag attribute after the other vendor attributes, replacing any old one', () => {
    const out = withTags([vendorList(tagItem(['old']), vendorItem('acme', 'z', utf8('1'))), int('CryptographicLength', 1)], ['zeta', '_kk', 'alpha']);
    assert.deepEqual(out.map((a) => a.tag), ['CryptographicLength', 'VendorAttributes']);
    assert.deepEqual(vendorAttributes(out).map((v) => `${v.vendor}/${v.name}`), ['acme/z', 'cosmian/tag']);
    assert.deepEqual(tagsOf(out), ['_kk', 'alpha', 'zeta']);
    const value = vendorAttributes(out)[1]?.value;
    assert.ok(value?.type === 'ByteString');
    assert.equal(Buffer.from(value.value).toString(), '["_kk","alpha","zeta"]');
  });

  it('withTags with no tags removes the tag attribute', () => {
    assert.deepEqual(withTags([vendorList(tagItem(['a']))], []), []);
  });
});
