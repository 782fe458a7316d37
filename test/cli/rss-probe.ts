/**
 * Loaded into a CLI process with `node --import`: when the process exits, writes its peak resident
 * set size (`process.resourceUsage().maxRSS`, KiB) to the file named by KMS_TEST_RSS_FILE, so a
 * test can bound the real binary's memory.
 * @module
 */
import { writeFileSync } from 'node:fs';

const target = process.env['KMS_TEST_RSS_FILE'];
if (target !== undefined && target !== '') {
  process.once('exit', () => {
    writeFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
