/**
 * Where AEAD runs: small payloads inline (a thread hop would cost more than the cipher), large ones
 * on a tinypool thread, so one client's big Encrypt or Decrypt does not stall the other databases
 * whose actors share the worker.
 * @module
 */
import { Tinypool } from 'tinypool';
import { AeadError, type AeadAlgorithm, type Sealed } from './aead.js';
import { runAeadItemsJob, runSingleAeadJob, type AeadItemsJob, type AeadItemsOutcome, type AeadJob, type AeadOutcome } from './aead-task.js';
import type { MaybePromise } from '../lib/maybe-async.js';

/** Payloads at least this large go to the pool. */
export const DEFAULT_OFFLOAD_BYTES = 256 * 1024;

/**
 * BulkData sets with at least this many items are split for sealing: the pool thread seals one half
 * while this thread seals the other, so one large batch keeps two cores busy instead of one.
 */
export const DEFAULT_SPLIT_ITEMS = 256;

/** Runs seal/open inline or on the pool. */
export class AeadRunner {
  #threads: Tinypool | null = null;

  constructor(
    private readonly offloadBytes = DEFAULT_OFFLOAD_BYTES,
    private readonly splitItems = DEFAULT_SPLIT_ITEMS,
  ) {}

  #pool(): Tinypool {
    this.#threads ??= new Tinypool({
      filename: new URL('./aead-task.js', import.meta.url).href,
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 30_000,
    });
    return this.#threads;
  }

  #run(job: AeadJob): MaybePromise<AeadOutcome> {
    if (job.data.length < this.offloadBytes) return runSingleAeadJob(job);
    // The key is copied to the pool thread (and wiped there); the data buffer is moved, not copied.
    const key = Uint8Array.from(job.key);
    job.key.fill(0);
    // The key copy is moved, not cloned, so no copy stays behind on this thread.
    const transferList = [key.buffer, ...(job.data.byteOffset === 0 && job.data.byteLength === job.data.buffer.byteLength ? [job.data.buffer as ArrayBuffer] : [])];
    return this.#pool().run({ ...job, key }, { transferList }).then((r: unknown) => r as AeadOutcome);
  }

  #onPool(job: AeadItemsJob): Promise<AeadItemsOutcome> {
    // The pool thread gets a copy of the key (moved, not cloned), which it wipes; the caller's key stays the caller's.
    const key = Uint8Array.from(job.key);
    return this.#pool().run({ ...job, key }, { transferList: [key.buffer] }).then((r: unknown) => r as AeadItemsOutcome);
  }

  /** Runs an items job here, on the pool, or half and half. */
  #runItems(job: AeadItemsJob): MaybePromise<Uint8Array[]> {
    let bytes = 0;
    for (const item of job.items) bytes += item.length;
    if (bytes >= this.offloadBytes) return this.#onPool(job).then(itemsOf);
    // Only sealing is split: opened plaintexts would come back from the pool as clones nobody wipes.
    if (job.items.length < this.splitItems || job.op === 'open-items') return itemsOf(runAeadItemsJob(job));
    const half = job.items.length >>> 1;
    const remote = this.#onPool({ ...job, items: job.items.slice(half) });
    const local = runAeadItemsJob({ ...job, items: job.items.slice(0, half) });
    // Opened plaintexts of one half are wiped whenever the other half fails, the pool itself included.
    const wipe = (o: AeadItemsOutcome): void => {
      if (o.ok && job.op === 'open-items') for (const item of o.items) item.fill(0);
    };
    return remote.then(
      (r) => {
        if (!local.ok) {
          wipe(r);
          return itemsOf(local);
        }
        if (!r.ok) wipe(local);
        return [...local.items, ...itemsOf(r)];
      },
      (err: unknown) => {
        wipe(local);
        throw err;
      },
    );
  }

  /** Seals BulkData items, each under a fresh nonce, as nonce || ciphertext || tag; throws AeadError. */
  sealItems(alg: AeadAlgorithm, key: Uint8Array, items: readonly Uint8Array[], aad: Uint8Array | undefined): MaybePromise<Uint8Array[]> {
    return this.#runItems({ op: 'seal-items', alg, key, items, aad: aad ?? null });
  }

  /** Opens nonce || ciphertext || tag items; any failure fails them all; throws AeadError. */
  openItems(alg: AeadAlgorithm, key: Uint8Array, items: readonly Uint8Array[], aad: Uint8Array | undefined): MaybePromise<Uint8Array[]> {
    return this.#runItems({ op: 'open-items', alg, key, items, aad: aad ?? null });
  }

  /** Encrypts; throws AeadError on bad parameters. */
  seal(alg: AeadAlgorithm, key: Uint8Array, nonce: Uint8Array, data: Uint8Array, aad: Uint8Array | undefined): MaybePromise<Sealed> {
    const out = this.#run({ op: 'seal', alg, key, nonce, data, tag: null, aad: aad ?? null });
    return out instanceof Promise ? out.then(sealed) : sealed(out);
  }

  /** Decrypts and authenticates; throws AeadError. */
  open(alg: AeadAlgorithm, key: Uint8Array, nonce: Uint8Array, data: Uint8Array, tag: Uint8Array, aad: Uint8Array | undefined): MaybePromise<Uint8Array> {
    const out = this.#run({ op: 'open', alg, key, nonce, data, tag, aad: aad ?? null });
    return out instanceof Promise ? out.then(opened) : opened(out);
  }

  /** Stops the pool threads, if any were started. */
  async close(): Promise<void> {
    const pool = this.#threads;
    this.#threads = null;
    await pool?.destroy();
  }
}

function sealed(o: AeadOutcome): Sealed {
  if (!o.ok) throw new AeadError(o.code, o.message);
  return { ciphertext: Buffer.from(o.data.buffer, o.data.byteOffset, o.data.byteLength), tag: Buffer.from(o.tag ?? new Uint8Array(0)) };
}

function itemsOf(o: AeadItemsOutcome): Uint8Array[] {
  if (!o.ok) throw new AeadError(o.code, o.message);
  return o.items;
}

function opened(o: AeadOutcome): Uint8Array {
  if (!o.ok) throw new AeadError(o.code, o.message);
  return o.data;
}
