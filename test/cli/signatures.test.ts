import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kms } from '../../src/client/kms.js';
import { KmsHttpClient } from '../../src/client/http-client.js';
import { INLINE_LIMIT } from '../../src/cli/commands/signatures.js';
import { cliFixture, DATABASE_TYPES, type CliFixture } from './cli-fixture.js';

interface Pair {
  private_key_unique_identifier: string;
  public_key_unique_identifier: string;
}

interface Signed {
  signature_file: string;
  digest: string | null;
}

// One server per database type; the two suites run side by side, each suite's tests in order.
describe('kms rsa|ec sign|verify in both database types', { concurrency: true }, () => {
  for (const type of DATABASE_TYPES) {
    describe(`kms rsa|ec sign|verify (${type})`, { concurrency: 1 }, () => {
      let f: CliFixture;
      let kms: Kms;
      let rsa: Pair;
      let p256: Pair;
      let p384: Pair;
      let ed: Pair;
      let small: string;
      let large: string;
      before(async () => {
        f = await cliFixture(type);
        kms = new Kms(new KmsHttpClient({ url: f.server.url, ...(f.secret === undefined ? {} : { databaseSecret: f.secret }) }));
        rsa = (await f.json(['rsa', 'keys', 'create', '-s', '2048', '-t', 'sig-rsa'])) as Pair;
        p256 = (await f.json(['ec', 'keys', 'create', '-t', 'sig-p256'])) as Pair;
        p384 = (await f.json(['ec', 'keys', 'create', '--curve', 'nist-p384'])) as Pair;
        ed = (await f.json(['ec', 'keys', 'create', '--curve', 'ed25519'])) as Pair;
        small = join(f.dir, 'small.txt');
        writeFileSync(small, 'a document worth signing\n');
        large = join(f.dir, 'large.bin');
        writeFileSync(large, randomBytes(INLINE_LIMIT + 4096));
      });
      after(async () => {
        await kms.close();
        await f.close();
      });

      const tampered = (path: string, name: string): string => {
        const bytes = readFileSync(path);
        bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 1;
        const out = join(f.dir, name);
        writeFileSync(out, bytes);
        return out;
      };

      it('signs a file with RSA into FILE.sig, verifies it (exit 0, "valid"), and reports a tampered file (exit 6, "invalid")', async () => {
        const out = await f.ok(['rsa', 'sign', '-k', rsa.private_key_unique_identifier, 'small.txt']);
        assert.match(out, /The signature was written/);
        const sig = readFileSync(`${small}.sig`);
        assert.equal(sig.length, 256);
        assert.equal(statSync(`${small}.sig`).mode & 0o777, 0o600);
        const ok = await f.kms(['rsa', 'verify', '-k', rsa.public_key_unique_identifier, 'small.txt', 'small.txt.sig']);
        assert.equal(ok.status, 0, ok.stderr);
        assert.equal(ok.stdout.trim(), 'valid');
        const sdk = await kms.signatureVerify({ uniqueIdentifier: rsa.public_key_unique_identifier, data: readFileSync(small), signatureData: sig });
        assert.equal(sdk.validity, 'Valid', 'the server verifies what the CLI wrote');
        const bad = await f.kms(['rsa', 'verify', '-k', rsa.public_key_unique_identifier, tampered(small, 'small-bad.txt'), 'small.txt.sig']);
        assert.equal(bad.status, 6);
        assert.equal(bad.stdout.trim(), 'invalid');
        assert.equal(bad.stderr, '');
      });

      it('refuses to replace a signature file without --force, and names keys by tag', async () => {
        const again = await f.kms(['rsa', 'sign', '-t', 'sig-rsa', '-t', '_sk', 'small.txt']);
        assert.equal(again.status, 5, again.stderr);
        assert.match(again.stderr, /already exists/);
        assert.equal((await f.kms(['rsa', 'sign', '-t', 'sig-rsa', '-t', '_sk', 'small.txt', '--force'])).status, 0);
        assert.equal((await f.kms(['rsa', 'verify', '-t', 'sig-rsa', '-t', '_pk', 'small.txt', 'small.txt.sig'])).status, 0);
      });

      it('honours --scheme and --digest, and a signature checked under another scheme is invalid', async () => {
        await f.ok(['rsa', 'sign', '-k', rsa.private_key_unique_identifier, '--scheme', 'pkcs1v15', '--digest', 'sha384', '-s', 'small.p1', 'small.txt']);
        const sig = readFileSync(join(f.dir, 'small.p1'));
        const sdk = await kms.signatureVerify({
          uniqueIdentifier: rsa.public_key_unique_identifier,
          data: readFileSync(small),
          signatureData: sig,
          parameters: { paddingMethod: 'PKCS1v15', hashingAlgorithm: 'SHA384' },
        });
        assert.equal(sdk.validity, 'Valid');
        const same = ['rsa', 'verify', '-k', rsa.public_key_unique_identifier, 'small.txt', 'small.p1'];
        assert.equal((await f.kms([...same, '--scheme', 'pkcs1v15', '--digest', 'sha384'])).status, 0);
        assert.equal((await f.kms([...same, '--scheme', 'pss', '--digest', 'sha384'])).status, 6);
        assert.equal((await f.kms([...same, '--scheme', 'pkcs1v15'])).status, 6, 'sha256 is not what signed');
      });

      it('signs a file above the inline limit by its digest, and the signature verifies against the whole file', async () => {
        const r = (await f.json(['rsa', 'sign', '-k', rsa.private_key_unique_identifier, 'large.bin'])) as Signed;
        assert.match(r.digest ?? '', /^[0-9a-f]{64}$/);
        const sig = readFileSync(r.signature_file);
        const sdk = await kms.signatureVerify({ uniqueIdentifier: rsa.public_key_unique_identifier, data: readFileSync(large), signatureData: sig });
        assert.equal(sdk.validity, 'Valid');
        assert.equal((await f.kms(['rsa', 'verify', '-k', rsa.public_key_unique_identifier, 'large.bin', 'large.bin.sig'])).status, 0);
        assert.equal((await f.kms(['rsa', 'verify', '-k', rsa.public_key_unique_identifier, tampered(large, 'large-bad.bin'), 'large.bin.sig'])).status, 6);
      });

      it('signs and verifies with ECDSA, hashing large files with the curve hash', async () => {
        await f.ok(['ec', 'sign', '-t', 'sig-p256', '-t', '_sk', 'small.txt', '-s', 'small.ec']);
        const ok = await f.kms(['ec', 'verify', '-k', p256.public_key_unique_identifier, 'small.txt', 'small.ec']);
        assert.equal(ok.status, 0, ok.stderr);
        assert.equal(ok.stdout.trim(), 'valid');
        assert.equal((await f.kms(['ec', 'verify', '-k', p256.public_key_unique_identifier, tampered(small, 'small-bad-ec.txt'), 'small.ec'])).status, 6);

        const r = (await f.json(['ec', 'sign', '-k', p384.private_key_unique_identifier, 'large.bin', '-s', 'large.p384'])) as Signed;
        assert.match(r.digest ?? '', /^[0-9a-f]{96}$/, 'SHA-384 for P-384');
        const sdk = await kms.signatureVerify({ uniqueIdentifier: p384.public_key_unique_identifier, data: readFileSync(large), signatureData: readFileSync(r.signature_file) });
        assert.equal(sdk.validity, 'Valid');
        assert.equal((await f.kms(['ec', 'verify', '-k', p384.public_key_unique_identifier, 'large.bin', 'large.p384'])).status, 0);
      });

      it('signs and verifies with Ed25519, sending even a large file whole', async () => {
        await f.ok(['ec', 'sign', '-k', ed.private_key_unique_identifier, 'small.txt', '-s', 'small.ed']);
        assert.equal(readFileSync(join(f.dir, 'small.ed')).length, 64);
        assert.equal((await f.kms(['ec', 'verify', '-k', ed.public_key_unique_identifier, 'small.txt', 'small.ed'])).status, 0);
        assert.equal((await f.kms(['ec', 'verify', '-k', ed.public_key_unique_identifier, tampered(small, 'small-bad-ed.txt'), 'small.ed'])).status, 6);
        const r = (await f.json(['ec', 'sign', '-k', ed.private_key_unique_identifier, 'large.bin', '-s', 'large.ed'])) as Signed;
        assert.equal(r.digest, null);
        assert.equal((await f.kms(['ec', 'verify', '-k', ed.public_key_unique_identifier, 'large.bin', 'large.ed'])).status, 0);
      });

      it('fails in one line: a missing file (5), no key named (2), a key that cannot sign (1)', async () => {
        const missing = await f.kms(['rsa', 'sign', '-k', rsa.private_key_unique_identifier, 'nope.txt']);
        assert.equal(missing.status, 5);
        assert.match(missing.stderr, /^error: .*nope\.txt: no such file/);
        const unnamed = await f.kms(['ec', 'sign', 'small.txt']);
        assert.equal(unnamed.status, 2);
        const publicKey = await f.kms(['rsa', 'sign', '-k', rsa.public_key_unique_identifier, 'small.txt', '-s', 'x.sig']);
        assert.equal(publicKey.status, 1);
        assert.equal(publicKey.stderr.trimEnd().split('\n').length, 1);
      });

      it('prints JSON with --output json for sign and verify, valid or not', async () => {
        const signed = (await f.json(['rsa', 'sign', '-k', rsa.private_key_unique_identifier, 'small.txt', '-s', 'j.sig'])) as Signed & { unique_identifier: string };
        assert.equal(signed.unique_identifier, rsa.private_key_unique_identifier);
        const valid = JSON.parse(await f.ok(['rsa', 'verify', '-k', rsa.public_key_unique_identifier, 'small.txt', 'j.sig', '--output', 'json'])) as { valid: boolean };
        assert.equal(valid.valid, true);
        const invalid = await f.kms(['ec', 'verify', '-k', p256.public_key_unique_identifier, 'small.txt', 'j.sig', '--output', 'json']);
        assert.equal(invalid.status, 6);
        assert.deepEqual(JSON.parse(invalid.stdout), { valid: false, validity: 'Invalid', unique_identifier: p256.public_key_unique_identifier });
      });
    });
  }
});
