/**
 * The recorded PyKMIP 0.10 messages (KMIP 1.2 and 2.0, requests and responses): each decodes and
 * re-encodes byte for byte, and every decoded item matches PyKMIP's own reading in the .txt file.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../../../src/kmip/ttlv/binary.js';
import { enumValueOf } from '../../../../src/kmip/ttlv/enum-table.js';
import { tagNumberOf } from '../../../../src/kmip/ttlv/tag-table.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';
import { repoRoot } from '../../../helpers/repo-root.js';

const ROOT = join(repoRoot(), 'test', 'fixtures', 'vectors', 'pykmip-0.10');
const VERSIONS = ['kmip-1.2', 'kmip-2.0'];

/** One line of PyKMIP's decoded tree: `NAME (42XXXX) Type len=N[ = value]`. */
interface TxtItem { readonly tag: number; readonly type: string; readonly length: number; readonly value: string | undefined }

const LINE = /^\s*\S+ \(([0-9A-F]{6})\) (\w+) len=(\d+)(?: = (.*))?$/;

/** The request and response item lists of an `NNN-Op.txt` file. */
function readTxt(file: string): { request: TxtItem[]; response: TxtItem[] } {
  const out = { request: [] as TxtItem[], response: [] as TxtItem[] };
  let into: TxtItem[] | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('# request')) into = out.request;
    else if (line.startsWith('# response')) into = out.response;
    else {
      const m = LINE.exec(line);
      if (m !== null && into !== undefined) into.push({ tag: parseInt(m[1] as string, 16), type: m[2] as string, length: Number(m[3]), value: m[4] });
    }
  }
  return out;
}

function flatten(node: TtlvNode, out: TtlvNode[] = []): TtlvNode[] {
  out.push(node);
  if (node.type === 'Structure') for (const c of node.value) flatten(c, out);
  return out;
}

/** Asserts our decoded item says what PyKMIP printed for it. */
function assertSame(node: TtlvNode, item: TxtItem, where: string): void {
  assert.equal(tagNumberOf(node.tag), item.tag, `${where}: tag`);
  assert.equal(node.type, item.type, `${where}: type`);
  const shown = item.value;
  if (shown === undefined) return;
  switch (node.type) {
    case 'Integer':
    case 'Interval':
      assert.equal(String(node.value), shown, where);
      break;
    case 'LongInteger':
      assert.equal(node.value.toString(), shown, where);
      break;
    case 'DateTime':
      assert.equal(String(node.value.getTime() / 1000), shown, where);
      break;
    case 'Enumeration': {
      // `NAME (0x00000001)`, or a bare `0x00000001` when PyKMIP has no name for it.
      const number = /(?:^|\()0x([0-9A-F]{8})\)?$/.exec(shown);
      assert.ok(number !== null, `${where}: no enumeration number in the txt`);
      const value = typeof node.value === 'number' ? node.value : enumValueOf(node.tag, node.value);
      assert.equal(value, parseInt(number[1] as string, 16), where);
      break;
    }
    case 'TextString':
      // PyKMIP prints the Python repr; the vectors hold plain ASCII without quotes or escapes.
      assert.equal(`'${node.value}'`, shown, where);
      assert.equal(Buffer.byteLength(node.value), item.length, where);
      break;
    case 'ByteString':
      // Long byte strings are cut short in the txt.
      assert.ok(Buffer.from(node.value).toString('hex').startsWith(shown), where);
      assert.equal(node.value.length, item.length, where);
      break;
    default:
      break;
  }
}

describe('binary TTLV: PyKMIP 0.10 vectors', () => {
  for (const version of VERSIONS) {
    const dir = join(ROOT, version);
    const hexFiles = readdirSync(dir).filter((f) => f.endsWith('.hex')).sort();

    it(`has a request and a response for each of the 21 recorded ${version} operations`, () => {
      const ops = readdirSync(dir).filter((f) => f.endsWith('.txt'));
      assert.equal(ops.length, 21);
      for (const txt of ops) {
        const base = txt.slice(0, -4);
        assert.ok(hexFiles.includes(`${base}-request.hex`) && hexFiles.includes(`${base}-response.hex`), base);
      }
    });

    for (const file of hexFiles) {
      it(`decodes and re-encodes ${version}/${file} byte for byte`, () => {
        const bytes = Buffer.from(readFileSync(join(dir, file), 'utf8').trim(), 'hex');
        const tree = decodeBinaryTtlv(bytes);
        assert.equal(tree.tag, file.endsWith('-request.hex') ? 'RequestMessage' : 'ResponseMessage');
        assert.deepEqual(Buffer.from(encodeBinaryTtlv(tree)), bytes);
      });
    }

    it(`decodes every ${version} item as PyKMIP printed it`, () => {
      for (const txt of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
        const base = txt.slice(0, -4);
        const expected = readTxt(join(dir, txt));
        for (const side of ['request', 'response'] as const) {
          const bytes = Buffer.from(readFileSync(join(dir, `${base}-${side}.hex`), 'utf8').trim(), 'hex');
          const items = flatten(decodeBinaryTtlv(bytes));
          assert.equal(items.length, expected[side].length, `${base} ${side}: item count`);
          items.forEach((node, i) => { assertSame(node, expected[side][i] as TxtItem, `${version}/${base} ${side} item ${i}`); });
        }
      }
    });

    it(`names each ${version} batch item's Operation as our OPERATIONS do`, () => {
      for (const txt of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
        const op = txt.slice(4, -4) === 'Mac' ? 'MAC' : txt.slice(4, -4);
        for (const side of ['request', 'response']) {
          const tree = decodeBinaryTtlv(Buffer.from(readFileSync(join(dir, `${txt.slice(0, -4)}-${side}.hex`), 'utf8').trim(), 'hex'));
          const operations = flatten(tree).filter((n) => n.tag === 'Operation' && n.type === 'Enumeration');
          assert.ok(operations.length >= 1, txt);
          // Query's response lists the server's operations after the batch item's own.
          assert.equal(operations[0]?.value, op, `${txt} ${side}`);
        }
      }
    });
  }

  it('reads KMIP 1.2 attribute names as strings and KMIP 2.0 attribute references as tag names', () => {
    const names = (version: string, file: string, tag: string): unknown[] =>
      flatten(decodeBinaryTtlv(Buffer.from(readFileSync(join(ROOT, version, file), 'utf8').trim(), 'hex')))
        .filter((n) => n.tag === tag).map((n) => n.value);
    assert.deepEqual(names('kmip-1.2', '004-Create-request.hex', 'AttributeName'),
      ['Cryptographic Algorithm', 'Cryptographic Length', 'Cryptographic Usage Mask', 'Name']);
    assert.deepEqual(names('kmip-2.0', '007-GetAttributeList-response.hex', 'AttributeReference'), [
      'UniqueIdentifier', 'Name', 'ObjectType', 'CryptographicAlgorithm', 'CryptographicLength', 'CryptographicUsageMask',
      'State', 'InitialDate', 'Sensitive',
    ]);
    assert.deepEqual(names('kmip-2.0', '003-Get-response.hex', 'ResultReason'), ['Item_Not_Found']);
    assert.deepEqual(names('kmip-2.0', '004-Create-request.hex', 'NameType'), ['UninterpretedTextString']);
  });
});
