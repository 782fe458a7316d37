import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTtlv, encodeJsonTtlv, parseJsonTtlv } from '../../../../src/kmip/ttlv/json.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';
import { repoRoot } from '../../../helpers/repo-root.js';

const VECTORS = join(repoRoot(), 'test', 'fixtures', 'vectors');

/** Every `<op>/<name>.json` under the vectors folder, as sorted relative paths. */
function vectorFiles(): string[] {
  const files: string[] = [];
  for (const op of readdirSync(VECTORS, { withFileTypes: true })) {
    if (!op.isDirectory()) continue;
    for (const name of readdirSync(join(VECTORS, op.name))) {
      if (name.endsWith('.json')) files.push(`${op.name}/${name}`);
    }
  }
  return files.sort();
}

function readVector(file: string): string {
  return readFileSync(join(VECTORS, file), 'utf8');
}

function child(node: TtlvNode, tag: string): TtlvNode {
  assert.equal(node.type, 'Structure');
  const found = node.value.find((c) => c.tag === tag);
  assert.ok(found, `no ${tag} under ${node.tag}`);
  return found;
}

describe('JSON TTLV fixture vectors', () => {
  const files = vectorFiles();

  it('has a request and a response for every operation in the reference examples', () => {
    for (const op of ['create', 'get', 'encrypt', 'create-key-pair', 'locate', 'revoke']) {
      assert.ok(files.includes(`${op}/request.json`), `${op}/request.json missing`);
      assert.ok(files.includes(`${op}/response.json`), `${op}/response.json missing`);
    }
  });

  for (const file of files) {
    it(`re-encodes ${file} byte for byte as the compact form of the fixture`, () => {
      const text = readVector(file);
      const expected = JSON.stringify(JSON.parse(text));
      assert.equal(encodeJsonTtlv(parseJsonTtlv(text)), expected);
    });
  }

  it('decodes the same tree from text and from an already-parsed value', () => {
    for (const file of files) {
      const text = readVector(file);
      assert.deepEqual(decodeTtlv(JSON.parse(text)), parseJsonTtlv(text), file);
    }
  });

  it('reads the 4.19 KeyMaterial Structure wrapping a ByteString of key bytes', () => {
    const response = parseJsonTtlv(readVector('get/response.json'));
    const keyValue = child(child(child(response, 'Object'), 'KeyBlock'), 'KeyValue');
    const bytes = child(child(keyValue, 'KeyMaterial'), 'ByteString');
    assert.equal(bytes.type, 'ByteString');
    assert.equal(bytes.value.length, 32);
    assert.equal(bytes.value[0], 0x0b);
  });

  it('reads a legacy bare ByteString KeyMaterial as a plain ByteString node', () => {
    const response = parseJsonTtlv(readVector('get/response-legacy-key-material.json'));
    const material = child(child(child(child(response, 'Object'), 'KeyBlock'), 'KeyValue'), 'KeyMaterial');
    assert.equal(material.type, 'ByteString');
    assert.ok(material.value instanceof Uint8Array);
    assert.equal(material.value.length, 32);
  });

  it('reads RSA public key BigIntegers as unsigned bigints', () => {
    const response = parseJsonTtlv(readVector('get/response-rsa-public-key.json'));
    const material = child(child(child(child(response, 'Object'), 'KeyBlock'), 'KeyValue'), 'KeyMaterial');
    const exponent = child(material, 'PublicExponent');
    const modulus = child(material, 'Modulus');
    assert.deepEqual(exponent, { tag: 'PublicExponent', type: 'BigInteger', value: 65537n });
    assert.equal(modulus.type, 'BigInteger');
    assert.equal(typeof modulus.value === 'bigint' && modulus.value.toString(2).length, 2048);
  });
});
