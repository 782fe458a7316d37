import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliFixture, DATABASE_TYPES, type CliFixture } from './cli-fixture.js';
import { absent, assertPaired, failed, newKeyPair, newSymKey, printedId } from './crypto-helpers.js';

interface TtlvJson {
  tag: string;
  type?: string;
  value: unknown;
}

function node(parent: TtlvJson, tag: string): TtlvJson {
  const found = (parent.value as TtlvJson[]).find((c) => c.tag === tag);
  assert.ok(found !== undefined, `no ${tag} under ${parent.tag}`);
  return found;
}

function readJson(path: string): TtlvJson {
  return JSON.parse(readFileSync(path, 'utf8')) as TtlvJson;
}

for (const db of DATABASE_TYPES) {
  describe(`kms key lifecycle (${db})`, () => {
    let f: CliFixture;
    const plain = 'a secret message for the key tests';
    const p = (name: string): string => join(f.dir, name);

    before(async () => {
      f = await cliFixture(db);
      writeFileSync(p('msg.txt'), plain);
    });
    after(async () => {
      await f.close();
    });


    it('exports a symmetric key as JSON TTLV (0600) that imports under a new id and decrypts what the original encrypted', async () => {
      const id = await newSymKey(f, { tags: [`orig-${db}`] });
      await f.ok(['sym', 'keys', 'export', '--key-id', id, 'sym.json']);
      const root = readJson(p('sym.json'));
      assert.equal(root.tag, 'SymmetricKey');
      assert.equal((node(node(root, 'KeyBlock'), 'KeyFormatType').value), 'Raw');
      assert.equal(statSync(p('sym.json')).mode & 0o777, 0o600);
      const copy = printedId(await f.ok(['sym', 'keys', 'import', '-t', `imported-${db}`, 'sym.json']));
      assert.notEqual(copy, id);
      await assertPaired(f, 'sym', id, copy);
      // The tag given on import names the new key.
      await assertPaired(f, 'sym', JSON.stringify([`imported-${db}`]), id);
    });

    it('imports under a given id, refuses to overwrite it without --replace (exit 1), and replaces it with --replace', async () => {
      const a = await newSymKey(f);
      const b = await newSymKey(f);
      await f.ok(['sym', 'keys', 'export', '-k', a, 'a.json']);
      await f.ok(['sym', 'keys', 'export', '-k', b, 'b.json']);
      const given = `given-${db}`;
      assert.equal(printedId(await f.ok(['sym', 'keys', 'import', 'a.json', given])), given);
      await assertPaired(f, 'sym', a, given);
      failed(await f.kms(['sym', 'keys', 'import', 'b.json', given]), 1, /already exists/);
      await f.ok(['sym', 'keys', 'import', '--replace', 'b.json', given]);
      await assertPaired(f, 'sym', b, given);
    });

    it('exports raw and base64 key bytes that import back into a working key, selecting the key by tag', async () => {
      const tag = `bytes-${db}`;
      const id = await newSymKey(f, { tags: [tag] });
      await f.ok(['sym', 'keys', 'export', '--tag', tag, '-f', 'raw', 'k.raw']);
      await f.ok(['sym', 'keys', 'export', '--tag', tag, '-f', 'base64', 'k.b64']);
      const raw = readFileSync(p('k.raw'));
      assert.equal(raw.length, 32);
      assert.deepEqual(Buffer.from(readFileSync(p('k.b64'), 'utf8').trim(), 'base64'), raw);
      const fromRaw = printedId(await f.ok(['sym', 'keys', 'import', '-f', 'raw', 'k.raw']));
      const fromB64 = printedId(await f.ok(['sym', 'keys', 'import', '-f', 'base64', 'k.b64']));
      await assertPaired(f, 'sym', id, fromRaw);
      await assertPaired(f, 'sym', fromB64, id);
    });

    it('writes a JSON TTLV key to stdout with "-" and refuses a binary format there (exit 2)', async () => {
      const id = await newSymKey(f);
      const out = await f.ok(['sym', 'keys', 'export', '-k', id, '-']);
      assert.equal((JSON.parse(out) as TtlvJson).tag, 'SymmetricKey');
      const json = (await f.json(['sym', 'keys', 'export', '-k', id, '-f', 'base64', '-'])) as { unique_identifier: string; key: string };
      assert.equal(json.unique_identifier, id);
      assert.equal(Buffer.from(json.key, 'base64').length, 32);
      failed(await f.kms(['sym', 'keys', 'export', '-k', id, '-f', 'raw', '-']), 2);
    });

    it('wraps a key file with an AES key into a NoEncoding wrapped block that imports with --unwrap and unwraps back', async () => {
      const key = await newSymKey(f);
      const kek = await newSymKey(f);
      await f.ok(['sym', 'keys', 'export', '-k', key, 'clear.json']);
      await f.ok(['sym', 'keys', 'wrap', '--wrap-key-id', kek, 'clear.json', 'wrapped.json']);
      const block = node(readJson(p('wrapped.json')), 'KeyBlock');
      const wrapping = node(block, 'KeyWrappingData');
      assert.equal(node(wrapping, 'EncodingOption').value, 'NoEncoding');
      assert.equal(node(node(wrapping, 'EncryptionKeyInformation'), 'UniqueIdentifier').value, kek);
      assert.equal(node(block, 'KeyValue').type, 'ByteString');
      const rawHex = (node(node(node(node(readJson(p('clear.json')), 'KeyBlock'), 'KeyValue'), 'KeyMaterial'), 'ByteString').value as string).toLowerCase();
      assert.ok(!JSON.stringify(readJson(p('wrapped.json'))).toLowerCase().includes(rawHex), 'the wrapped file does not hold the clear key');
      const imported = printedId(await f.ok(['sym', 'keys', 'import', '--unwrap', 'wrapped.json']));
      await assertPaired(f, 'sym', key, imported);
      await f.ok(['sym', 'keys', 'unwrap', 'wrapped.json', 'unwrapped.json']);
      const back = node(node(node(node(readJson(p('unwrapped.json')), 'KeyBlock'), 'KeyValue'), 'KeyMaterial'), 'ByteString').value as string;
      assert.equal(back.toLowerCase(), rawHex);
      // Wrapping in place rewrites the file itself.
      await f.ok(['sym', 'keys', 'export', '-k', key, 'inplace.json']);
      await f.ok(['sym', 'keys', 'wrap', '-w', kek, 'inplace.json']);
      assert.ok(JSON.stringify(readJson(p('inplace.json'))).includes('KeyWrappingData'));
      failed(await f.kms(['sym', 'keys', 'wrap', '-w', kek, 'inplace.json', 'again.json']), 5, /already wrapped/);
    });

    it('wraps an RSA private key file with an AES key and an AES key file with an RSA public key; both import unwrapped', async () => {
      const pair = await newKeyPair(f, 'rsa');
      const kek = await newSymKey(f);
      await f.ok(['rsa', 'keys', 'export', '-k', pair.privateId, 'rsa-sk.json']);
      await f.ok(['sym', 'keys', 'wrap', '-w', kek, 'rsa-sk.json', 'rsa-sk.wrapped.json']);
      const sk = printedId(await f.ok(['rsa', 'keys', 'import', '--unwrap', 'rsa-sk.wrapped.json']));
      await assertPaired(f, 'rsa', pair.publicId, sk);

      const key = await newSymKey(f);
      await f.ok(['sym', 'keys', 'export', '-k', key, 'for-rsa.json']);
      await f.ok(['sym', 'keys', 'wrap', '-w', pair.publicId, 'for-rsa.json', 'rsa-wrapped.json']);
      const wrapping = node(node(readJson(p('rsa-wrapped.json')), 'KeyBlock'), 'KeyWrappingData');
      assert.equal(node(node(wrapping, 'EncryptionKeyInformation'), 'UniqueIdentifier').value, pair.publicId);
      const imported = printedId(await f.ok(['sym', 'keys', 'import', '-u', 'rsa-wrapped.json']));
      await assertPaired(f, 'sym', key, imported);
      await f.ok(['sym', 'keys', 'unwrap', 'rsa-wrapped.json', 'rsa-unwrapped.json']);
      const again = printedId(await f.ok(['sym', 'keys', 'import', 'rsa-unwrapped.json']));
      await assertPaired(f, 'sym', again, key);
    });

    it('exports a key wrapped by the server (--wrap-key-id) that imports with --unwrap, and exports it in the clear with --unwrap', async () => {
      const key = await newSymKey(f);
      const kek = await newSymKey(f);
      await f.ok(['sym', 'keys', 'export', '-k', key, '--wrap-key-id', kek, 'server-wrapped.json']);
      assert.ok(JSON.stringify(readJson(p('server-wrapped.json'))).includes('KeyWrappingData'));
      const kept = printedId(await f.ok(['sym', 'keys', 'import', 'server-wrapped.json']));
      await f.ok(['sym', 'keys', 'export', '-k', kept, '--unwrap', 'kept-clear.json']);
      assert.ok(!JSON.stringify(readJson(p('kept-clear.json'))).includes('KeyWrappingData'));
      const imported = printedId(await f.ok(['sym', 'keys', 'import', '--unwrap', 'server-wrapped.json']));
      await assertPaired(f, 'sym', key, imported);
    });

    it('re-keys a symmetric key: a new identifier that encrypts and decrypts', async () => {
      const id = await newSymKey(f);
      const out = await f.ok(['sym', 'keys', 're-key', '--key-id', id]);
      const next = printedId(out);
      assert.notEqual(next, id);
      await assertPaired(f, 'sym', next, next);
      const json = (await f.json(['sym', 'keys', 're-key', '-k', next])) as { unique_identifier: string; replaced: string };
      assert.equal(json.replaced, next);
      assert.notEqual(json.unique_identifier, next);
    });

    it('revokes a symmetric key (it no longer encrypts) and destroys it (nothing left to export)', async () => {
      const id = await newSymKey(f);
      failed(await f.kms(['sym', 'keys', 'destroy', '-k', id]), 1, /revoked first|active/i);
      await f.ok(['sym', 'keys', 'revoke', '-k', id, 'no longer needed']);
      failed(await f.kms(['sym', 'encrypt', '-k', id, '-f', 'revoked.enc', 'msg.txt']), 1);
      absent(p('revoked.enc'));
      await f.ok(['sym', 'keys', 'destroy', '--key-id', id]);
      failed(await f.kms(['sym', 'keys', 'export', '-k', id, 'destroyed.json']), 1, /destroyed/);
      absent(p('destroyed.json'));
    });

    it('round-trips an RSA private key through JSON TTLV, PKCS#8 PEM and PKCS#1 DER, and its public key through SPKI', async () => {
      const pair = await newKeyPair(f, 'rsa');
      for (const [format, importFormat] of [['json-ttlv', []], ['pkcs8-pem', []], ['pkcs1-der', ['-f', 'der']]] as const) {
        const file = `rsa-sk.${format}`;
        await f.ok(['rsa', 'keys', 'export', '-k', pair.privateId, '--key-format', format, file]);
        if (format.endsWith('-pem')) assert.match(readFileSync(p(file), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
        const sk = printedId(await f.ok(['rsa', 'keys', 'import', ...importFormat, file]));
        await assertPaired(f, 'rsa', pair.publicId, sk);
      }
      await f.ok(['rsa', 'keys', 'export', '-k', pair.publicId, '-f', 'spki-pem', 'rsa-pk.pem']);
      assert.match(readFileSync(p('rsa-pk.pem'), 'utf8'), /^-----BEGIN PUBLIC KEY-----/);
      const pk = printedId(await f.ok(['rsa', 'keys', 'import', 'rsa-pk.pem']));
      await assertPaired(f, 'rsa', pk, pair.privateId);
      failed(await f.kms(['rsa', 'keys', 'export', '-k', pair.privateId, '-f', 'spki-der', 'nope.der']), 2);
      failed(await f.kms(['rsa', 'keys', 'export', '-k', pair.privateId, '-f', 'sec1-pem', 'nope.pem']), 2);
    });

    it('round-trips EC private keys through JSON TTLV, PKCS#8 DER and SEC1 PEM, and X25519 keys through PKCS#8', async () => {
      const pair = await newKeyPair(f, 'ec');
      for (const format of ['json-ttlv', 'pkcs8-der', 'sec1-pem'] as const) {
        const file = `ec-sk.${format}`;
        await f.ok(['ec', 'keys', 'export', '-k', pair.privateId, '-f', format, file]);
        const sk = printedId(await f.ok(['ec', 'keys', 'import', file]));
        await assertPaired(f, 'ec', pair.publicId, sk);
      }
      await f.ok(['ec', 'keys', 'export', '-k', pair.publicId, '-f', 'spki-der', 'ec-pk.der']);
      const pk = printedId(await f.ok(['ec', 'keys', 'import', '-f', 'der', 'ec-pk.der']));
      await assertPaired(f, 'ec', pk, pair.privateId);
      const x = await newKeyPair(f, 'ec', 'CURVE25519');
      await f.ok(['ec', 'keys', 'export', '-k', x.privateId, '-f', 'pkcs8-pem', 'x25519.pem']);
      const xsk = printedId(await f.ok(['ec', 'keys', 'import', 'x25519.pem']));
      await assertPaired(f, 'ec', x.publicId, xsk);
    });

    it('revokes and destroys both keys of an RSA pair and of an EC pair', async () => {
      for (const family of ['rsa', 'ec'] as const) {
        const pair = await newKeyPair(f, family);
        await f.ok([family, 'keys', 'revoke', '-k', pair.privateId, '--compromised', 'key left on a laptop']);
        // The public half is revoked with it: it no longer encrypts.
        failed(await f.kms([family, 'encrypt', '-k', pair.publicId, '-f', `${family}-revoked.enc`, 'msg.txt']), 1);
        await f.ok([family, 'keys', 'destroy', '-k', pair.publicId]);
        failed(await f.kms([family, 'keys', 'export', '-k', pair.privateId, `${family}-gone.json`]), 1, /destroyed/);
        failed(await f.kms([family, 'keys', 'export', '-k', pair.publicId, `${family}-gone-pk.json`]), 1, /destroyed/);
      }
    });

    it('refuses a wrong key id (1), a missing file (5), an existing output without --force (5), and keys of another family (5)', async () => {
      failed(await f.kms(['sym', 'keys', 'export', '-k', 'no-such-key', 'x.json']), 1);
      failed(await f.kms(['sym', 'keys', 'import', 'missing.json']), 5);
      const id = await newSymKey(f);
      writeFileSync(p('taken.json'), 'keep me');
      failed(await f.kms(['sym', 'keys', 'export', '-k', id, 'taken.json']), 5, /--force/);
      assert.equal(readFileSync(p('taken.json'), 'utf8'), 'keep me');
      await f.ok(['sym', 'keys', 'export', '-k', id, '--force', 'taken.json']);
      assert.equal(readJson(p('taken.json')).tag, 'SymmetricKey');
      failed(await f.kms(['rsa', 'keys', 'import', 'taken.json']), 5, /does not take/);
      writeFileSync(p('garbage.pem'), 'not a key at all');
      failed(await f.kms(['ec', 'keys', 'import', 'garbage.pem']), 5);
      failed(await f.kms(['sym', 'keys', 'import', 'garbage.pem']), 5);
      failed(await f.kms(['sym', 'keys', 'export', 'x.json']), 2);
    });
  });
}
