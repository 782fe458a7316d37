import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvelopeError, type EnvelopeErrorCode } from '../../../../src/client/envelope/envelope-error.js';
import { decryptFile, encryptFile, readEnvelopeFileHeader } from '../../../../src/client/envelope/envelope-file.js';
import { TestKek } from './envelope-helpers.js';

const isCode = (code: EnvelopeErrorCode) => (e: unknown): boolean => e instanceof EnvelopeError && e.code === code;

describe('envelope files', () => {
  let dir = '';
  const kek = new TestKek('projects/7/keys/backup');
  /** A fresh empty directory per test, so its listing shows exactly what a call left behind. */
  const fresh = (): string => mkdtempSync(join(dir, 'case-'));

  before(() => { dir = mkdtempSync(join(tmpdir(), 'kms-envelope-file-')); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('encrypts and decrypts a file into owner-only files, leaving no temporary files', async () => {
    const d = fresh();
    const plaintext = randomBytes(1_000_000);
    writeFileSync(join(d, 'in.bin'), plaintext);
    await encryptFile(join(d, 'in.bin'), join(d, 'in.bin.kmsenv'), kek.wrap, { segmentSize: 4096 });
    await decryptFile(join(d, 'in.bin.kmsenv'), join(d, 'out.bin'), kek.unwrap);
    assert.deepEqual(readFileSync(join(d, 'out.bin')), plaintext);
    assert.deepEqual(readdirSync(d).sort(), ['in.bin', 'in.bin.kmsenv', 'out.bin']);
    assert.equal(statSync(join(d, 'out.bin')).mode & 0o777, 0o600);
    assert.equal(statSync(join(d, 'in.bin.kmsenv')).mode & 0o777, 0o600);
    const h = await readEnvelopeFileHeader(join(d, 'in.bin.kmsenv'));
    assert.equal(h.keyId, 'projects/7/keys/backup');
    assert.equal(h.scheme, 'rfc5649');
    assert.equal(h.segmentSize, 4096);
  });

  it('leaves neither the output nor a temporary file when decryption fails late in the file', async () => {
    const d = fresh();
    writeFileSync(join(d, 'in.bin'), randomBytes(500_000));
    await encryptFile(join(d, 'in.bin'), join(d, 'enc'), kek.wrap);
    const enc = readFileSync(join(d, 'enc'));
    enc[enc.length - 3] = (enc[enc.length - 3] ?? 0) ^ 1;
    writeFileSync(join(d, 'enc'), enc);
    await assert.rejects(decryptFile(join(d, 'enc'), join(d, 'out.bin'), kek.unwrap), isCode('corrupt'));
    assert.deepEqual(readdirSync(d).sort(), ['enc', 'in.bin']);
  });

  it('keeps an existing output file untouched when decryption fails', async () => {
    const d = fresh();
    writeFileSync(join(d, 'in.bin'), randomBytes(200_000));
    await encryptFile(join(d, 'in.bin'), join(d, 'enc'), kek.wrap);
    writeFileSync(join(d, 'enc'), readFileSync(join(d, 'enc')).subarray(0, 150_000));
    writeFileSync(join(d, 'out.bin'), 'previous contents');
    await assert.rejects(decryptFile(join(d, 'enc'), join(d, 'out.bin'), kek.unwrap), (e: unknown) => e instanceof EnvelopeError);
    assert.equal(readFileSync(join(d, 'out.bin'), 'utf8'), 'previous contents');
    assert.deepEqual(readdirSync(d).sort(), ['enc', 'in.bin', 'out.bin']);
  });

  it('refuses a server-mode file and leaves nothing behind', async () => {
    const d = fresh();
    writeFileSync(join(d, 'server-mode.bin'), randomBytes(12 + 64 + 16));
    await assert.rejects(decryptFile(join(d, 'server-mode.bin'), join(d, 'out.bin'), kek.unwrap), isCode('not_envelope'));
    await assert.rejects(readEnvelopeFileHeader(join(d, 'server-mode.bin')), isCode('not_envelope'));
    assert.deepEqual(readdirSync(d), ['server-mode.bin']);
  });

  it('leaves nothing behind when wrapping fails, and wraps nothing when the input is missing', async () => {
    const d = fresh();
    writeFileSync(join(d, 'in.bin'), randomBytes(1000));
    const denied = new Error('wrap denied');
    await assert.rejects(encryptFile(join(d, 'in.bin'), join(d, 'enc'), () => Promise.reject(denied)), (e: unknown) => e === denied);
    let wrapped = false;
    await assert.rejects(
      encryptFile(join(d, 'missing.bin'), join(d, 'enc'), (k) => { wrapped = true; return kek.wrap(k); }),
      (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT',
    );
    assert.equal(wrapped, false);
    assert.deepEqual(readdirSync(d), ['in.bin']);
  });

  it('removes the temporary file when the caller aborts midway', async () => {
    const d = fresh();
    writeFileSync(join(d, 'in.bin'), randomBytes(2_000_000));
    await encryptFile(join(d, 'in.bin'), join(d, 'enc'), kek.wrap);
    const controller = new AbortController();
    await assert.rejects(
      decryptFile(join(d, 'enc'), join(d, 'out.bin'), kek.unwrap, { signal: controller.signal, onProgress: (done) => { if (done > 100_000) controller.abort(); } }),
      (e: unknown) => (e as Error).name === 'AbortError',
    );
    assert.deepEqual(readdirSync(d).sort(), ['enc', 'in.bin']);
  });

  it('reports a header cut short, and an empty file as no envelope', async () => {
    const d = fresh();
    writeFileSync(join(d, 'in.bin'), 'x');
    await encryptFile(join(d, 'in.bin'), join(d, 'enc'), kek.wrap);
    writeFileSync(join(d, 'short'), readFileSync(join(d, 'enc')).subarray(0, 20));
    writeFileSync(join(d, 'empty'), '');
    await assert.rejects(readEnvelopeFileHeader(join(d, 'short')), isCode('truncated'));
    await assert.rejects(readEnvelopeFileHeader(join(d, 'empty')), isCode('not_envelope'));
    await assert.rejects(decryptFile(join(d, 'short'), join(d, 'out'), kek.unwrap), isCode('truncated'));
    await assert.rejects(decryptFile(join(d, 'empty'), join(d, 'out'), kek.unwrap), isCode('not_envelope'));
    assert.deepEqual(readdirSync(d).sort(), ['empty', 'enc', 'in.bin', 'short']);
  });
});
