import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bool, bytes, struct } from '../../../src/kmip/ttlv/build.js';
import { refuseStreaming } from '../../../src/kmip/operations/streaming.js';
import { KmipError } from '../../../src/kmip/kmip-error.js';

const request = (init?: boolean, final?: boolean): ReturnType<typeof struct> =>
  struct('MACRequestPayload', [
    bytes('Data', new Uint8Array([1])),
    init === undefined ? undefined : bool('InitIndicator', init),
    final === undefined ? undefined : bool('FinalIndicator', final),
  ]);

describe('refuseStreaming', () => {
  it('accepts a request without indicators, or with Init and Final both true', () => {
    refuseStreaming(request());
    refuseStreaming(request(true, true));
  });

  it('refuses any by-parts request as Feature_Not_Supported, naming the request', () => {
    for (const [init, final] of [[true, undefined], [undefined, true], [true, false], [false, true], [false, false]] as const) {
      assert.throws(
        () => { refuseStreaming(request(init, final)); },
        (err: unknown) => err instanceof KmipError && err.reason === 'Feature_Not_Supported' && /^MACRequestPayload: streaming/.test(err.message),
        `InitIndicator ${String(init)}, FinalIndicator ${String(final)}`,
      );
    }
  });
});
