/**
 * The AEAD work a pool thread does for large payloads. Results, failures included, come back as
 * plain data: errors thrown across threads lose their type.
 * @module
 */
import { aeadOpen, aeadOpenItems, aeadSeal, aeadSealItems, AeadError, type AeadAlgorithm } from './aead.js';

/** One job for the pool. */
export interface AeadJob {
  readonly op: 'seal' | 'open';
  readonly alg: AeadAlgorithm;
  readonly key: Uint8Array;
  readonly nonce: Uint8Array;
  readonly data: Uint8Array;
  readonly tag: Uint8Array | null;
  readonly aad: Uint8Array | null;
}

/** A job over many BulkData items (nonce || ciphertext || tag when sealed). */
export interface AeadItemsJob {
  readonly op: 'seal-items' | 'open-items';
  readonly alg: AeadAlgorithm;
  readonly key: Uint8Array;
  readonly items: readonly Uint8Array[];
  readonly aad: Uint8Array | null;
}

type Failure = { readonly ok: false; readonly code: AeadError['code']; readonly message: string };

/** A job's outcome. */
export type AeadOutcome =
  | { readonly ok: true; readonly data: Uint8Array; readonly tag: Uint8Array | null }
  | Failure;

/** An items job's outcome. */
export type AeadItemsOutcome = { readonly ok: true; readonly items: Uint8Array[] } | Failure;

function failure(err: unknown): Failure {
  if (err instanceof AeadError) return { ok: false, code: err.code, message: err.message };
  return { ok: false, code: 'AUTHENTICATION_FAILED', message: 'the cipher failed' };
}

/** Runs one items job (inline, or in a pool thread through runAeadJob). */
export function runAeadItemsJob(job: AeadItemsJob): AeadItemsOutcome {
  try {
    const aad = job.aad ?? undefined;
    return { ok: true, items: job.op === 'seal-items' ? aeadSealItems(job.alg, job.key, job.items, aad) : aeadOpenItems(job.alg, job.key, job.items, aad) };
  } catch (err) {
    return failure(err);
  }
}

/**
 * Runs one job on a pool thread (tinypool's entry point): wipes the job's key afterwards, and for
 * an items job to seal, the plaintext items this thread was sent.
 */
export function runAeadJob(job: AeadJob | AeadItemsJob): AeadOutcome | AeadItemsOutcome {
  if (!('items' in job)) return runSingleAeadJob(job);
  try {
    return runAeadItemsJob(job);
  } finally {
    job.key.fill(0);
    // On the pool thread the items are this thread's own copies: plaintexts when sealing.
    if (job.op === 'seal-items') for (const item of job.items) item.fill(0);
  }
}

/** Runs one single-buffer job inline; wipes the job's key. */
export function runSingleAeadJob(job: AeadJob): AeadOutcome {
  try {
    if (job.op === 'seal') {
      const s = aeadSeal(job.alg, job.key, job.nonce, job.data, job.aad ?? undefined);
      return { ok: true, data: s.ciphertext, tag: s.tag };
    }
    return { ok: true, data: aeadOpen(job.alg, job.key, job.nonce, job.data, job.tag ?? new Uint8Array(0), job.aad ?? undefined), tag: null };
  } catch (err) {
    return failure(err);
  } finally {
    job.key.fill(0);
  }
}

export default runAeadJob;
