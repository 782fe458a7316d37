import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedFileCount } from '../../../src/lib/file-count.js';
import { FakeClock } from '../../helpers/fake-clock.js';

describe('cached file count (the stored-databases gauge)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-count-'));
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('counts matching names, lists again only once the count is stale, and shares one listing', async () => {
    const clock = new FakeClock();
    for (const name of ['1.sqlite', '22.sqlite', '22.sqlite-wal', 'notes.txt']) writeFileSync(join(dir, name), '');
    const count = cachedFileCount(dir, /^\d+\.sqlite$/, 5_000, clock);
    const [a, b] = await Promise.all([count(), count()]);
    assert.deepEqual([a, b], [2, 2]);
    writeFileSync(join(dir, '333.sqlite'), '');
    assert.equal(await count(), 2, 'still fresh');
    clock.advance(5_000);
    assert.equal(await count(), 3);
  });

  it('counts 0 for a directory that cannot be read', async () => {
    assert.equal(await cachedFileCount(join(dir, 'missing'), /./, 1, new FakeClock())(), 0);
  });
});
