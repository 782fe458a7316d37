/**
 * KMIP 1.x and 2.0 request payloads reshaped into the internal 2.1 structures the operation
 * decoders read, checked on hand-built trees (as the binary codec delivers them).
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enumeration, int, struct, text, bytes } from '../../../../src/kmip/ttlv/build.js';
import { toInternalRequest } from '../../../../src/kmip/binary/request-payloads.js';
import { decodeCreate } from '../../../../src/kmip/operations/create.js';
import { decodeCreateKeyPair } from '../../../../src/kmip/operations/create-key-pair.js';
import { decodeGetAttributes } from '../../../../src/kmip/operations/get-attributes.js';
import { decodeLocate } from '../../../../src/kmip/operations/locate.js';
import { decodeRegister } from '../../../../src/kmip/operations/register.js';
import { KmipError } from '../../../../src/kmip/kmip-error.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';

const V12 = { major: 1, minor: 2 };
const V20 = { major: 2, minor: 0 };

/** A 1.x Attribute as the codec delivers it: enumerations inside Attribute Value are numbers. */
function attr(name: string, value: TtlvNode): TtlvNode {
  return struct('Attribute', [text('AttributeName', name), { ...value, tag: 'AttributeValue' }]);
}
const numEnum = (n: number): TtlvNode => ({ tag: 'AttributeValue', type: 'Enumeration', value: n });
const nameValue = (v: string): TtlvNode => struct('AttributeValue', [text('NameValue', v), enumeration('NameType', 'UninterpretedTextString')]);

