/**
 * The api-token request: one byte, 1 when the presented bytes equal the configured token key's,
 * 0 otherwise (also when the key is missing, not Active, or API tokens are off).
 * @module
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openActorFixture, type ActorFixture } from '../actor-fixture.js';
import { importRequest, revokeRequest } from '../../helpers/kmip-requests.js';

const TOKEN_ID = 'api-token-key';
const TOKEN = new Uint8Array(32).map((_, i) => i + 1);

describe('API token check', () => {
  let fx: ActorFixture;
  afterEach(() => { fx.close(); });

  const answer = (bytes: Uint8Array, user = 'whoever'): number[] => [...fx.send('api-token', bytes, user)];
  const withToken = (): void => { fx.call(importRequest({ uid: TOKEN_ID, key: TOKEN }), 'someone-else'); };

  it('answers 1 for the token key\'s bytes, whoever owns the key and whoever asks', () => {
    fx = openActorFixture('plain', { actor: { apiTokenId: TOKEN_ID } });
    withToken();
    assert.deepEqual(answer(TOKEN), [1]);
    assert.deepEqual(fx.lastAudit, [{ operation: 'api-token', objectId: TOKEN_ID, result: 'Success' }]);
  });

  it('answers 0 for other bytes, of the same length or not, and records the refusal', () => {
    fx = openActorFixture('plain', { actor: { apiTokenId: TOKEN_ID } });
    withToken();
    const flipped = Uint8Array.from(TOKEN);
    flipped[31] = (flipped[31] ?? 0) ^ 1;
    assert.deepEqual(answer(flipped), [0]);
    assert.deepEqual(fx.lastAudit, [{ operation: 'api-token', objectId: TOKEN_ID, result: 'Authentication_Not_Successful' }]);
    assert.deepEqual(answer(TOKEN.subarray(0, 16)), [0]);
    assert.deepEqual(answer(new Uint8Array(0)), [0]);
  });

  it('answers 0 when the key is missing or no longer Active', () => {
    fx = openActorFixture('plain', { actor: { apiTokenId: TOKEN_ID } });
    assert.deepEqual(answer(TOKEN), [0]);
    withToken();
    fx.call(revokeRequest(TOKEN_ID), 'someone-else');
    assert.deepEqual(answer(TOKEN), [0]);
  });

  it('answers 0 when no token key is configured', () => {
    fx = openActorFixture();
    withToken();
    assert.deepEqual(answer(TOKEN), [0]);
  });
});
