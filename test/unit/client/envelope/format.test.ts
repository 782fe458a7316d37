import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvelopeError, type EnvelopeErrorCode } from '../../../../src/client/envelope/envelope-error.js';
import {
  encodeEnvelopeHeader,
  isEnvelope,
  MAX_HEADER_LENGTH,
  parseEnvelopeHeader,
  readEnvelopeHeader,
  segmentNonce,
  type EnvelopeHeader,
} from '../../../../src/client/envelope/format.js';
import { encryptBytes } from './envelope-helpers.js';

const fields: EnvelopeHeader = {
  keyId: 'clé-42',
  scheme: 'rsa-oaep-sha256',
  wrappedKey: Buffer.from('00112233445566778899', 'hex'),
  segmentSize: 65536,
  noncePrefix: Buffer.from('a1a2a3a4a5a6a7', 'hex'),
};

const u16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

/** A header assembled by hand from docs/file-format.md, with any field replaced. */
function handHeader(over: Partial<Record<'magic' | 'version' | 'keyIdLen' | 'keyId' | 'schemeLen' | 'scheme' | 'wrappedLen' | 'wrapped' | 'segment' | 'prefix', Buffer>> = {}): Buffer {
  const keyId = Buffer.from(fields.keyId, 'utf8');
  return Buffer.concat([
    over.magic ?? Buffer.from('KMSENVLP', 'ascii'),
    over.version ?? Buffer.from([1]),
    over.keyIdLen ?? u16(keyId.length),
    over.keyId ?? keyId,
    over.schemeLen ?? Buffer.from([fields.scheme.length]),
    over.scheme ?? Buffer.from(fields.scheme, 'ascii'),
    over.wrappedLen ?? u16(fields.wrappedKey.length),
    over.wrapped ?? Buffer.from(fields.wrappedKey),
    over.segment ?? u32(fields.segmentSize),
    over.prefix ?? Buffer.from(fields.noncePrefix),
  ]);
}

function failsWith(code: EnvelopeErrorCode, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof EnvelopeError && e.code === code);
}

