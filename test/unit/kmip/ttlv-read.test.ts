import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bool, bytes, enumeration, int, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import {
  asStructure, child, childrenNamed, listItems, optBool, optBytes, optEnum, optInt, optLong, optStruct, optText, reqBytes, reqEnum, reqStruct, reqText,
} from '../../../src/kmip/ttlv/read.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';
import { kmipFailure } from '../../helpers/kmip-assert.js';


const SECRET = 'C0FFEE00DEADBEEF1234';

const payload: TtlvStructure = struct('Payload', [
  text('Name', 'n'),
  int('Count', 3),
  long('Big', -2n),
  bool('Flag', true),
  bytes('Blob', Buffer.from('0102', 'hex')),
  struct('Inner', [text('Leaf', 'l')]),
  enumeration('Algorithm', 'AES'),
  text('Name', 'second'),
]);

describe('TTLV readers: values', () => {
  it('reads each type when the tag holds it', () => {
    assert.equal(optText(payload, 'Name'), 'n');
    assert.equal(reqText(payload, 'Name'), 'n');
    assert.equal(optInt(payload, 'Count'), 3);
    assert.equal(optLong(payload, 'Big'), -2n);
    assert.equal(optBool(payload, 'Flag'), true);
    assert.deepEqual([...reqBytes(payload, 'Blob')], [1, 2]);
    assert.deepEqual([...(optBytes(payload, 'Blob') ?? [])], [1, 2]);
    assert.equal(reqStruct(payload, 'Inner').value.length, 1);
    assert.equal(optStruct(payload, 'Inner')?.tag, 'Inner');
    assert.equal(optEnum(payload, 'Algorithm', ['AES', 'RSA']), 'AES');
    assert.equal(reqEnum(payload, 'Algorithm', ['AES']), 'AES');
  });

  it('answers undefined for an absent optional tag', () => {
    assert.equal(optText(payload, 'Missing'), undefined);
    assert.equal(optInt(payload, 'Missing'), undefined);
    assert.equal(optLong(payload, 'Missing'), undefined);
    assert.equal(optBool(payload, 'Missing'), undefined);
    assert.equal(optBytes(payload, 'Missing'), undefined);
    assert.equal(optStruct(payload, 'Missing'), undefined);
    assert.equal(optEnum(payload, 'Missing', ['AES']), undefined);
  });

  it('takes the first of repeated children', () => {
    assert.equal(child(payload, 'Name')?.value, 'n');
    assert.deepEqual(childrenNamed(payload, 'Name').map((c) => c.value), ['n', 'second']);
    assert.equal(child(payload, 'Missing'), undefined);
  });
});

