/**
 * Binary TTLV strictness: the exact wire form of each item type, and each way a message can be
 * malformed (padding, lengths, booleans, UTF-8, trailing bytes, limits) refused with Invalid_Message
 * naming the tag and offset but no value; encoding refuses what it cannot represent with Codec_Error.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { KmipError } from '../../../../src/kmip/kmip-error.js';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../../../src/kmip/ttlv/binary.js';
import { bool, bytes, enumeration, int, long, struct, text } from '../../../../src/kmip/ttlv/build.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';

const hex = (h: string): Uint8Array => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Asserts decoding fails with Invalid_Message, the message matching `pattern`. */
function refused(input: Uint8Array, pattern: RegExp, limits?: Parameters<typeof decodeBinaryTtlv>[1]): void {
  assert.throws(() => decodeBinaryTtlv(input, limits), (err: unknown) => {
    assert.ok(err instanceof KmipError, String(err));
    assert.equal(err.reason, 'Invalid_Message');
    assert.match(err.message, pattern);
    return true;
  });
}

/** Asserts encoding fails with Codec_Error. */
function unencodable(node: TtlvNode, pattern: RegExp): void {
  assert.throws(() => encodeBinaryTtlv(node), (err: unknown) => {
    assert.ok(err instanceof KmipError, String(err));
    assert.equal(err.reason, 'Codec_Error');
    assert.match(err.message, pattern);
    return true;
  });
}

// Protocol Version Major (0x42006A), Integer 7.
const INTEGER_ITEM = '42006a02 00000004 00000007 00000000';

describe('binary TTLV: wire form of each item type', () => {
  it('writes and reads the KMIP specification examples', () => {
    const cases: [TtlvNode, string][] = [
      [int('ProtocolVersionMajor', 8), '42006a02000000040000000800000000'],
      [long('UsageLimitsTotal', 123456789000000000n), '4200970300000008 01b69b4ba5749200'],
      [{ tag: 'Modulus', type: 'BigInteger', value: 1234567890000000000000000000n }, '4200520400000010 0000000003fd35eb 6bc2df4618080000'],
      [enumeration('ObjectType', 'SymmetricKey'), '4200570500000004 0000000200000000'],
      [bool('Sensitive', true), '4201200600000008 0000000000000001'],
      [text('UniqueIdentifier', 'Hello World'), '420094070000000b 48656c6c6f20576f726c640000000000'],
      [bytes('Data', Uint8Array.of(1, 2, 3)), '4200c20800000003 0102030000000000'],
      [{ tag: 'ActivationDate', type: 'DateTime', value: new Date(Date.UTC(2008, 2, 14, 11, 56, 40)) }, '4200010900000008 0000000047da67f8'],
      [{ tag: 'LeaseTime', type: 'Interval', value: 864000 }, '4200490a00000004 000d2f0000000000'],
      [{ tag: 'ActivationDate', type: 'DateTimeExtended', value: 1205495800000000n }, '4200010b00000008 000448645cefee00'],
      [struct('ProtocolVersion', [int('ProtocolVersionMajor', 1)]), '4200690100000010 42006a02000000040000000100000000'],
      [struct('Attributes', []), '4201250100000000'],
      [{ tag: '0x540001', type: 'Integer', value: -1 }, '54000102 00000004 ffffffff 00000000'],
    ];
    for (const [node, wire] of cases) {
      const expected = wire.replace(/\s+/g, '');
      assert.equal(hexOf(encodeBinaryTtlv(node)), expected, node.tag);
      assert.deepEqual(decodeBinaryTtlv(hex(expected)), node, node.tag);
    }
  });

  it('writes BigIntegers as the shortest two\'s complement in whole 8-byte blocks', () => {
    const big = (value: bigint): string => hexOf(encodeBinaryTtlv({ tag: 'Modulus', type: 'BigInteger', value })).slice(16);
    assert.equal(big(0n), '0000000000000000');
    assert.equal(big(-1n), 'ffffffffffffffff');
    assert.equal(big(2n ** 63n - 1n), '7fffffffffffffff');
    assert.equal(big(2n ** 63n), '00000000000000008000000000000000');
    assert.equal(big(-(2n ** 63n)), '8000000000000000');
    assert.equal(big(-(2n ** 63n) - 1n), 'ffffffffffffffff7fffffffffffffff');
    assert.equal(decodeBinaryTtlv(hex('4200520400000008ffffffffffffff85')).value, -123n);
    // A longer sign extension than needed still reads as the same number.
    assert.equal(decodeBinaryTtlv(hex('420052040000001000000000000000000000000000000005')).value, 5n);
  });

  it('reads enumeration values without a name as numbers and writes numbers as given', () => {
    const node = decodeBinaryTtlv(hex('4200570500000004 8000000100000000'));
    assert.deepEqual(node, { tag: 'ObjectType', type: 'Enumeration', value: 0x80000001 });
    assert.equal(hexOf(encodeBinaryTtlv(node)), '42005705000000048000000100000000');
    assert.equal(hexOf(encodeBinaryTtlv(enumeration('AttributeReference', 'UniqueIdentifier'))), '42013b05000000040042009400000000');
  });

  it('keeps a leading byte order mark and writes UTF-8', () => {
    const node = text('Comment', '\uFEFFé€😀');
    const wire = encodeBinaryTtlv(node);
    assert.equal(hexOf(wire).slice(8, 16), '0000000c');
    assert.deepEqual(decodeBinaryTtlv(wire), node);
  });

  it('writes a DateTime in whole seconds, dropping milliseconds', () => {
    const node: TtlvNode = { tag: 'InitialDate', type: 'DateTime', value: new Date(1_700_000_000_999) };
    assert.deepEqual(decodeBinaryTtlv(encodeBinaryTtlv(node)), { ...node, value: new Date(1_700_000_000_000) });
  });

  it('accepts alias spellings and writes them under the table number', () => {
    assert.equal(hexOf(encodeBinaryTtlv(bytes('IVCounterNonce', Uint8Array.of(9)))).slice(0, 6), '42003d');
    assert.equal(decodeBinaryTtlv(encodeBinaryTtlv(bytes('IVCounterNonce', Uint8Array.of(9)))).tag, 'IvCounterNonce');
  });
});

