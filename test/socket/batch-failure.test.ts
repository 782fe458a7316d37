/**
 * Whole-message failures made by the socket gateway answer every request batch item, echoing
 * its Operation, as clients match answers to what they sent.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMessageHandler } from '../../src/gateway/socket/message-handler.js';
import { RateLimiter } from '../../src/gateway/http/rate-limiter.js';
import { silentLogger } from '../../src/lib/logger.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { BINARY_KMIP } from '../../src/binary-kmip.js';
import { WIRE } from '../../src/kmip/binary/wire-tags.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { batchItems, createItem, decodeResponse, DISCOVER_VERSIONS, itemResult, requestMessage } from './kmip-messages.js';
import type { KmsBackend } from '../../src/gateway/routes.js';

const ALICE = { user: 'alice', client: '10.0.0.7' };

function failing(err: Error): KmsBackend {
  return {
    dispatch: () => Promise.reject(err),
    createDatabase: () => Promise.reject(new Error('not used')),
    attachSession: () => Promise.resolve(),
    detachSession: () => undefined,
  };
}

const operations = (bytes: Uint8Array): unknown[] => batchItems(decodeResponse(bytes)).map((i) => i.value.find((n) => n.tag === WIRE.operation)?.value);

describe('socket whole-message failures', () => {
  it('answers a crash with one failed item per request item, each echoing its Operation', async () => {
    const h = createMessageHandler({ backend: failing(new KmsError('ACTOR_CRASHED', 'the database actor crashed')), databaseType: 'sqlite', kmip: BINARY_KMIP, clock: new FakeClock(), logger: silentLogger });
    const answer = await h(ALICE, requestMessage([2, 1], [createItem('a'), DISCOVER_VERSIONS]), performance.now());
    assert.deepEqual(operations(answer), ['Create', 'DiscoverVersions']);
    for (const i of [0, 1]) assert.equal(itemResult(decodeResponse(answer), i).reason, 'General_Failure');
  });

  it('answers a rate-limited and an unauthenticated request item by item too', async () => {
    const clock = new FakeClock();
    const msg = (): Uint8Array => requestMessage([1, 4], [DISCOVER_VERSIONS, DISCOVER_VERSIONS, DISCOVER_VERSIONS]);
    const limited = createMessageHandler({
      backend: failing(new Error('unused')), databaseType: 'sqlite', kmip: BINARY_KMIP, clock, logger: silentLogger,
      rateLimiter: new RateLimiter({ perSecond: 1, burst: 1 }, clock),
    });
    await limited(ALICE, msg(), performance.now());
    const refused = await limited(ALICE, msg(), performance.now());
    assert.deepEqual(operations(refused), ['DiscoverVersions', 'DiscoverVersions', 'DiscoverVersions']);
    assert.equal(itemResult(decodeResponse(refused), 2).reason, 'General_Failure', '1.x hears Server Limit Exceeded as General Failure');
    assert.match(itemResult(decodeResponse(refused), 2).message, /rate limit/);
    const enc = createMessageHandler({ backend: failing(new Error('unused')), databaseType: 'sqlite-enc', kmip: BINARY_KMIP, clock, logger: silentLogger });
    const unauthenticated = decodeResponse(await enc(ALICE, msg(), performance.now()));
    assert.equal(batchItems(unauthenticated).length, 3);
    assert.equal(itemResult(unauthenticated, 1).reason, 'Authentication_Not_Successful');
  });
});
