/**
 * Reads a request body from uWS with a size cap. uWS lends each chunk only for the duration of
 * the callback, so chunks are copied.
 * @module
 */
import { KmsError } from '../../protocol/wire-error.js';
import type { HttpResponse } from 'uWebSockets.js';
import type { ResponseState } from './respond.js';

/** Collects the body; rejects with BODY_TOO_LARGE past maxBytes (as soon as it is known). */
export function readBody(res: HttpResponse, state: ResponseState, declaredLength: string, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): KmsError => new KmsError('BODY_TOO_LARGE', `the request body exceeds ${maxBytes} bytes`);
    if (declaredLength !== '' && Number(declaredLength) > maxBytes) {
      reject(tooLarge());
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    // uWS stops calling onData when the client goes away: settle here so nothing waits forever.
    state.onAbort = () => {
      if (done) return;
      done = true;
      reject(new KmsError('INTERNAL', 'client disconnected'));
    };
    res.onData((chunk, isLast) => {
      if (done) return;
      if (state.aborted) {
        done = true;
        reject(new KmsError('INTERNAL', 'client disconnected'));
        return;
      }
      size += chunk.byteLength;
      if (size > maxBytes) {
        done = true;
        reject(tooLarge());
        return;
      }
      if (isLast && chunks.length === 0) {
        done = true;
        resolve(new Uint8Array(chunk.slice(0)));
        return;
      }
      chunks.push(new Uint8Array(chunk.slice(0)));
      if (isLast) {
        done = true;
        resolve(Buffer.concat(chunks, size));
      }
    });
  });
}
