/**
 * The KMIP tag table: names and numbers are one-to-one, unnamed numbers round-trip through their hex
 * form, and every tag name our JSON codecs read or write that is a KMIP tag is in the table.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS } from '../../../../src/kmip/enums.js';
import { TAG_ALIASES, TAG_ENTRIES, tagNameOf, tagNumberOf } from '../../../../src/kmip/ttlv/tag-table.js';
import { corpus } from '../../../chaos/fuzz-corpus.js';
import { repoRoot } from '../../../helpers/repo-root.js';

/**
 * Names Cosmian's JSON TTLV uses that are not KMIP tags (so binary TTLV never carries them): the
 * operation payload roots (`Create`, `CreateResponse`), the JSON message frame, list wrappers, 4.19's
 * ByteString key material; and `Unknown`, the fuzz corpus's deliberately unknown tag.
 */
const JSON_ONLY = new Set<string>([
  ...OPERATIONS, ...OPERATIONS.map((op) => `${op}Response`),
  'Message', 'Header', 'Items', 'Object', 'KeyTypeSer', 'AttributeNames', 'AttributeReferences', 'VendorAttribute',
  'VendorAttributes', 'CertificateAttributes', 'ByteString', 'Unknown',
  // Cosmian's Validate time (KMIP's is ValidityDate, which the decoder also reads).
  'ValidityTime',
]);

// The tree helpers that take a tag name; a call's first string argument (after an optional node) is a tag.
const TAG_CALL =
  /\b(?:struct|text|int|long|enumeration|bytes|bool|list|big|opt[A-Z]\w*|req[A-Z]\w*|listItems|childrenNamed|child|expectTag|textItems)\(\s*(?:[\w.]+,\s*)?'([A-Z][A-Za-z0-9_]*)'/g;

/** Tag names passed to the tree helpers anywhere under src/kmip. */
function sourceTags(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(TAG_CALL)) out.add(m[1] as string);
    }
  };
  walk(join(repoRoot(), 'src', 'kmip'));
  return out;
}

/** Tags of every node of the Cosmian JSON vectors (requests and responses). */
function vectorTags(): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const { tag, value } = node as { tag?: unknown; value?: unknown };
    if (typeof tag === 'string') out.add(tag);
    if (Array.isArray(value)) for (const c of value) visit(c);
  };
  const root = join(repoRoot(), 'test', 'fixtures', 'vectors');
  for (const op of readdirSync(root, { withFileTypes: true })) {
    if (!op.isDirectory()) continue;
    for (const f of readdirSync(join(root, op.name))) {
      if (f.endsWith('.json')) visit(JSON.parse(readFileSync(join(root, op.name, f), 'utf8')));
    }
  }
  return out;
}

