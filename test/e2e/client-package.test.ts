import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
// The package's own entry point, as a user imports it.
import { Kms, KmsHttpClient, KmsRestClient, KmsWebSocketClient, ttlv } from 'actor-kms';
import { repoRoot } from '../helpers/repo-root.js';
import { removeDir, startTestServer } from '../helpers/test-server.js';

const run = promisify(execFile);

/** The README's SDK example: the js block of its "TypeScript SDK" section. */
function readmeExample(): string {
  const text = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## TypeScript SDK'));
  const block = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block !== undefined, 'the README has a js example in its TypeScript SDK section');
  return block;
}

describe('the client package entry point', () => {
  it('runs the README SDK example verbatim (but for the port) against a real server', async () => {
    const server = await startTestServer({ databaseType: 'sqlite' });
    // Inside the package directory, so that `import ... from 'actor-kms'` resolves through its exports map.
    const file = join(repoRoot(), `.readme-sdk-${process.pid}.mjs`);
    try {
      const example = readmeExample();
      assert.ok(example.includes("'http://localhost:9998'"));
      writeFileSync(file, example.replace("'http://localhost:9998'", `'${server.url}'`));
      const { stdout } = await run(process.execPath, [file], { cwd: repoRoot() });
      assert.deepEqual(stdout.trim().split('\n'), [
        'Hello, world!',
        'signature: Valid',
        'found 1 key of 256 bits',
        'after destroy: Item_Not_Found',
        'created over WebSocket: 3',
      ]);
    } finally {
      rmSync(file, { force: true });
      await server.stop();
      removeDir(server.rootDir);
    }
  });

  it('serves the typed client, the REST client and the raw TTLV layer in an encrypted database', async () => {
    const server = await startTestServer({ databaseType: 'sqlite-enc' });
    try {
      const databaseSecret = await new KmsRestClient({ url: server.url }).newDatabase();
      const kms = new Kms(new KmsHttpClient({ url: server.url, databaseSecret }));
      const { uniqueIdentifier } = await kms.create({ attributes: { cryptographicAlgorithm: 'AES', cryptographicLength: 256 } });
      const ws = await KmsWebSocketClient.connect({ url: server.url, databaseSecret });
      const raw = await ws.kmip(ttlv.struct('Get', [ttlv.text('UniqueIdentifier', uniqueIdentifier)]));
      assert.equal(raw.tag, 'GetResponse');
      await ws.close();
      await kms.close();
    } finally {
      await server.stop();
      removeDir(server.rootDir);
    }
  });
});
