import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliFixture, DATABASE_TYPES, type CliFixture } from './cli-fixture.js';
import { absent, failed, newKeyPair, newSymKey } from './crypto-helpers.js';

const MAGIC = Buffer.from('KMSENVLP', 'ascii');

function flipByte(path: string, at: number): void {
  const b = readFileSync(path);
  const i = at < 0 ? b.length + at : at;
  b[i] = (b[i] ?? 0) ^ 0x01;
  writeFileSync(path, b);
}

for (const db of DATABASE_TYPES) {
  describe(`kms file encryption (${db})`, () => {
    let f: CliFixture;
    const p = (name: string): string => join(f.dir, name);
    const small = randomBytes(1000);
    const large = randomBytes(1536 * 1024);

    before(async () => {
      f = await cliFixture(db);
      writeFileSync(p('small.bin'), small);
      writeFileSync(p('large.bin'), large);
    });
    after(async () => {
      await f.close();
    });

    it('encrypts a small file in the server (nonce || ciphertext || tag in FILE.enc) and decrypts it to FILE, refusing to overwrite it', async () => {
      const id = await newSymKey(f);
      writeFileSync(p('doc.txt'), small);
      const out = (await f.json(['sym', 'encrypt', '--key-id', id, 'doc.txt'])) as { mode: string };
      assert.equal(out.mode, 'server');
      const enc = readFileSync(p('doc.txt.enc'));
      assert.equal(enc.length, 12 + small.length + 16);
      assert.ok(!enc.subarray(0, 8).equals(MAGIC));
      failed(await f.kms(['sym', 'decrypt', '-k', id, 'doc.txt.enc']), 5, /--force/);
      writeFileSync(p('doc.txt'), 'changed');
      await f.ok(['sym', 'decrypt', '-k', id, '--force', 'doc.txt.enc']);
      assert.deepEqual(readFileSync(p('doc.txt')), small);
      // A file not named .enc decrypts to FILE.plain.
      await f.ok(['sym', 'encrypt', '-k', id, '-f', 'doc.sealed', 'small.bin']);
      await f.ok(['sym', 'decrypt', '-k', id, 'doc.sealed']);
      assert.deepEqual(readFileSync(p('doc.sealed.plain')), small);
    });

    it('authenticates --aad with ChaCha20-Poly1305, and a wrong AAD exits 6 leaving no output', async () => {
      const id = await newSymKey(f, { algorithm: 'ChaCha20' });
      await f.ok(['sym', 'encrypt', '-k', id, '-d', 'chacha20-poly1305', '--aad', '0a0b0c', '-f', 'aad.enc', 'small.bin']);
      failed(await f.kms(['sym', 'decrypt', '-k', id, '--aad', '0a0b0d', '-f', 'aad.bad', 'aad.enc']), 6);
      absent(p('aad.bad'));
      await f.ok(['sym', 'decrypt', '-k', id, '-d', 'chacha20-poly1305', '--aad', '0a0b0c', '-f', 'aad.dec', 'aad.enc']);
      assert.deepEqual(readFileSync(p('aad.dec')), small);
    });

    it('encrypts with --envelope into an envelope file that decrypts with the key its header names', async () => {
      const tag = `env-${db}`;
      const id = await newSymKey(f, { tags: [tag] });
      const out = (await f.json(['sym', 'encrypt', '--tag', tag, '--envelope', '-f', 'small.env', 'small.bin'])) as { mode: string; key_id: string };
      assert.equal(out.mode, 'envelope');
      assert.equal(out.key_id, id);
      assert.ok(readFileSync(p('small.env')).subarray(0, 8).equals(MAGIC));
      await f.ok(['sym', 'decrypt', '-f', 'small.env.dec', 'small.env']);
      assert.deepEqual(readFileSync(p('small.env.dec')), small);
    });

    it('exits 6 with no output for a tampered file or the wrong key, in both modes, and 5 for a file that is not encrypted', async () => {
      const id = await newSymKey(f);
      const other = await newSymKey(f);
      await f.ok(['sym', 'encrypt', '-k', id, '-f', 't.enc', 'small.bin']);
      await f.ok(['sym', 'encrypt', '-k', id, '--envelope', '-f', 't.env', 'small.bin']);
      failed(await f.kms(['sym', 'decrypt', '-k', other, '-f', 'wrong1.out', 't.enc']), 6);
      failed(await f.kms(['sym', 'decrypt', '-k', other, '-f', 'wrong2.out', 't.env']), 6);
      flipByte(p('t.enc'), 20);
      flipByte(p('t.env'), -5);
      failed(await f.kms(['sym', 'decrypt', '-k', id, '-f', 'tampered1.out', 't.enc']), 6);
      failed(await f.kms(['sym', 'decrypt', '-k', id, '-f', 'tampered2.out', 't.env']), 6);
      for (const name of ['wrong1.out', 'wrong2.out', 'tampered1.out', 'tampered2.out']) absent(p(name));
      writeFileSync(p('short.enc'), 'tiny');
      failed(await f.kms(['sym', 'decrypt', '-k', id, '-f', 'short.out', 'short.enc']), 5, /not an encrypted file/);
      absent(p('short.out'));
    });

    it('uses the envelope above 1 MiB and the server with --server, both decrypting byte for byte', async () => {
      const id = await newSymKey(f);
      await f.ok(['sym', 'encrypt', '-k', id, 'large.bin']);
      assert.ok(readFileSync(p('large.bin.enc')).subarray(0, 8).equals(MAGIC));
      await f.ok(['sym', 'decrypt', '-k', id, '-f', 'large.dec', 'large.bin.enc']);
      assert.ok(readFileSync(p('large.dec')).equals(large));
      await f.ok(['sym', 'encrypt', '-k', id, '--server', '-f', 'large.srv', 'large.bin']);
      assert.equal(readFileSync(p('large.srv')).length, large.length + 28);
      await f.ok(['sym', 'decrypt', '-k', id, '-f', 'large.srv.dec', 'large.srv']);
      assert.ok(readFileSync(p('large.srv.dec')).equals(large));
    });

    it('encrypts with RSA: OAEP SHA-256 for one block, RSA-AES key wrap beyond, the schemes asked for, and the envelope', async () => {
      const pair = await newKeyPair(f, 'rsa');
      const other = await newKeyPair(f, 'rsa');
      writeFileSync(p('tiny.txt'), 'short enough for one RSA block');
      await f.ok(['rsa', 'encrypt', '-k', pair.publicId, '-f', 'tiny.rsa', 'tiny.txt']);
      assert.equal(readFileSync(p('tiny.rsa')).length, 256);
      await f.ok(['rsa', 'decrypt', '-k', pair.privateId, '-f', 'tiny.rsa.dec', 'tiny.rsa']);
      assert.equal(readFileSync(p('tiny.rsa.dec'), 'utf8'), 'short enough for one RSA block');
      await f.ok(['rsa', 'encrypt', '-k', pair.publicId, '-f', 'small.rsa', 'small.bin']);
      assert.ok(readFileSync(p('small.rsa')).length > 256);
      await f.ok(['rsa', 'decrypt', '-k', pair.privateId, '-f', 'small.rsa.dec', 'small.rsa']);
      assert.deepEqual(readFileSync(p('small.rsa.dec')), small);
      failed(await f.kms(['rsa', 'encrypt', '-k', pair.publicId, '--scheme', 'oaep-sha256', '-f', 'too-big.rsa', 'small.bin']), 2, /at most 190 bytes/);
      absent(p('too-big.rsa'));
      for (const scheme of ['pkcs1v15', 'oaep-sha1']) {
        await f.ok(['rsa', 'encrypt', '-k', pair.publicId, '--scheme', scheme, '-f', `${scheme}.rsa`, 'tiny.txt']);
        await f.ok(['rsa', 'decrypt', '-k', pair.privateId, '--scheme', scheme, '-f', `${scheme}.dec`, `${scheme}.rsa`]);
        assert.equal(readFileSync(p(`${scheme}.dec`), 'utf8'), 'short enough for one RSA block');
      }
      await f.ok(['rsa', 'encrypt', '-k', pair.publicId, '--envelope', '-f', 'small.rsa.env', 'small.bin']);
      failed(await f.kms(['rsa', 'decrypt', '-f', 'x.dec', 'small.rsa.env']), 2, /private key/);
      failed(await f.kms(['rsa', 'decrypt', '-k', other.privateId, '-f', 'wrong.dec', 'small.rsa.env']), 6);
      absent(p('wrong.dec'));
      await f.ok(['rsa', 'decrypt', '-k', pair.privateId, '-f', 'small.rsa.env.dec', 'small.rsa.env']);
      assert.deepEqual(readFileSync(p('small.rsa.env.dec')), small);
    });

    it('encrypts with EC (ECIES, with AAD) and X25519 keys in the server and in an envelope; the wrong private key exits 6', async () => {
      const pair = await newKeyPair(f, 'ec');
      const x = await newKeyPair(f, 'ec', 'CURVE25519');
      await f.ok(['ec', 'encrypt', '-k', pair.publicId, '--aad', 'cafe', '-f', 'small.ec', 'small.bin']);
      failed(await f.kms(['ec', 'decrypt', '-k', x.privateId, '--aad', 'cafe', '-f', 'wrong.ec.dec', 'small.ec']), 6);
      absent(p('wrong.ec.dec'));
      await f.ok(['ec', 'decrypt', '-k', pair.privateId, '--aad', 'cafe', '-f', 'small.ec.dec', 'small.ec']);
      assert.deepEqual(readFileSync(p('small.ec.dec')), small);
      await f.ok(['ec', 'encrypt', '-k', x.publicId, '--envelope', '-f', 'small.x.env', 'small.bin']);
      await f.ok(['ec', 'decrypt', '-k', x.privateId, '-f', 'small.x.env.dec', 'small.x.env']);
      assert.deepEqual(readFileSync(p('small.x.env.dec')), small);
      await f.ok(['ec', 'encrypt', '-k', pair.publicId, '-f', 'large.ec.env', 'large.bin']);
      await f.ok(['ec', 'decrypt', '-k', pair.privateId, '-f', 'large.ec.dec', 'large.ec.env']);
      assert.ok(readFileSync(p('large.ec.dec')).equals(large));
    });

    it('refuses a wrong key id (1), a missing input (5), an existing output (5) and conflicting options (2), writing nothing', async () => {
      const id = await newSymKey(f);
      failed(await f.kms(['sym', 'encrypt', '-k', 'no-such-key', '-f', 'nokey.enc', 'small.bin']), 1);
      failed(await f.kms(['sym', 'encrypt', '-k', 'no-such-key', '--envelope', '-f', 'nokey.env', 'small.bin']), 1);
      failed(await f.kms(['rsa', 'encrypt', '-k', 'no-such-key', '-f', 'nokey.rsa', 'small.bin']), 1);
      for (const name of ['nokey.enc', 'nokey.env', 'nokey.rsa']) absent(p(name));
      failed(await f.kms(['sym', 'encrypt', '-k', id, 'missing.bin']), 5);
      failed(await f.kms(['ec', 'decrypt', '-k', id, 'missing.bin.enc']), 5);
      writeFileSync(p('exists.enc'), 'keep');
      failed(await f.kms(['sym', 'encrypt', '-k', id, '-f', 'exists.enc', 'small.bin']), 5, /--force/);
      failed(await f.kms(['sym', 'encrypt', '-k', id, '--envelope', '-f', 'exists.enc', 'large.bin']), 5, /--force/);
      assert.equal(readFileSync(p('exists.enc'), 'utf8'), 'keep');
      failed(await f.kms(['sym', 'encrypt', '-k', id, '--envelope', '--server', 'small.bin']), 2);
      failed(await f.kms(['sym', 'encrypt', '-k', id, '--envelope', '--aad', '00', '-f', 'aad.env', 'small.bin']), 2);
      absent(p('aad.env'));
    });
  });
}