describe('KMIP tag table', () => {
  it('maps names and numbers one to one', () => {
    const names = new Set(TAG_ENTRIES.map(([, name]) => name));
    const numbers = new Set(TAG_ENTRIES.map(([n]) => n));
    assert.equal(names.size, TAG_ENTRIES.length, 'a name appears twice');
    assert.equal(numbers.size, TAG_ENTRIES.length, 'a number appears twice');
    for (const [n, name] of TAG_ENTRIES) {
      assert.equal(tagNameOf(n), name);
      assert.equal(tagNumberOf(name), n);
      assert.match(name, /^[A-Za-z][A-Za-z0-9_]*$/);
    }
  });

  it('covers KMIP 1.0 to 2.1, from 0x420001 to 0x420176', () => {
    const numbers = TAG_ENTRIES.map(([n]) => n);
    assert.equal(Math.min(...numbers), 0x420001);
    assert.equal(Math.max(...numbers), 0x420176);
    // Every number in the range is named except the few the specifications leave reserved.
    const missing = [];
    for (let n = 0x420001; n <= 0x420176; n++) if (tagNameOf(n).startsWith('0x')) missing.push(tagNameOf(n));
    assert.deepEqual(missing, ['0x420137', '0x42013E', '0x42013F']);
  });

  it('has the numbers of the KMIP specifications', () => {
    const expected: [string, number][] = [
      ['ActivationDate', 0x420001], ['AttributeName', 0x42000a], ['BatchItem', 0x42000f], ['CrtCoefficient', 0x420027],
      ['IvCounterNonce', 0x42003d], ['ObjectType', 0x420057], ['Operation', 0x42005c], ['RequestMessage', 0x420078],
      ['ResponseMessage', 0x42007b], ['ResultReason', 0x42007e], ['TemplateAttribute', 0x420091], ['TimeStamp', 0x420092],
      ['UniqueBatchItemId', 0x420093], ['UniqueIdentifier', 0x420094], ['Password', 0x4200a1], ['PGPKey', 0x4200bd],
      ['IvLength', 0x4200cd], ['KeyWrapType', 0x4200f8], ['Attributes', 0x420125], ['AttributeReference', 0x42013b],
      ['HashedPassword', 0x420157], ['ObjectGroups', 0x420166], ['AsynchronousCorrelationValues', 0x420176],
    ];
    for (const [name, n] of expected) assert.equal(tagNumberOf(name), n, name);
  });

  it('has every name the issue 10 contract lists', () => {
    for (const name of [
      'TemplateAttribute', 'AttributeName', 'AttributeValue', 'RequestMessage', 'ResponseMessage', 'RequestHeader',
      'ResponseHeader', 'BatchItem', 'TimeStamp', 'Credential', 'CredentialType', 'CredentialValue', 'Username', 'Password',
      'Authentication', 'CommonTemplateAttribute', 'PrivateKeyTemplateAttribute', 'PublicKeyTemplateAttribute',
      'UniqueIdentifier', 'CryptographicAlgorithm', 'ObjectType', 'Attributes', 'KeyBlock', 'IvCounterNonce',
    ]) assert.notEqual(tagNumberOf(name), undefined, name);
  });

  it('reads the other spellings our code uses as the same tags, and decodes to the table name', () => {
    for (const [alias, n] of TAG_ALIASES) {
      assert.equal(tagNumberOf(alias), n);
      assert.notEqual(tagNameOf(n), alias);
      assert.ok(!TAG_ENTRIES.some(([, name]) => name === alias), `${alias} is both a name and an alias`);
    }
    assert.equal(tagNumberOf('CRTCoefficient'), tagNumberOf('CrtCoefficient'));
    assert.equal(tagNumberOf('IVCounterNonce'), tagNumberOf('IvCounterNonce'));
  });

  it('names an unknown number 0x and six uppercase hex digits, and reads that back', () => {
    assert.equal(tagNameOf(0x540001), '0x540001');
    assert.equal(tagNameOf(0x42ffff), '0x42FFFF');
    assert.equal(tagNameOf(0x000001), '0x000001');
    assert.equal(tagNumberOf('0x540001'), 0x540001);
    assert.equal(tagNumberOf('0x42FFFF'), 0x42ffff);
    assert.equal(tagNumberOf('0x420094'), 0x420094);
    for (const bad of ['0x54001', '0x5400011', '54000100', '0xGG0001', 'NoSuchTag', '', 'uniqueIdentifier']) {
      assert.equal(tagNumberOf(bad), undefined, bad);
    }
  });

  it('names every tag the JSON operation codecs read or write, or knows it is Cosmian-only', () => {
    const used = new Set([...sourceTags(), ...vectorTags(), ...corpus().tags]);
    assert.ok(used.size > 100, `only ${used.size} tag names found; the source scan broke`);
    const unknown = [...used].filter((t) => tagNumberOf(t) === undefined && !JSON_ONLY.has(t)).sort();
    assert.deepEqual(unknown, []);
  });

  it('keeps the Cosmian-only names out of the table', () => {
    for (const name of JSON_ONLY) assert.equal(tagNumberOf(name), undefined, name);
  });
});
