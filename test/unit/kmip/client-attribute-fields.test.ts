/**
 * The typed attribute view: every field survives encoding, JSON TTLV and decoding; the wire forms
 * are the ones the server's own readers take (tags, links, dates, names); unmodelled attributes
 * travel in `other`; and a modelled attribute of the wrong type is refused.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAttributeFields, encodeAttributeFields, type AttributeFields } from '../../../src/kmip/attribute-fields.js';
import { attributeListOf, getAttribute, tagsOf } from '../../../src/kmip/attributes.js';
import { linksOf } from '../../../src/kmip/links.js';
import { KmipError } from '../../../src/kmip/kmip-error.js';
import { USAGE, usagesOf } from '../../../src/kmip/enums.js';
import { encodeJsonTtlv, parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

/** An attribute list across the wire and through the server's own Attributes reader. */
function wire(list: readonly TtlvNode[]): TtlvNode[] {
  const back = parseJsonTtlv(encodeJsonTtlv(struct('Attributes', list)));
  assert.equal(back.type, 'Structure');
  return back.type === 'Structure' ? attributeListOf(back) : [];
}

const at = (iso: string): Date => new Date(iso);

const FULL: AttributeFields = {
  objectType: 'SymmetricKey',
  uniqueIdentifier: 'k-1',
  cryptographicAlgorithm: 'AES',
  cryptographicLength: 256,
  cryptographicUsageMask: USAGE.Encrypt | USAGE.Decrypt,
  keyFormatType: 'TransparentSymmetricKey',
  cryptographicDomainParameters: { qLength: 256, recommendedCurve: 'P256' },
  cryptographicParameters: {
    blockCipherMode: 'GCM', paddingMethod: undefined, hashingAlgorithm: 'SHA256', digitalSignatureAlgorithm: undefined, cryptographicAlgorithm: 'AES',
    maskGeneratorHashingAlgorithm: undefined, randomIv: true, tagLength: 16n, ivLength: undefined, saltLength: undefined,
  },
  state: 'PreActive',
  tags: ['alpha', 'beta'],
  names: ['payments key', 'pk'],
  objectGroups: ['g1', 'g2'],
  links: [{ type: 'PublicKeyLink', id: 'pub-1' }, { type: 'ReplacedObjectLink', id: 'old-1' }],
  initialDate: at('2024-01-01T00:00:00.000Z'),
  activationDate: at('2024-02-01T12:00:00.500Z'),
  deactivationDate: at('2030-01-01T00:00:00.000Z'),
  lastChangeDate: at('2024-03-01T00:00:00.000Z'),
  sensitive: true,
  extractable: false,
  alwaysSensitive: false,
  neverExtractable: false,
  fresh: true,
  comment: 'a comment',
  description: 'a description',
  contactInformation: 'ops@example.com',
  vendorAttributes: [{ vendor: 'acme', name: 'cost-centre', value: { tag: 'AttributeValue', type: 'ByteString', value: new Uint8Array([1, 2]) } }],
  other: [text('X-Custom', 'kept as is')],
};

describe('typed attribute fields', () => {
  it('round-trips every modelled field (and the unmodelled ones) across the wire', () => {
    assert.deepStrictEqual(decodeAttributeFields(wire(encodeAttributeFields(FULL))), FULL);
  });

  it('decodes an empty list to no fields at all', () => {
    assert.deepStrictEqual(decodeAttributeFields([]), {});
  });

  it('takes usages as a list and gives the mask back as a number', () => {
    const list = encodeAttributeFields({ cryptographicUsageMask: ['Sign', 'Verify', 'MACGenerate'] });
    assert.deepStrictEqual(list, [int('CryptographicUsageMask', USAGE.Sign | USAGE.Verify | USAGE.MACGenerate)]);
    const mask = decodeAttributeFields(list).cryptographicUsageMask;
    assert.equal(mask, 0x83);
    assert.deepEqual(usagesOf(mask ?? 0), ['Sign', 'Verify', 'MACGenerate']);
  });

  it('writes the forms the server reads: tags as the cosmian/tag vendor attribute, links as a list, dates as LongInteger milliseconds', () => {
    const list = wire(encodeAttributeFields({ tags: ['b', 'a'], links: [{ type: 'PrivateKeyLink', id: 'sk' }], activationDate: at('2024-02-01T00:00:00.000Z') }));
    assert.deepEqual(tagsOf(list), ['a', 'b']);
    assert.deepEqual(linksOf(list), [{ type: 'PrivateKeyLink', id: 'sk' }]);
    assert.deepStrictEqual(getAttribute(list, 'ActivationDate'), { tag: 'ActivationDate', type: 'LongInteger', value: 1_706_745_600_000n });
    const link = getAttribute(list, 'Link');
    assert.ok(link?.type === 'Structure' && link.value.every((l) => l.tag === 'Link'), 'Link is in Cosmian list form');
  });

  it('writes names as Name structures of type UninterpretedTextString', () => {
    assert.deepStrictEqual(encodeAttributeFields({ names: ['n1'] }), [
      struct('Name', [text('NameValue', 'n1'), enumeration('NameType', 'UninterpretedTextString')]),
    ]);
  });

  it('keeps names of another type and unmodelled attributes in `other`', () => {
    const uri = struct('Name', [text('NameValue', 'https://example.com/k'), enumeration('NameType', 'URI')]);
    const fields = decodeAttributeFields([uri, text('Name2', 'x'), enumeration('SecretDataType', 'Seed'), int('CryptographicLength', 8)]);
    assert.deepStrictEqual(fields, { cryptographicLength: 8, other: [text('Name2', 'x'), enumeration('SecretDataType', 'Seed'), uri] });
  });

  it('reads dates sent as KMIP DateTime and as whole seconds', () => {
    const when = at('2025-05-05T05:05:05.000Z');
    const fields = decodeAttributeFields([
      { tag: 'ActivationDate', type: 'DateTime', value: when },
      int('DeactivationDate', when.getTime() / 1000),
    ]);
    assert.deepStrictEqual(fields, { activationDate: when, deactivationDate: when });
  });

  it('refuses a modelled attribute of the wrong type', () => {
    const invalid = (e: unknown): boolean => e instanceof KmipError && e.reason === 'Invalid_Message';
    assert.throws(() => decodeAttributeFields([text('CryptographicLength', '256')]), invalid);
    assert.throws(() => decodeAttributeFields([text('ActivationDate', 'yesterday')]), invalid);
    assert.throws(() => decodeAttributeFields([text('ObjectGroup', 'ok'), int('ObjectGroup', 1)]), invalid);
  });
});