describe('TTLV readers: type errors name the tag', () => {
  const cases: readonly [string, () => unknown, RegExp][] = [
    ['optText', () => optText(payload, 'Count'), /^Payload: Count must be of type TextString, got Integer$/],
    ['reqText', () => reqText(payload, 'Flag'), /^Payload: Flag must be of type TextString, got Boolean$/],
    ['optInt', () => optInt(payload, 'Big'), /^Payload: Big must be of type Integer, got LongInteger$/],
    ['optLong', () => optLong(payload, 'Count'), /^Payload: Count must be of type LongInteger, got Integer$/],
    ['optBool', () => optBool(payload, 'Name'), /^Payload: Name must be of type Boolean, got TextString$/],
    ['optBytes', () => optBytes(payload, 'Name'), /^Payload: Name must be of type ByteString, got TextString$/],
    ['reqBytes', () => reqBytes(payload, 'Inner'), /^Payload: Inner must be of type ByteString, got Structure$/],
    ['optStruct', () => optStruct(payload, 'Blob'), /^Payload: Blob must be of type Structure, got ByteString$/],
    ['reqStruct', () => reqStruct(payload, 'Algorithm'), /^Payload: Algorithm must be of type Structure, got Enumeration$/],
    ['optEnum', () => optEnum(payload, 'Name', ['AES']), /^Payload: Name must be of type Enumeration, got TextString$/],
  ];
  for (const [name, fn, message] of cases) {
    it(`${name} refuses another type with Invalid_Message naming the structure and tag`, () => {
      assert.match(kmipFailure(fn, 'Invalid_Message').message, message);
    });
  }

  it('names a missing required tag', () => {
    assert.match(kmipFailure(() => reqText(payload, 'UniqueIdentifier'), 'Invalid_Message').message, /^Payload: UniqueIdentifier is required$/);
    assert.match(kmipFailure(() => reqBytes(payload, 'Data'), 'Invalid_Message').message, /^Payload: Data is required$/);
    assert.match(kmipFailure(() => reqStruct(payload, 'Attributes'), 'Invalid_Message').message, /^Payload: Attributes is required$/);
    assert.match(kmipFailure(() => reqEnum(payload, 'ObjectType', ['SymmetricKey']), 'Invalid_Message').message, /^Payload: ObjectType is required$/);
  });

  it('does not echo the value of a mistyped field', () => {
    const s = struct('Import', [text('CryptographicLength', SECRET), bytes('UniqueIdentifier', Buffer.from(SECRET, 'hex'))]);
    for (const fn of [() => optInt(s, 'CryptographicLength'), () => reqText(s, 'UniqueIdentifier')]) {
      const err = kmipFailure(fn, 'Invalid_Message');
      assert.ok(!err.message.toUpperCase().includes(SECRET), err.message);
    }
  });

  it('asStructure names the context and the tag', () => {
    assert.match(kmipFailure(() => asStructure(text('Get', 'x'), 'request'), 'Invalid_Message').message, /^request: Get must be a Structure, got TextString$/);
    assert.equal(asStructure(payload, 'request'), payload);
  });
});

describe('TTLV readers: enumerations', () => {
  it('refuses an enumeration given by number, naming the tag', () => {
    const s = struct('Create', [{ tag: 'ObjectType', type: 'Enumeration', value: 2 }]);
    assert.match(kmipFailure(() => optEnum(s, 'ObjectType', ['SymmetricKey']), 'Invalid_Message').message, /Create: ObjectType must be given by name/);
  });

  it('refuses a name outside the allowed set with Invalid_Field, naming the tag', () => {
    const s = struct('Create', [enumeration('ObjectType', 'Spaceship')]);
    assert.match(kmipFailure(() => reqEnum(s, 'ObjectType', ['SymmetricKey', 'PrivateKey']), 'Invalid_Field').message, /Create: ObjectType/);
  });

  it('does not echo a huge unknown enumeration value back', () => {
    const huge = 'A'.repeat(100_000);
    const err = kmipFailure(() => optEnum(struct('Create', [enumeration('ObjectType', huge)]), 'ObjectType', ['SymmetricKey']), 'Invalid_Field');
    assert.ok(err.message.length < 1000, `the error message is ${err.message.length} characters long`);
  });
});

describe('TTLV readers: Cosmian list fields', () => {
  it("reads the nested form: a Structure whose children all carry the field's tag", () => {
    const s = struct('Locate', [struct('UniqueIdentifier', [text('UniqueIdentifier', 'a'), text('UniqueIdentifier', 'b')])]);
    assert.deepEqual(listItems(s, 'UniqueIdentifier').map((c) => c.value), ['a', 'b']);
  });

  it('reads plain repeated children and a single bare item', () => {
    const repeated = struct('S', [text('Item', 'a'), int('Other', 1), text('Item', 'b')]);
    assert.deepEqual(listItems(repeated, 'Item').map((c) => c.value), ['a', 'b']);
    const single = struct('S', [struct('Link', [enumeration('LinkType', 'PublicKeyLink'), text('LinkedObjectIdentifier', 'x')])]);
    assert.deepEqual(listItems(single, 'Link').map((c) => c.tag), ['Link']);
    assert.equal(listItems(single, 'Link')[0]?.type, 'Structure');
  });

  it('reads nothing when the field is absent', () => {
    assert.deepEqual(listItems(struct('S', []), 'Items'), []);
  });

  it('reads an empty list Structure as no items', () => {
    assert.deepEqual(listItems(struct('S', [struct('AttributeReferences', [])]), 'AttributeReferences'), []);
  });
});
