import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { cliFixture, type CliFixture } from './cli-fixture.js';
import { newSymKey, sha256File } from './crypto-helpers.js';

const SIZE = 200 * 1000 * 1000;
const CHUNK = 1024 * 1024;
const RSS_LIMIT_MB = 100;
const PROBE = pathToFileURL(join(import.meta.dirname, 'rss-probe.js')).href;

/** Writes `size` random bytes to `path` a chunk at a time (never the whole file in memory). */
async function writeRandomFile(path: string, size: number): Promise<void> {
  function* chunks(): Generator<Buffer> {
    for (let left = size; left > 0; left -= CHUNK) yield randomBytes(Math.min(CHUNK, left));
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
}

// The server only wraps one data key here; the bulk is the client's, so one database type is enough.
describe('kms sym encrypt --envelope on a 200 MB file (sqlite)', () => {
  let f: CliFixture;
  let work: string;

  before(async () => {
    f = await cliFixture('sqlite');
    work = mkdtempSync(join(tmpdir(), 'kms-large-'));
    await writeRandomFile(join(work, 'big.bin'), SIZE);
  });
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await f.close();
  });

  /** Runs the real binary with the RSS probe; returns its peak RSS in MB and its wall time in seconds. */
  async function measured(args: readonly string[], name: string): Promise<{ mb: number; seconds: number }> {
    const rssFile = join(work, `${name}.rss`);
    const started = process.hrtime.bigint();
    await f.ok([...args, '--quiet'], { nodeArgs: ['--import', PROBE], env: { KMS_TEST_RSS_FILE: rssFile }, timeoutMs: 600_000 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const mb = Number(readFileSync(rssFile, 'utf8').trim()) / 1024;
    return { mb, seconds };
  }

  it('encrypts and decrypts it byte for byte, each way under 100 MB of peak memory', async (t) => {
    const id = await newSymKey(f);
    const plain = join(work, 'big.bin');
    const sealed = join(work, 'big.bin.enc');
    const back = join(work, 'big.back');
    const enc = await measured(['sym', 'encrypt', '--key-id', id, '--envelope', '-f', sealed, plain], 'encrypt');
    assert.ok(statSync(sealed).size > SIZE);
    const dec = await measured(['sym', 'decrypt', '--key-id', id, '-f', back, sealed], 'decrypt');
    assert.equal(statSync(back).size, SIZE);
    assert.equal(await sha256File(back), await sha256File(plain));
    t.diagnostic(`encrypt: ${enc.mb.toFixed(1)} MB peak RSS, ${enc.seconds.toFixed(1)} s; decrypt: ${dec.mb.toFixed(1)} MB peak RSS, ${dec.seconds.toFixed(1)} s`);
    assert.ok(enc.mb < RSS_LIMIT_MB, `encrypt peaked at ${enc.mb.toFixed(1)} MB`);
    assert.ok(dec.mb < RSS_LIMIT_MB, `decrypt peaked at ${dec.mb.toFixed(1)} MB`);
  });
});
