/**
 * What the gateway reads of a binary request on the main thread: the credential (and where its
 * password lies, for wiping) from a small header decoded under tight bounds, and the protocol
 * version at fixed offsets, refusing anything that does not sit exactly there.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateBinaryCredential, MAX_REQUEST_HEADER_BYTES, peekBinaryVersion } from '../../src/kmip/binary/credential.js';
import { KmipError } from '../../src/kmip/kmip-error.js';
import { encodeBinaryTtlv } from '../../src/kmip/ttlv/binary.js';
import { enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { DISCOVER_VERSIONS, requestMessage } from './kmip-messages.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';

const version = (major: number, minor: number): TtlvNode => struct('ProtocolVersion', [int('ProtocolVersionMajor', major), int('ProtocolVersionMinor', minor)]);
const credential = (type: string, user: string, password: string): TtlvNode =>
  struct('Credential', [enumeration('CredentialType', type), struct('CredentialValue', [text('Username', user), text('Password', password)])]);
const item = struct('BatchItem', [enumeration('Operation', 'DiscoverVersions'), struct('RequestPayload', [])]);

function message(header: readonly (TtlvNode | undefined)[]): Uint8Array {
  return encodeBinaryTtlv(struct('RequestMessage', [struct('RequestHeader', header), item]));
}

const invalid = (pattern?: RegExp) => (e: unknown): boolean => e instanceof KmipError && e.reason === 'Invalid_Message' && (pattern === undefined || pattern.test(e.message));

describe('locateBinaryCredential', () => {
  it('finds the password bytes of the Username and Password credential, past other header fields and credentials', () => {
    const password = 'the-database-secret-0123456789';
    const msg = message([
      version(2, 0),
      int('MaximumResponseSize', 4096),
      struct('Authentication', [credential('Device', 'device', 'not-this-one!'), credential('UsernameAndPassword', 'alice', password)]),
      int('BatchCount', 1),
    ]);
    const found = locateBinaryCredential(msg);
    assert.ok(found !== undefined);
    assert.equal(found.username, 'alice');
    assert.equal(found.password, password);
    const { offset, length } = found.passwordBytes;
    assert.equal(length, password.length);
    assert.equal(Buffer.from(msg.subarray(offset, offset + length)).toString('utf8'), password);
    assert.equal(Buffer.from(msg).indexOf(password), offset);
  });

  it('points at zero bytes for an empty password', () => {
    const msg = message([version(1, 4), struct('Authentication', [credential('UsernameAndPassword', 'u', '')]), int('BatchCount', 1)]);
    assert.equal(locateBinaryCredential(msg)?.passwordBytes.length, 0);
  });

  it(`refuses a Request Header over ${MAX_REQUEST_HEADER_BYTES} bytes before decoding it`, () => {
    const long = 'x'.repeat(MAX_REQUEST_HEADER_BYTES);
    const msg = message([version(1, 4), struct('Authentication', [credential('UsernameAndPassword', long, 'p')]), int('BatchCount', 1)]);
    assert.throws(() => locateBinaryCredential(msg), invalid(new RegExp(`${MAX_REQUEST_HEADER_BYTES} bytes`)));
    // The announced length alone decides: a header claiming more than the limit is never read.
    const claim = Uint8Array.from(msg.subarray(0, 64));
    new DataView(claim.buffer).setUint32(12, 0x7fff_fff0);
    assert.throws(() => locateBinaryCredential(claim), invalid(new RegExp(`${MAX_REQUEST_HEADER_BYTES} bytes`)));
  });

  it('decodes a small header under tight bounds: too many items or too long a text is refused', () => {
    const many = message([version(1, 4), ...Array.from({ length: 70 }, (_, i) => int('0x540001', i)), int('BatchCount', 1)]);
    assert.throws(() => locateBinaryCredential(many), invalid());
    const longText = message([version(1, 4), struct('Authentication', [credential('UsernameAndPassword', 'u', 'p'.repeat(2000))]), int('BatchCount', 1)]);
    assert.throws(() => locateBinaryCredential(longText), invalid());
  });
});

describe('peekBinaryVersion', () => {
  const good = requestMessage([1, 3], [DISCOVER_VERSIONS]);

  it('reads the version at its fixed place, whatever follows it', () => {
    assert.deepEqual(peekBinaryVersion(good), { major: 1, minor: 3 });
    const brokenTail = Uint8Array.from(good);
    brokenTail.fill(0xff, 56);
    assert.deepEqual(peekBinaryVersion(brokenTail), { major: 1, minor: 3 });
  });

  it('gives up on anything that does not sit exactly where a version must', () => {
    const mutated = (at: number, value: number): Uint8Array => {
      const m = Uint8Array.from(good);
      m[at] = value;
      return m;
    };
    const cases: readonly [string, Uint8Array][] = [
      ['too short', good.subarray(0, 55)],
      ['not a Request Message', mutated(2, 0x7b)],
      ['no Request Header first', mutated(2 + 8, 0x99)],
      ['no Protocol Version first', mutated(2 + 16, 0x92)],
      ['a Protocol Version of the wrong size', mutated(23, 0x28)],
      ['a major that is not an Integer', mutated(27, 0x05)],
      ['a minor of the wrong length', mutated(47, 8)],
      ['padding that is not zero', mutated(39, 1)],
      ['a message too short for its header', mutated(7, 16)],
    ];
    for (const [what, bytes] of cases) assert.equal(peekBinaryVersion(bytes), undefined, what);
  });
});