describe('binary TTLV: malformed input', () => {
  it('refuses input shorter than one header, and an empty buffer', () => {
    refused(new Uint8Array(0), /at least 8 bytes/);
    refused(hex('42006a02000000'), /at least 8 bytes/);
  });

  it('refuses non-zero padding, naming the tag and offset', () => {
    refused(hex('42006a02 00000004 00000007 00000100'), /non-zero padding .*ProtocolVersionMajor at offset 0/);
    refused(hex('4200940700000001 41000000000000ff'), /non-zero padding/);
  });

  it('refuses a Boolean other than 0 or 1', () => {
    refused(hex('4201200600000008 0000000000000002'), /Boolean must be 0 or 1 \(Sensitive at offset 0\)/);
    refused(hex('4201200600000008 0000000100000001'), /Boolean must be 0 or 1/);
  });

  it('refuses fixed-size types of the wrong length', () => {
    refused(hex('42006a02 00000003 00000007 00000000'), /Integer length must be 4, got 3/);
    refused(hex('42006a02 00000008 00000000 00000007'), /Integer length must be 4, got 8/);
    refused(hex('4200970300000004 0000000100000000'), /LongInteger length must be 8/);
    refused(hex('4201200600000004 0000000100000000'), /Boolean length must be 8/);
    refused(hex('4200520400000004 0000000100000000'), /BigInteger length must be a non-zero multiple of 8/);
    refused(hex('4200520400000000'), /BigInteger length must be a non-zero multiple of 8/);
  });

  it('refuses lengths that overrun the buffer or the enclosing structure', () => {
    refused(hex('42006a02 00000004 00000007'), /overruns/);
    refused(hex('4200940700000010 4142434400000000'), /overruns/);
    refused(hex(`4200690100000008 ${INTEGER_ITEM}`), /overruns its container \(ProtocolVersionMajor at offset 8\)/);
    refused(hex('42006902 ffffffff 00000007 00000000'), /overruns/);
  });

  it('refuses a structure whose children do not fill it exactly', () => {
    refused(hex(`4200690100000018 ${INTEGER_ITEM} 0000000000000000`), /0x000000 at offset 24|0x000000 is outside|truncated|unknown item type/);
    refused(hex(`420069010000000c ${INTEGER_ITEM} 00000000`), /overruns|truncated/);
  });

  it('refuses bytes after the single item', () => {
    refused(hex(`${INTEGER_ITEM} ${INTEGER_ITEM}`), /16 bytes follow the message's single TTLV item \(offset 16\)/);
    refused(hex(`${INTEGER_ITEM} 00`), /1 bytes follow/);
  });

  it('refuses unknown item types', () => {
    refused(hex('42006a0c 00000004 00000007 00000000'), /unknown item type 0x0c \(ProtocolVersionMajor at offset 0\)/);
    refused(hex('42006a00 00000004 00000007 00000000'), /unknown item type 0x00/);
  });

  it('refuses tags outside 0x42xxxx and 0x54xxxx, at any depth, and reads both ranges', () => {
    refused(hex('43006a02 00000004 00000007 00000000'), /tag 0x43006A is outside 0x42xxxx and 0x54xxxx \(offset 0\)/);
    refused(hex('00000102 00000004 00000007 00000000'), /tag 0x000001 is outside/);
    refused(hex('ffffff02 00000004 00000007 00000000'), /tag 0xFFFFFF is outside/);
    refused(hex(`4200690100000020 ${INTEGER_ITEM} 53ffff02 00000004 00000001 00000000`), /tag 0x53FFFF is outside 0x42xxxx and 0x54xxxx \(offset 24\)/);
    assert.equal(decodeBinaryTtlv(hex('54ffff02 00000004 00000007 00000000')).tag, '0x54FFFF');
    assert.equal(decodeBinaryTtlv(hex('42ffff02 00000004 00000007 00000000')).tag, '0x42FFFF');
  });

  it('refuses text that is not UTF-8, without quoting it', () => {
    refused(hex('4200fd0700000008 534543524554ff21'), /not valid UTF-8 \(Comment at offset 0\)/);
    assert.throws(() => decodeBinaryTtlv(hex('4200fd0700000007 534543524554ff00')), (err: unknown) => {
      assert.ok(err instanceof KmipError);
      assert.doesNotMatch(err.message, /SECRET/);
      return true;
    });
    // An encoded surrogate (CESU-8) is not UTF-8 either.
    refused(hex('4200fd0700000003 eda0800000000000'), /not valid UTF-8/);
  });

  it('refuses DateTimes a Date cannot hold', () => {
    refused(hex('4200010900000008 7fffffffffffffff'), /DateTime out of range/);
  });

  it('enforces the depth limit (root = 1)', () => {
    let node: TtlvNode = int('ProtocolVersionMajor', 1);
    for (let i = 0; i < 4; i++) node = struct('ProtocolVersion', [node]);
    const wire = encodeBinaryTtlv(node);
    assert.deepEqual(decodeBinaryTtlv(wire, { maxDepth: 5, maxNodes: 100, maxStringLength: 100 }), node);
    refused(wire, /nesting exceeds 4 levels \(ProtocolVersionMajor at offset 32\)/, { maxDepth: 4, maxNodes: 100, maxStringLength: 100 });
  });

  it('enforces the node limit', () => {
    const node = struct('Attributes', [int('CryptographicLength', 1), int('CryptographicLength', 2), int('CryptographicLength', 3)]);
    const wire = encodeBinaryTtlv(node);
    assert.deepEqual(decodeBinaryTtlv(wire, { maxDepth: 8, maxNodes: 4, maxStringLength: 100 }), node);
    refused(wire, /more than 3 items/, { maxDepth: 8, maxNodes: 3, maxStringLength: 100 });
  });

  it('enforces the string limit on text (bytes) and byte strings (two hex digits per byte)', () => {
    const limits = { maxDepth: 8, maxNodes: 100, maxStringLength: 8 };
    assert.equal(decodeBinaryTtlv(encodeBinaryTtlv(text('Comment', '12345678')), limits).value, '12345678');
    refused(encodeBinaryTtlv(text('Comment', '123456789')), /TextString longer than 8 bytes/, limits);
    assert.equal(decodeBinaryTtlv(encodeBinaryTtlv(bytes('Data', new Uint8Array(4))), limits).type, 'ByteString');
    refused(encodeBinaryTtlv(bytes('Data', new Uint8Array(5))), /ByteString longer than 4 bytes/, limits);
  });

  it('copies byte strings out of the input buffer', () => {
    const wire = encodeBinaryTtlv(bytes('Data', Uint8Array.of(1, 2, 3)));
    const node = decodeBinaryTtlv(wire);
    wire.fill(0);
    assert.deepEqual(node.value, Uint8Array.of(1, 2, 3));
    const fromBuffer = decodeBinaryTtlv(hex('4200c20800000003 0102030000000000'));
    assert.ok(fromBuffer.value instanceof Uint8Array && !Buffer.isBuffer(fromBuffer.value));
    assert.equal(fromBuffer.value.byteLength, fromBuffer.value.buffer.byteLength, 'the value owns its buffer');
  });
});

describe('binary TTLV: encoding refusals', () => {
  it('refuses unknown tag names', () => {
    unencodable(int('NoSuchTag', 1), /NoSuchTag: not a KMIP tag name/);
    unencodable(int('0x1234567', 1), /not a KMIP tag name/);
  });

  it('refuses an enumeration name the tag does not have, and names under tags without names', () => {
    unencodable(enumeration('ObjectType', 'NoSuchType'), /"?NoSuchType"? is not a value of this enumeration/);
    unencodable(enumeration('ObjectType', 'AES'), /not a value/);
    unencodable(enumeration('0x540001', 'Create'), /not a value/);
    unencodable({ tag: 'ObjectType', type: 'Enumeration', value: -1 }, /unsigned 32-bit/);
  });

  it('refuses numbers outside their type', () => {
    unencodable(int('CryptographicLength', 2 ** 31), /signed 32-bit/);
    unencodable(int('CryptographicLength', 1.5), /signed 32-bit/);
    unencodable({ tag: 'LeaseTime', type: 'Interval', value: -1 }, /unsigned 32-bit/);
    unencodable(long('UsageLimitsTotal', 2n ** 63n), /signed 64-bit/);
    unencodable({ tag: 'ActivationDate', type: 'DateTimeExtended', value: -(2n ** 63n) - 1n }, /signed 64-bit/);
    unencodable({ tag: 'ActivationDate', type: 'DateTime', value: new Date(Number.NaN) }, /valid Date/);
  });

  it('refuses text with an unpaired surrogate, which UTF-8 cannot carry', () => {
    unencodable(text('Comment', 'a\uD800b'), /unpaired surrogate/);
  });
});