describe('envelope header format', () => {
  it('lays out the header byte by byte as documented', () => {
    const bytes = encodeEnvelopeHeader(fields);
    assert.deepEqual(bytes, handHeader());
    assert.equal(bytes.length, 8 + 1 + 2 + 7 + 1 + 15 + 2 + 10 + 4 + 7);
  });

  it('parses what it writes, reporting the header length', () => {
    const bytes = Buffer.concat([encodeEnvelopeHeader(fields), Buffer.from('segments follow')]);
    const h = parseEnvelopeHeader(bytes);
    assert.ok(h);
    assert.equal(h.version, 1);
    assert.equal(h.keyId, fields.keyId);
    assert.equal(h.scheme, fields.scheme);
    assert.deepEqual(Buffer.from(h.wrappedKey), Buffer.from(fields.wrappedKey));
    assert.equal(h.segmentSize, fields.segmentSize);
    assert.deepEqual(Buffer.from(h.noncePrefix), Buffer.from(fields.noncePrefix));
    assert.equal(h.headerLength, handHeader().length);
  });

  it('asks for more bytes on every proper prefix of a header, and reports truncation when that is all there is', () => {
    const bytes = encodeEnvelopeHeader(fields);
    for (let n = 0; n < bytes.length; n++) assert.equal(parseEnvelopeHeader(bytes.subarray(0, n)), undefined, `prefix ${n}`);
    for (let n = 1; n < bytes.length; n++) failsWith('truncated', () => readEnvelopeHeader(bytes.subarray(0, n)));
    failsWith('not_envelope', () => readEnvelopeHeader(new Uint8Array(0)));
  });

  it('fits the largest allowed fields in exactly MAX_HEADER_LENGTH bytes', () => {
    const big = { ...fields, keyId: 'k'.repeat(1024), scheme: 's'.repeat(32), wrappedKey: randomBytes(4096), segmentSize: 4 * 1024 * 1024 };
    const bytes = encodeEnvelopeHeader(big);
    assert.equal(bytes.length, MAX_HEADER_LENGTH);
    assert.equal(readEnvelopeHeader(bytes).headerLength, MAX_HEADER_LENGTH);
  });

  it('recognises the magic and practically never a random server-mode nonce', () => {
    assert.equal(isEnvelope(encodeEnvelopeHeader(fields)), true);
    assert.equal(isEnvelope(Buffer.from('KMSENVL')), false);
    assert.equal(isEnvelope(Buffer.from('KMSENVLX0000')), false);
    for (let i = 0; i < 10000; i++) assert.equal(isEnvelope(randomBytes(28)), false);
  });

  it('refuses another magic from the first differing byte, and any version but 1', () => {
    failsWith('not_envelope', () => parseEnvelopeHeader(Buffer.from('X')));
    failsWith('not_envelope', () => parseEnvelopeHeader(handHeader({ magic: Buffer.from('KMSENVLQ') })));
    failsWith('unsupported_version', () => parseEnvelopeHeader(handHeader({ version: Buffer.from([2]) })));
    failsWith('unsupported_version', () => parseEnvelopeHeader(handHeader({ version: Buffer.from([0]) })));
  });

  it('refuses a hostile length as soon as the length field arrives, before the field itself', () => {
    const prefix = (h: Buffer, end: number): Buffer => h.subarray(0, end);
    failsWith('bad_header', () => parseEnvelopeHeader(prefix(handHeader({ keyIdLen: u16(0xffff) }), 11)));
    failsWith('bad_header', () => parseEnvelopeHeader(prefix(handHeader({ keyIdLen: u16(1025) }), 11)));
    const atWrappedLen = 8 + 1 + 2 + 7 + 1 + 15 + 2;
    failsWith('bad_header', () => parseEnvelopeHeader(prefix(handHeader({ wrappedLen: u16(4097) }), atWrappedLen)));
    failsWith('bad_header', () => parseEnvelopeHeader(prefix(handHeader({ wrappedLen: u16(0xffff) }), atWrappedLen)));
  });

  it('refuses out-of-bounds and malformed fields', () => {
    failsWith('bad_header', () => parseEnvelopeHeader(handHeader({ keyIdLen: u16(0), keyId: Buffer.alloc(0) })));
    failsWith('bad_header', () => parseEnvelopeHeader(handHeader({ keyIdLen: u16(2), keyId: Buffer.from([0xc3, 0x28]) })));
    failsWith('bad_header', () => parseEnvelopeHeader(handHeader({ schemeLen: Buffer.from([0]), scheme: Buffer.alloc(0) })));
    failsWith('bad_header', () => parseEnvelopeHeader(handHeader({ schemeLen: Buffer.from([33]), scheme: Buffer.alloc(33, 0x61) })));
    failsWith('bad_header', () => parseEnvelopeHeader(handHeader({ schemeLen: Buffer.from([4]), scheme: Buffer.from('rs a') })));
    failsWith('bad_header', () => parseEnvelopeHeader(handHeader({ schemeLen: Buffer.from([3]), scheme: Buffer.from([0x72, 0xe9, 0x61]) })));
    failsWith('bad_header', () => parseEnvelopeHeader(handHeader({ wrappedLen: u16(0), wrapped: Buffer.alloc(0) })));
    for (const size of [0, 63, 4 * 1024 * 1024 + 1, 0xffffffff]) {
      failsWith('bad_header', () => parseEnvelopeHeader(handHeader({ segment: u32(size) })));
    }
  });

  it('refuses to write a header it would refuse to read', () => {
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, keyId: '' }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, keyId: 'é'.repeat(513) }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, keyId: 'a\ud800b' }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, scheme: '' }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, scheme: 'rsa oaep' }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, scheme: 'x'.repeat(33) }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, wrappedKey: new Uint8Array(0) }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, wrappedKey: new Uint8Array(4097) }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, segmentSize: 1000.5 }));
    failsWith('bad_header', () => encodeEnvelopeHeader({ ...fields, noncePrefix: new Uint8Array(8) }));
  });

  it('builds each nonce as prefix, big-endian counter, last flag', () => {
    const prefix = Buffer.from('01020304050607', 'hex');
    assert.equal(segmentNonce(prefix, 0, false).toString('hex'), '01020304050607' + '00000000' + '00');
    assert.equal(segmentNonce(prefix, 0x01020304, true).toString('hex'), '01020304050607' + '01020304' + '01');
    assert.equal(segmentNonce(prefix, 0xffffffff, false).toString('hex'), '01020304050607' + 'ffffffff' + '00');
  });

  it('seals every segment with plain AES-256-GCM under the documented nonce and the header as AAD', async () => {
    let dek = Buffer.alloc(0);
    const plaintext = randomBytes(64 * 3 + 10);
    const envelope = await encryptBytes(plaintext, {
      segmentSize: 64,
      wrap: (k) => { dek = Buffer.from(k); return Promise.resolve({ keyId: 'k1', scheme: 'test', wrappedKey: Buffer.from([1]) }); },
    });
    const header = readEnvelopeHeader(envelope);
    const aad = envelope.subarray(0, header.headerLength);
    const sizes = [64, 64, 64, 10];
    let off = header.headerLength;
    const opened = sizes.map((n, i) => {
      const last = i === sizes.length - 1;
      const nonce = Buffer.concat([Buffer.from(header.noncePrefix), u32(i), Buffer.from([last ? 1 : 0])]);
      const d = createDecipheriv('aes-256-gcm', dek, nonce);
      d.setAAD(aad);
      d.setAuthTag(envelope.subarray(off + n, off + n + 16));
      const pt = Buffer.concat([d.update(envelope.subarray(off, off + n)), d.final()]);
      off += n + 16;
      return pt;
    });
    assert.equal(off, envelope.length);
    assert.deepEqual(Buffer.concat(opened), plaintext);
    // And the same computation forward: the ciphertext is exactly what a plain AES-GCM call yields.
    const c = createCipheriv('aes-256-gcm', dek, Buffer.concat([Buffer.from(header.noncePrefix), u32(0), Buffer.from([0])]));
    c.setAAD(aad);
    const first = Buffer.concat([c.update(plaintext.subarray(0, 64)), c.final(), c.getAuthTag()]);
    assert.deepEqual(envelope.subarray(header.headerLength, header.headerLength + 80), first);
  });
});
