/**
 * Child process of envelope-memory.test.ts: streams a 200 MB file through encryptFile and
 * decryptFile in the directory it is given, then prints one JSON line with its peak RSS.
 * Making and checking the file reuse one buffer, so the peak is the envelope code's own.
 * Run as `node memory-child.js <dir>`; never imported.
 * @module
 */
import { createHash, randomFillSync } from 'node:crypto';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { decryptFile, encryptFile } from '../../../../src/client/envelope/envelope-file.js';
import { TestKek } from './envelope-helpers.js';

/** The numbers the parent checks. */
export interface MemoryReport {
  readonly inputBytes: number;
  readonly envelopeBytes: number;
  readonly outputBytes: number;
  readonly sameContent: boolean;
  readonly lastProgress: number;
  readonly maxRssBytes: number;
}

const TOTAL = 200 * 1024 * 1024;
const CHUNK = 1024 * 1024;

async function main(dir: string): Promise<void> {
  const inPath = join(dir, 'plain.bin');
  const encPath = join(dir, 'plain.bin.kmsenv');
  const outPath = join(dir, 'plain.out');

  // Generated chunk by chunk into one reused buffer: the input never exists in memory as a
  // whole, and making it leaves no garbage behind to inflate the peak measured below.
  const inHash = createHash('sha256');
  const chunk = Buffer.alloc(CHUNK);
  const fh = await open(inPath, 'w');
  try {
    for (let done = 0; done < TOTAL; done += CHUNK) {
      randomFillSync(chunk);
      inHash.update(chunk);
      await fh.write(chunk);
    }
  } finally {
    await fh.close();
  }

  const kek = new TestKek();
  let lastProgress = 0;
  await encryptFile(inPath, encPath, kek.wrap);
  await decryptFile(encPath, outPath, kek.unwrap, { onProgress: (n) => { lastProgress = n; } });

  const outHash = createHash('sha256');
  const out = await open(outPath, 'r');
  try {
    for (;;) {
      const { bytesRead } = await out.read(chunk, 0, CHUNK);
      if (bytesRead === 0) break;
      outHash.update(chunk.subarray(0, bytesRead));
    }
  } finally {
    await out.close();
  }

  const report: MemoryReport = {
    inputBytes: statSync(inPath).size,
    envelopeBytes: statSync(encPath).size,
    outputBytes: statSync(outPath).size,
    sameContent: inHash.digest('hex') === outHash.digest('hex'),
    lastProgress,
    // resourceUsage reports kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: memory-child.js <dir>\n');
  process.exit(2);
}
await main(dir);
