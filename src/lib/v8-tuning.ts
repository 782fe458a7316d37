/**
 * V8 settings for the whole process, the actor threads included (they must be set before those
 * start). Freed ArrayBuffers are released on the thread that owns them rather than on V8's
 * background sweeper: the two otherwise contend for malloc's lock on every buffer a request
 * allocates, which measured 3-7x the cost of the allocation itself on our two-core VM
 * (a 600-byte Uint8Array: 3,176 ns -> 434 ns).
 * @module
 */
import { setFlagsFromString } from 'node:v8';

/** Applies the process-wide V8 settings; idempotent. */
export function tuneV8(): void {
  setFlagsFromString('--no-concurrent-array-buffer-sweeping');
}
