import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  bytesFromHex, hexDigitsAfterPrefix, hexFromBytes, hexFromSigned, hexFromUnsigned, isHexDigits, signedFromHex,
  unsignedFromHex,
} from '../../../../src/kmip/ttlv/hex.js';

describe('hex helpers', () => {
  it('tells hex digits from other text, the empty string counting as hex', () => {
    assert.equal(isHexDigits('09afAF'), true);
    assert.equal(isHexDigits(''), true);
    assert.equal(isHexDigits('0x1'), false);
  });

  it('decodes even-length hex of either case and refuses anything else', () => {
    assert.deepEqual(bytesFromHex('00fFaB'), new Uint8Array([0x00, 0xff, 0xab]));
    for (const hex of ['0', 'GG', '00 ', '-1']) assert.equal(bytesFromHex(hex), undefined);
  });

  it('encodes bytes as uppercase hex', () => {
    assert.equal(hexFromBytes(new Uint8Array([0, 10, 255])), '000AFF');
  });

  it('returns the digits after 0x, optionally of an exact count', () => {
    assert.equal(hexDigitsAfterPrefix('0xABcd'), 'ABcd');
    assert.equal(hexDigitsAfterPrefix('0XAB', 2), 'AB');
    assert.equal(hexDigitsAfterPrefix('0x'), '');
    for (const text of ['AB', '0xAB ', '0y00', 'x', '']) assert.equal(hexDigitsAfterPrefix(text), undefined);
    assert.equal(hexDigitsAfterPrefix('0xABC', 2), undefined);
  });

  it("reads and writes fixed-width two's complement", () => {
    assert.equal(signedFromHex('FFFFFFFFFFFFFFD6', 64), -42n);
    assert.equal(hexFromSigned(-42n, 64), 'FFFFFFFFFFFFFFD6');
    assert.equal(hexFromSigned(5n, 128), `${'0'.repeat(31)}5`);
    assert.equal(hexFromSigned(-(2n ** 63n) - 1n, 64), undefined);
  });

  it('writes unsigned values in whole bytes and reads no digits as zero', () => {
    assert.equal(hexFromUnsigned(0n), '00');
    assert.equal(hexFromUnsigned(0xabcn), '0ABC');
    assert.equal(hexFromUnsigned(-1n), undefined);
    assert.equal(unsignedFromHex(''), 0n);
    assert.equal(unsignedFromHex('0ABC'), 0xabcn);
  });
});