describe('KMIP 1.x request payloads', () => {
  it('turns a Create Template-Attribute into Attributes, naming enumeration values from the attribute tag', () => {
    const payload = struct('RequestPayload', [
      enumeration('ObjectType', 'SymmetricKey'),
      struct('TemplateAttribute', [
        attr('Cryptographic Algorithm', numEnum(3)),
        attr('Cryptographic Length', int('x', 256)),
        attr('Cryptographic Usage Mask', int('x', 12)),
        attr('Name', nameValue('k1')),
      ]),
    ]);
    const req = decodeCreate(toInternalRequest('Create', payload, V12));
    assert.equal(req.objectType, 'SymmetricKey');
    assert.deepEqual(req.attributes.map((a) => [a.tag, a.type === 'Structure' ? 'struct' : a.value]), [
      ['CryptographicAlgorithm', 'AES'],
      ['CryptographicLength', 256],
      ['CryptographicUsageMask', 12],
      ['Name', 'struct'],
    ]);
  });

  it('turns the three CreateKeyPair templates into Common, Private and Public Key Attributes', () => {
    const payload = struct('RequestPayload', [
      struct('CommonTemplateAttribute', [attr('Cryptographic Algorithm', numEnum(4)), attr('Cryptographic Length', int('x', 2048))]),
      struct('PrivateKeyTemplateAttribute', [attr('Cryptographic Usage Mask', int('x', 1))]),
      struct('PublicKeyTemplateAttribute', [attr('Cryptographic Usage Mask', int('x', 2))]),
    ]);
    const req = decodeCreateKeyPair(toInternalRequest('CreateKeyPair', payload, V12));
    assert.deepEqual(req.common.map((a) => a.value), ['RSA', 2048]);
    assert.deepEqual(req.privateKey.map((a) => [a.tag, a.value]), [['CryptographicUsageMask', 1]]);
    assert.deepEqual(req.publicKey.map((a) => [a.tag, a.value]), [['CryptographicUsageMask', 2]]);
  });

  it('turns GetAttributes Attribute Names into references by tag', () => {
    const payload = struct('RequestPayload', [text('UniqueIdentifier', '7'), text('AttributeName', 'Cryptographic Algorithm'), text('AttributeName', 'State')]);
    const req = decodeGetAttributes(toInternalRequest('GetAttributes', payload, V12));
    assert.equal(req.uniqueIdentifier, '7');
    assert.deepEqual(req.references, [{ kind: 'standard', tag: 'CryptographicAlgorithm' }, { kind: 'standard', tag: 'State' }]);
  });

  it('gathers the bare Attributes of a Locate into one Attributes structure', () => {
    const payload = struct('RequestPayload', [attr('Object Type', numEnum(2)), attr('Name', nameValue('k1'))]);
    const internal = toInternalRequest('Locate', payload, V12);
    const attrs = internal.value.find((c) => c.tag === 'Attributes');
    assert.ok(attrs?.type === 'Structure');
    assert.deepEqual(attrs.value.map((a) => a.tag), ['ObjectType', 'Name']);
    assert.equal(attrs.value[0]?.value, 'SymmetricKey');
    assert.doesNotThrow(() => decodeLocate(internal));
  });

  it('keeps a Register object under its own tag and moves Key Value attributes into Attributes', () => {
    const payload = struct('RequestPayload', [
      enumeration('ObjectType', 'SymmetricKey'),
      struct('TemplateAttribute', [attr('Cryptographic Usage Mask', int('x', 0x80))]),
      struct('SymmetricKey', [
        struct('KeyBlock', [
          enumeration('KeyFormatType', 'Raw'),
          struct('KeyValue', [bytes('KeyMaterial', new Uint8Array(32)), attr('Cryptographic Length', int('x', 256))]),
          enumeration('CryptographicAlgorithm', 'HMACSHA256'),
        ]),
      ]),
    ]);
    const req = decodeRegister(toInternalRequest('Register', payload, V12));
    assert.equal(req.object.tag, 'SymmetricKey');
    assert.deepEqual(req.attributes.map((a) => a.tag), ['CryptographicUsageMask']);
    const keyBlock = req.object.value[0];
    assert.ok(keyBlock?.type === 'Structure');
    const keyValue = keyBlock.value[1];
    assert.ok(keyValue?.type === 'Structure');
    assert.deepEqual(keyValue.value.map((c) => c.tag), ['KeyMaterial', 'Attributes']);
  });

  it('refuses an Attribute Name the server does not know, and Template names', () => {
    const unknown = struct('RequestPayload', [enumeration('ObjectType', 'SymmetricKey'), struct('TemplateAttribute', [attr('Favourite Colour', text('x', 'blue'))])]);
    assert.throws(() => toInternalRequest('Create', unknown, V12), (e: unknown) => e instanceof KmipError && e.reason === 'Invalid_Field');
    const named = struct('RequestPayload', [enumeration('ObjectType', 'SymmetricKey'), struct('TemplateAttribute', [struct('Name', [text('NameValue', 't')])])]);
    assert.throws(() => toInternalRequest('Create', named, V12), (e: unknown) => e instanceof KmipError && e.reason === 'Feature_Not_Supported');
  });
});

describe('KMIP 2.x request payloads', () => {
  it('read a vendor attribute sent as an Attribute structure', () => {
    const vendor = struct('Attribute', [text('VendorIdentification', 'acme'), text('AttributeName', 'colour'), text('AttributeValue', 'blue')]);
    const payload = struct('RequestPayload', [enumeration('ObjectType', 'SymmetricKey'), struct('Attributes', [vendor])]);
    for (const v of [V20, { major: 2, minor: 1 }]) {
      const req = decodeCreate(toInternalRequest('Create', payload, v));
      assert.deepEqual(req.attributes.map((a) => a.tag), ['VendorAttributes']);
    }
  });

  it('pass through unchanged under the operation name', () => {
    const payload = struct('RequestPayload', [text('UniqueIdentifier', '9'), enumeration('AttributeReference', 'CryptographicLength')]);
    const internal = toInternalRequest('GetAttributes', payload, V20);
    assert.equal(internal.tag, 'GetAttributes');
    assert.deepEqual(internal.value, payload.value);
    assert.deepEqual(decodeGetAttributes(internal).references, [{ kind: 'standard', tag: 'CryptographicLength' }]);
  });
});
