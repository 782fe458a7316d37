/**
 * Where AEAD runs: small payloads inline (a thread hop would cost more than the cipher), large ones
 * on a tinypool thread, so one client's big Encrypt or Decrypt does not stall the other databases
 * whose actors share the worker.
 * @module
 */
import { Tinypool } from 'tinypool';
import { AeadError, type AeadAlgorithm, type Sealed } from './aead.js';
import { runAeadJob, type AeadJob, type AeadOutcome } from './aead-task.js';
import type { MaybePromise } from '../lib/maybe-async.js';

/** Payloads at least this large go to the pool. */
export const DEFAULT_OFFLOAD_BYTES = 256 * 1024;

/** Runs seal/open inline or on the pool. */
export class AeadRunner {
  #pool: Tinypool | null = null;

  constructor(private readonly offloadBytes = DEFAULT_OFFLOAD_BYTES) {}

  #run(job: AeadJob): MaybePromise<AeadOutcome> {
    if (job.data.length < this.offloadBytes) return runAeadJob(job);
    this.#pool ??= new Tinypool({
      filename: new URL('./aead-task.js', import.meta.url).href,
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 30_000,
    });
    // The key is copied to the pool thread (and wiped there); the data buffer is moved, not copied.
    const transferList = job.data.byteOffset === 0 && job.data.byteLength === job.data.buffer.byteLength ? [job.data.buffer as ArrayBuffer] : [];
    const key = Uint8Array.from(job.key);
    job.key.fill(0);
    return this.#pool.run({ ...job, key }, { transferList }).then((r: unknown) => r as AeadOutcome);
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
    const pool = this.#pool;
    this.#pool = null;
    await pool?.destroy();
  }
}

function sealed(o: AeadOutcome): Sealed {
  if (!o.ok) throw new AeadError(o.code, o.message);
  return { ciphertext: Buffer.from(o.data.buffer, o.data.byteOffset, o.data.byteLength), tag: Buffer.from(o.tag ?? new Uint8Array(0)) };
}

function opened(o: AeadOutcome): Uint8Array {
  if (!o.ok) throw new AeadError(o.code, o.message);
  return o.data;
}
