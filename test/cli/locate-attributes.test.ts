import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kms } from '../../src/client/kms.js';
import { KmsHttpClient } from '../../src/client/http-client.js';
import { cliFixture, DATABASE_TYPES, type CliFixture } from './cli-fixture.js';

interface Pair {
  private_key_unique_identifier: string;
  public_key_unique_identifier: string;
}

interface Got {
  unique_identifier: string;
  attributes: Record<string, unknown>;
}

const lines = (out: string): string[] => out.split('\n').filter((l) => l !== '').sort();

// One server per database type; the two suites run side by side, each suite's tests in order.
describe('kms locate and kms attributes in both database types', { concurrency: true }, () => {
  for (const type of DATABASE_TYPES) {
    describe(`kms locate and kms attributes (${type})`, { concurrency: 1 }, () => {
      let f: CliFixture;
      let kms: Kms;
      let aes128: string;
      let aes256: string;
      let pair: Pair;
      before(async () => {
        f = await cliFixture(type);
        kms = new Kms(new KmsHttpClient({ url: f.server.url, ...(f.secret === undefined ? {} : { databaseSecret: f.secret }) }));
        aes128 = ((await f.json(['sym', 'keys', 'create', '-l', '128', '-t', 'la-team', '-t', 'la-128'])) as { unique_identifier: string }).unique_identifier;
        aes256 = ((await f.json(['sym', 'keys', 'create', '-t', 'la-team'])) as { unique_identifier: string }).unique_identifier;
        pair = (await f.json(['ec', 'keys', 'create', '-t', 'la-team'])) as Pair;
      });
      after(async () => {
        await kms.close();
        await f.close();
      });

      it('locates by tags, algorithm, length, format, object type and links', async () => {
        assert.deepEqual(lines(await f.ok(['locate', '-t', 'la-team'])), [aes128, aes256, pair.private_key_unique_identifier, pair.public_key_unique_identifier].sort());
        assert.deepEqual(lines(await f.ok(['locate', '-t', 'la-team', '-t', 'la-128'])), [aes128]);
        assert.deepEqual(lines(await f.ok(['locate', '-t', 'la-team', '-a', 'aes', '-l', '256'])), [aes256]);
        assert.deepEqual(lines(await f.ok(['locate', '-t', 'la-team', '--object-type', 'private-key'])), [pair.private_key_unique_identifier]);
        assert.deepEqual(lines(await f.ok(['locate', '-t', 'la-team', '-f', 'transparent-symmetric-key'])), [aes128, aes256].sort());
        assert.deepEqual(lines(await f.ok(['locate', '--public-key-id', pair.public_key_unique_identifier])), [pair.private_key_unique_identifier]);
        assert.deepEqual(lines(await f.ok(['locate', '--private-key-id', pair.private_key_unique_identifier])), [pair.public_key_unique_identifier]);
        assert.equal(await f.ok(['locate', '--certificate-id', pair.public_key_unique_identifier]), '');
        assert.equal(await f.ok(['locate', '-t', 'no-such-tag']), '');
      });

      it('finds revoked keys only when asked for their state', async () => {
        const id = ((await f.json(['sym', 'keys', 'create', '-t', 'la-revoked'])) as { unique_identifier: string }).unique_identifier;
        await kms.revoke({ uniqueIdentifier: id, reasonCode: 'CessationOfOperation' });
        assert.equal(await f.ok(['locate', '-t', 'la-revoked']), '');
        assert.deepEqual(lines(await f.ok(['locate', '-t', 'la-revoked', '--state', 'deactivated'])), [id]);
      });

      it('prints a JSON list with --output json, and refuses unknown values with status 2', async () => {
        assert.deepEqual(await f.json(['locate', '-t', 'la-128']), [aes128]);
        assert.deepEqual(await f.json(['locate', '-t', 'no-such-tag']), []);
        for (const args of [['locate', '--object-type', 'spaceship'], ['locate', '-a', 'rot13'], ['locate', '-l', 'long']]) {
          const r = await f.kms(args);
          assert.equal(r.status, 2, args.join(' '));
          assert.equal(r.stderr.trimEnd().split('\n').length, 1);
        }
      });

      it('gets all attributes, or the ones named, as lines or as a JSON object', async () => {
        const text = await f.ok(['attributes', 'get', '-i', aes128]);
        assert.match(text, /^CryptographicAlgorithm:\s+AES$/m);
        assert.match(text, /^CryptographicLength:\s+128$/m);
        assert.match(text, /^tags:\s+.*la-128/m);
        const some = await f.ok(['attributes', 'get', '-t', 'la-128', '-a', 'cryptographic_length', '-a', 'State']);
        assert.deepEqual(some.trim().split('\n').map((l) => l.replace(/\s+/g, ' ')), ['CryptographicLength: 128', 'State: Active']);
        const got = (await f.json(['attributes', 'get', '-i', pair.private_key_unique_identifier])) as Got;
        assert.equal(got.unique_identifier, pair.private_key_unique_identifier);
        assert.equal(got.attributes['object_type'], 'PrivateKey');
        assert.deepEqual(got.attributes['link'], [{ link_type: 'PublicKeyLink', linked_object_identifier: pair.public_key_unique_identifier }]);
        assert.ok((got.attributes['tags'] as string[]).includes('la-team'));
        assert.equal(typeof got.attributes['cryptographic_usage_mask'], 'number');
        assert.match(String(got.attributes['initial_date']), /^\d{4}-\d{2}-\d{2}T/);
      });

      it('sets a name, tags, a link, a date and simple attributes, which get then shows', async () => {
        const out = await f.ok([
          'attributes', 'set', '-i', aes256,
          '--name', 'payments-2025',
          '--new-tag', 'la-added',
          '--link', `parent:${aes128}`,
          '--deactivation-date', '2040-01-02T03:04:05Z',
          '-a', 'comment=rotated yearly',
          '-a', 'cryptographic_usage_mask=encrypt,decrypt',
        ]);
        assert.match(out, /were changed/);
        const got = (await f.json(['attributes', 'get', '-i', aes256])) as Got;
        assert.deepEqual(got.attributes['name'], ['payments-2025']);
        assert.equal(got.attributes['comment'], 'rotated yearly');
        assert.equal(got.attributes['deactivation_date'], '2040-01-02T03:04:05.000Z');
        assert.equal(got.attributes['cryptographic_usage_mask'], 12);
        assert.deepEqual(got.attributes['link'], [{ link_type: 'ParentLink', linked_object_identifier: aes128 }]);
        assert.ok((got.attributes['tags'] as string[]).includes('la-added'));
        // The SDK reads the same values from the server.
        const sdk = (await kms.getAttributes({ uniqueIdentifier: aes256 })).attributes;
        assert.equal(sdk.comment, 'rotated yearly');
        assert.deepEqual(sdk.names, ['payments-2025']);
        assert.deepEqual(lines(await f.ok(['locate', '-t', 'la-added'])), [aes256]);
      });

      it('deletes attributes, a tag and a link, and get no longer shows them', async () => {
        const out = await f.ok(['attributes', 'delete', '-t', 'la-added', '-a', 'comment', '-a', 'deactivation-date', '--remove-tag', 'la-added', '--link', `parent:${aes128}`, '--name', 'payments-2025']);
        assert.match(out, /Removed from/);
        const got = (await f.json(['attributes', 'get', '-i', aes256])) as Got;
        for (const gone of ['comment', 'deactivation_date', 'link', 'name']) assert.equal(got.attributes[gone], undefined, gone);
        assert.ok(!(got.attributes['tags'] as string[]).includes('la-added'));
        assert.equal(await f.ok(['locate', '-t', 'la-added']), '');
      });

      it('refuses bad input with status 2 and what the server forbids with status 1, in one line', async () => {
        for (const args of [
          ['attributes', 'set', '-i', aes128],
          ['attributes', 'set', '-i', aes128, '-a', 'comment'],
          ['attributes', 'set', '-i', aes128, '-a', 'colour=blue'],
          ['attributes', 'set', '-i', aes128, '--deactivation-date', 'tomorrow'],
          ['attributes', 'set', '-i', aes128, '--link', 'sibling:x'],
          ['attributes', 'get', '-i', aes128, '-t', 'la-128'],
          ['attributes', 'delete', '-i', aes128],
        ]) {
          const r = await f.kms(args);
          assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
          assert.equal(r.stderr.trimEnd().split('\n').length, 1);
        }
        for (const args of [
          ['attributes', 'set', '-i', aes128, '-a', 'cryptographic_usage_mask=sign'],
          ['attributes', 'set', '-i', pair.private_key_unique_identifier, '--link', `public-key:${aes128}`],
          ['attributes', 'delete', '-i', aes128, '--remove-tag', 'never-there'],
          ['attributes', 'get', '-i', 'no-such-object'],
        ]) {
          const r = await f.kms(args);
          assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
          assert.equal(r.stderr.trimEnd().split('\n').length, 1);
        }
      });

      it('prints JSON with --output json for set and delete', async () => {
        const set = (await f.json(['attributes', 'set', '-i', aes128, '-a', 'description=for json'])) as { unique_identifier: string; changed: string[] };
        assert.deepEqual(set, { unique_identifier: aes128, changed: ['Description = for json'] });
        const del = (await f.json(['attributes', 'delete', '-i', aes128, '-a', 'description'])) as { unique_identifier: string; removed: string[] };
        assert.deepEqual(del, { unique_identifier: aes128, removed: ['Description (all values)'] });
      });
    });
  }
});
