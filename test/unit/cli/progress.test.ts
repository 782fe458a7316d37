import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { terminalProgress } from '../../../src/cli/progress.js';

describe('the terminal progress bar', () => {
  it('redraws at most every 100 ms of the injected clock and ends with a full bar and a newline', () => {
    let now = 0;
    const out: string[] = [];
    const bar = terminalProgress('encrypting', 4 << 20, (s) => out.push(s), () => now);
    now = 100;
    bar.advance(1 << 20);
    now = 150;
    bar.advance(1 << 20); // within 100 ms of the last draw: not drawn
    now = 250;
    bar.advance(1 << 20);
    assert.equal(out.length, 2);
    assert.match(out[0] ?? '', /^\rencrypting \[#{8}\.{22}\]  25% 1\.0 MiB\/4\.0 MiB /);
    assert.match(out[1] ?? '', / 75% 3\.0 MiB\/4\.0 MiB 12\.0 MiB\/s$/);
    now = 300;
    bar.advance(1 << 20);
    bar.done();
    assert.match(out.at(-2) ?? '', /\[#{30}\] 100% 4\.0 MiB\/4\.0 MiB/);
    assert.equal(out.at(-1), '\n');
  });

  it('shows a full bar for an empty input', () => {
    const out: string[] = [];
    const bar = terminalProgress('x', 0, (s) => out.push(s), () => 0);
    bar.done();
    assert.match(out[0] ?? '', /100% 0 B\/0 B/);
  });
});
