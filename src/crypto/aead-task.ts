/**
 * The AEAD work a pool thread does for large payloads. Results, failures included, come back as
 * plain data: errors thrown across threads lose their type.
 * @module
 */
import { aeadOpen, aeadSeal, AeadError, type AeadAlgorithm } from './aead.js';

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

/** A job's outcome. */
export type AeadOutcome =
  | { readonly ok: true; readonly data: Uint8Array; readonly tag: Uint8Array | null }
  | { readonly ok: false; readonly code: AeadError['code']; readonly message: string };

/** Runs one job (called by tinypool in a pool thread, or inline). */
export function runAeadJob(job: AeadJob): AeadOutcome {
  try {
    if (job.op === 'seal') {
      const s = aeadSeal(job.alg, job.key, job.nonce, job.data, job.aad ?? undefined);
      return { ok: true, data: s.ciphertext, tag: s.tag };
    }
    return { ok: true, data: aeadOpen(job.alg, job.key, job.nonce, job.data, job.tag ?? new Uint8Array(0), job.aad ?? undefined), tag: null };
  } catch (err) {
    if (err instanceof AeadError) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: 'AUTHENTICATION_FAILED', message: 'the cipher failed' };
  } finally {
    job.key.fill(0);
  }
}

export default runAeadJob;
