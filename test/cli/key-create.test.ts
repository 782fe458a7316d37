import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kms } from '../../src/client/kms.js';
import { KmsHttpClient } from '../../src/client/http-client.js';
import { cliFixture, DATABASE_TYPES, type CliFixture } from './cli-fixture.js';

function sdk(f: CliFixture): Kms {
  return new Kms(new KmsHttpClient({ url: f.server.url, ...(f.secret === undefined ? {} : { databaseSecret: f.secret }) }));
}

function oneLine(stderr: string): void {
  assert.equal(stderr.trimEnd().split('\n').length, 1, `expected one line, got: ${stderr}`);
  assert.match(stderr, /^error: /);
}

interface Created {
  unique_identifier: string;
  tags: string[];
}

interface Pair {
  private_key_unique_identifier: string;
  public_key_unique_identifier: string;
  tags: string[];
}

// One server per database type; the two suites run side by side, each suite's tests in order.
describe('kms sym|rsa|ec keys create in both database types', { concurrency: true }, () => {
  for (const type of DATABASE_TYPES) {
    describe(`kms sym|rsa|ec keys create (${type})`, { concurrency: 1 }, () => {
      let f: CliFixture;
      let kms: Kms;
      before(async () => {
        f = await cliFixture(type);
        kms = sdk(f);
      });
      after(async () => {
        await kms.close();
        await f.close();
      });

      it('creates an AES-256 key by default, tagged, that locate finds and that encrypts', async () => {
        const out = await f.ok(['sym', 'keys', 'create', '-t', 'kc-default', '-t', 'kc-second']);
        assert.match(out, /The symmetric key was created/);
        const id = /Unique identifier:\s+(\S+)/.exec(out)?.[1] ?? '';
        assert.match(out, /Tags:\s+kc-default, kc-second/);
        assert.deepEqual((await f.ok(['locate', '-t', 'kc-default'])).trim().split('\n'), [id]);
        const attrs = (await kms.getAttributes({ uniqueIdentifier: id })).attributes;
        assert.equal(attrs.cryptographicAlgorithm, 'AES');
        assert.equal(attrs.cryptographicLength, 256);
        const plaintext = Buffer.from('created by the cli');
        const enc = await kms.encrypt({ uniqueIdentifier: id, data: plaintext });
        assert.ok(enc.nonce !== undefined && enc.tag !== undefined, 'AES-GCM by default');
        const dec = await kms.decrypt({ uniqueIdentifier: id, data: enc.data, nonce: enc.nonce, tag: enc.tag });
        assert.deepEqual(Buffer.from(dec.data), plaintext);
      });

      it('creates keys of the algorithm, length and identifier asked for, and sensitive ones', async () => {
        const aes = (await f.json(['sym', 'keys', 'create', '-l', '128', `kc-aes128-${type}`])) as Created;
        assert.equal(aes.unique_identifier, `kc-aes128-${type}`);
        assert.equal((await kms.getAttributes({ uniqueIdentifier: aes.unique_identifier })).attributes.cryptographicLength, 128);
        const chacha = (await f.json(['sym', 'keys', 'create', '-a', 'chacha20'])) as Created;
        assert.equal((await kms.getAttributes({ uniqueIdentifier: chacha.unique_identifier })).attributes.cryptographicAlgorithm, 'ChaCha20');
        const hmac = (await f.json(['sym', 'keys', 'create', '--algorithm', 'hmac-sha384', '--sensitive'])) as Created;
        const hmacAttrs = (await kms.getAttributes({ uniqueIdentifier: hmac.unique_identifier })).attributes;
        assert.equal(hmacAttrs.cryptographicAlgorithm, 'HMACSHA384');
        assert.equal(hmacAttrs.cryptographicLength, 384);
        assert.equal(hmacAttrs.sensitive, true);
        const mac = await kms.mac({ uniqueIdentifier: hmac.unique_identifier, data: Buffer.from('m') });
        assert.equal(mac.macData.length, 48);
      });

      it('creates an RSA pair (4096 bits by default), both halves tagged and linked', async () => {
        const pair = (await f.json(['rsa', 'keys', 'create', '-t', 'kc-rsa'])) as Pair;
        assert.deepEqual(pair.tags, ['kc-rsa']);
        const priv = (await kms.getAttributes({ uniqueIdentifier: pair.private_key_unique_identifier })).attributes;
        assert.equal(priv.cryptographicAlgorithm, 'RSA');
        assert.equal(priv.cryptographicLength, 4096);
        assert.equal(priv.objectType, 'PrivateKey');
        assert.deepEqual(priv.links?.find((l) => l.type === 'PublicKeyLink')?.id, pair.public_key_unique_identifier);
        const pub = (await kms.getAttributes({ uniqueIdentifier: pair.public_key_unique_identifier })).attributes;
        assert.ok(pub.tags?.includes('kc-rsa'));
        const located = (await f.ok(['locate', '-t', 'kc-rsa'])).trim().split('\n').sort();
        assert.deepEqual(located, [pair.private_key_unique_identifier, pair.public_key_unique_identifier].sort());

        const text = await f.ok(['rsa', 'keys', 'create', '-s', '2048', `kc-rsa-${type}`]);
        assert.match(text, new RegExp(`Private key unique identifier:\\s+kc-rsa-${type}\\n`));
        const pubId = /Public key unique identifier:\s+(\S+)/.exec(text)?.[1] ?? '';
        assert.equal((await kms.getAttributes({ uniqueIdentifier: pubId })).attributes.cryptographicLength, 2048);
      });

      it('creates EC pairs on each curve (NIST P-256 by default)', async () => {
        const expect: Record<string, [string, string | undefined]> = {
          '': ['EC', 'P256'],
          'nist-p384': ['EC', 'P384'],
          'nist-p521': ['EC', 'P521'],
          ed25519: ['Ed25519', undefined],
          x25519: ['ECDH', undefined],
        };
        for (const [curve, [algorithm, named]] of Object.entries(expect)) {
          const pair = (await f.json(['ec', 'keys', 'create', ...(curve === '' ? [] : ['--curve', curve]), '-t', `kc-ec-${curve || 'default'}`])) as Pair;
          const attrs = (await kms.getAttributes({ uniqueIdentifier: pair.private_key_unique_identifier })).attributes;
          assert.equal(attrs.cryptographicAlgorithm, algorithm, curve);
          if (named !== undefined) assert.equal(attrs.cryptographicDomainParameters?.recommendedCurve, named, curve);
          assert.deepEqual(attrs.tags?.filter((t) => !t.startsWith('_')), [`kc-ec-${curve || 'default'}`]);
        }
      });

      it('refuses unknown algorithms, sizes and curves with status 2, and sizes the server refuses with status 1', async () => {
        for (const args of [
          ['sym', 'keys', 'create', '-a', 'des'],
          ['rsa', 'keys', 'create', '-s', '1024'],
          ['ec', 'keys', 'create', '--curve', 'p192'],
          ['sym', 'keys', 'create', '-t', '_reserved'],
        ]) {
          const r = await f.kms(args);
          assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
          oneLine(r.stderr);
        }
        const server = await f.kms(['sym', 'keys', 'create', '-l', '100']);
        assert.equal(server.status, 1, server.stderr);
        oneLine(server.stderr);
        const taken = await f.kms(['sym', 'keys', 'create', `kc-aes128-${type}`]);
        assert.equal(taken.status, 1, 'an identifier cannot be used twice');
      });

      it('prints the KMIP request and response as JSON TTLV on stderr with --json', async () => {
        const r = await f.kms(['sym', 'keys', 'create', '--json', '-t', 'kc-traced']);
        assert.equal(r.status, 0, r.stderr);
        const [, request, , response] = r.stderr.trimEnd().split('\n');
        assert.match(r.stderr, /^>>> request\n/);
        const req = JSON.parse(request ?? '') as { tag: string; value: { tag: string }[] };
        assert.equal(req.tag, 'Create');
        assert.ok(req.value.some((c) => c.tag === 'Attributes'));
        const res = JSON.parse(response ?? '') as { tag: string; value: { tag: string; value: unknown }[] };
        assert.equal(res.tag, 'CreateResponse');
        const id = res.value.find((c) => c.tag === 'UniqueIdentifier')?.value;
        assert.match(r.stdout, new RegExp(`Unique identifier:\\s+${String(id)}`));
      });

      it('prints JSON with --output json for each create command', async () => {
        const sym = (await f.json(['sym', 'keys', 'create'])) as Created;
        assert.equal(typeof sym.unique_identifier, 'string');
        for (const args of [['rsa', 'keys', 'create', '-s', '2048'], ['ec', 'keys', 'create']]) {
          const pair = (await f.json(args)) as Pair;
          assert.equal(typeof pair.private_key_unique_identifier, 'string');
          assert.notEqual(pair.private_key_unique_identifier, pair.public_key_unique_identifier);
          assert.deepEqual(pair.tags, []);
        }
      });
    });
  }
});
