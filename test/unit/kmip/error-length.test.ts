import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KmipError, MAX_ERROR_MESSAGE } from '../../../src/kmip/kmip-error.js';
import { KmsError } from '../../../src/protocol/wire-error.js';

describe('error messages', () => {
  it('cut a message naming a megabyte of client text to MAX_ERROR_MESSAGE characters, in both error types and on the wire', () => {
    const huge = `keys are created as Raw, not ${'A'.repeat(1 << 20)}`;
    for (const err of [new KmipError('Invalid_Field', huge), new KmsError('KMIP_ERROR', huge, 'Invalid_Field')]) {
      assert.equal(err.message.length, MAX_ERROR_MESSAGE);
      assert.ok(err.message.startsWith('keys are created as Raw, not AAAA'));
      assert.ok(err.message.endsWith('…'));
    }
    assert.equal(new KmsError('KMIP_ERROR', huge).toWire().message.length, MAX_ERROR_MESSAGE);
  });

  it('leave a message within the limit as it is', () => {
    const text = 'x'.repeat(MAX_ERROR_MESSAGE);
    assert.equal(new KmipError('Invalid_Field', text).message, text);
  });
});
