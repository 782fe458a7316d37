/**
 * Decoded key material of recently used objects, per actor. Entries are tied to the exact record
 * version they came from, and every byte is wiped when replaced, evicted or when the actor closes.
 * @module
 */
import type { ObjectRecord } from '../storage/object-record.js';

/** A bounded cache of decoded keys. */
export class KeyCache {
  readonly #entries = new Map<string, { readonly record: ObjectRecord; readonly key: Uint8Array }>();

  constructor(private readonly capacity = 1024) {}

  /** A copy of the record's key for the caller to wipe; decodes it once per record version. */
  keyOf(record: ObjectRecord, decode: (r: ObjectRecord) => Uint8Array): Uint8Array {
    const hit = this.#entries.get(record.id);
    if (hit?.record === record) return new Uint8Array(hit.key);
    hit?.key.fill(0);
    this.#entries.delete(record.id);
    const key = decode(record);
    this.#entries.set(record.id, { record, key: new Uint8Array(key) });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.entries().next();
      if (oldest.done !== true) {
        oldest.value[1].key.fill(0);
        this.#entries.delete(oldest.value[0]);
      }
    }
    return key;
  }

  /** Wipes and forgets every entry. */
  clear(): void {
    for (const e of this.#entries.values()) e.key.fill(0);
    this.#entries.clear();
  }
}
