/**
 * passwordRanges and wipeBinaryPasswords: every Password of every credential in the Request
 * Header, found without touching anything else, under the header's bounds.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_REQUEST_HEADER_BYTES, passwordRanges, wipeBinaryPasswords } from '../../../../src/kmip/binary/credential.js';
import { KmipError } from '../../../../src/kmip/kmip-error.js';
import { encodeBinaryTtlv } from '../../../../src/kmip/ttlv/binary.js';
import { int, struct, text } from '../../../../src/kmip/ttlv/build.js';
import { WIRE } from '../../../../src/kmip/binary/wire-tags.js';
import { multiCredentialMessage } from '../../../socket/password-messages.js';

const invalid = (e: unknown): boolean => e instanceof KmipError && e.reason === 'Invalid_Message';

describe('passwordRanges', () => {
  it('finds the password of every credential, Device ones included, in order', () => {
    const { message, passwords } = multiCredentialMessage('first-user-password-marker');
    const found = passwordRanges(message).map((r) => Buffer.from(message.subarray(r.offset, r.offset + r.length)).toString('utf8'));
    assert.deepEqual(found, passwords);
  });

  it('finds none in a header without Authentication', () => {
    const msg = encodeBinaryTtlv(struct(WIRE.requestMessage, [
      struct(WIRE.requestHeader, [struct(WIRE.protocolVersion, [int(WIRE.protocolVersionMajor, 2), int(WIRE.protocolVersionMinor, 0)]), int(WIRE.batchCount, 1)]),
      struct(WIRE.batchItem, [struct(WIRE.requestPayload, [text(WIRE.password, 'not-in-the-header')])]),
    ]));
    assert.deepEqual(passwordRanges(msg), []);
  });

  it(`refuses a header over ${MAX_REQUEST_HEADER_BYTES} bytes, and one that cannot be read`, () => {
    const big = encodeBinaryTtlv(struct(WIRE.requestMessage, [struct(WIRE.requestHeader, [text(WIRE.username, 'x'.repeat(MAX_REQUEST_HEADER_BYTES))])]));
    assert.throws(() => passwordRanges(big), invalid);
    assert.throws(() => passwordRanges(Uint8Array.of(1, 2, 3)), invalid);
  });
});

describe('wipeBinaryPasswords', () => {
  it('zeroes exactly the password bytes, in place', () => {
    const { message, passwords } = multiCredentialMessage('first-user-password-marker');
    const original = Uint8Array.from(message);
    wipeBinaryPasswords(message);
    for (const r of passwordRanges(original)) assert.ok(message.subarray(r.offset, r.offset + r.length).every((b) => b === 0));
    const changed = message.reduce((n, b, i) => n + (b === original[i] ? 0 : 1), 0);
    assert.equal(changed, passwords.reduce((n, p) => n + p.length, 0));
  });
});
