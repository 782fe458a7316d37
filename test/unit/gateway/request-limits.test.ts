import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../../src/gateway/http/rate-limiter.js';
import { sameOrigin } from '../../../src/gateway/http/request-head.js';
import { untilFailureDelay } from '../../../src/gateway/auth/failure-delay.js';
import { ExpiringCache } from '../../../src/gateway/auth/expiring-cache.js';
import { httpFailure } from '../../../src/gateway/errors.js';
import { KmsError } from '../../../src/protocol/wire-error.js';
import { FakeClock } from '../../helpers/fake-clock.js';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the whole seconds to wait, then recovers as time passes', () => {
    const clock = new FakeClock();
    const rl = new RateLimiter({ perSecond: 2, burst: 3 }, clock);
    for (let i = 0; i < 3; i++) assert.deepEqual(rl.take('a'), { allowed: true });
    assert.deepEqual(rl.take('a'), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(rl.take('b'), { allowed: true }, 'clients have their own buckets');
    clock.advance(500);
    assert.deepEqual(rl.take('a'), { allowed: true });
    assert.equal(rl.take('a').allowed, false);
  });

  it('rounds Retry-After up for slow rates', () => {
    const clock = new FakeClock();
    const rl = new RateLimiter({ perSecond: 0.25, burst: 1 }, clock);
    rl.take('a');
    assert.deepEqual(rl.take('a'), { allowed: false, retryAfterSeconds: 4 });
    clock.advance(4_000);
    assert.equal(rl.take('a').allowed, true);
  });

  it('is off at 0 requests per second', () => {
    const rl = new RateLimiter({ perSecond: 0, burst: 1 }, new FakeClock());
    for (let i = 0; i < 100; i++) assert.equal(rl.take('a').allowed, true);
    assert.equal(rl.size, 0);
  });

  it('keeps memory bounded: full buckets go first, then the least recently seen client', () => {
    const clock = new FakeClock();
    const rl = new RateLimiter({ perSecond: 1, burst: 2 }, clock, 3);
    rl.take('a');
    rl.take('a');
    rl.take('b');
    rl.take('b');
    rl.take('c');
    rl.take('c');
    rl.take('d');
    assert.equal(rl.size, 3);
    assert.equal(rl.take('b').allowed, false, 'b is remembered as empty');
    assert.equal(rl.take('a').allowed, true, 'a, the oldest, was forgotten');
  });
});

describe('sameOrigin', () => {
  it('accepts requests without an Origin and origins naming the Host', () => {
    assert.equal(sameOrigin('', 'kms.example:9998'), true);
    assert.equal(sameOrigin('http://kms.example:9998', 'kms.example:9998'), true);
    assert.equal(sameOrigin('https://KMS.example', 'kms.example:443'), true);
  });
  it('refuses other hosts, other ports, opaque origins and a missing Host', () => {
    assert.equal(sameOrigin('http://evil.example', 'kms.example:9998'), false);
    assert.equal(sameOrigin('http://kms.example:9999', 'kms.example:9998'), false);
    assert.equal(sameOrigin('null', 'kms.example'), false);
    assert.equal(sameOrigin('file:///x', 'kms.example'), false);
    assert.equal(sameOrigin('http://kms.example', ''), false);
  });
});

describe('untilFailureDelay', () => {
  it('resolves once the delay after arrival has passed on the clock, at once when it already has', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    let done = false;
    const p = untilFailureDelay(clock, start, 100).then(() => { done = true; });
    clock.advance(99);
    await Promise.resolve();
    assert.equal(done, false);
    clock.advance(1);
    await p;
    assert.equal(done, true);
    clock.advance(500);
    await untilFailureDelay(clock, start, 100);
  });
});

describe('ExpiringCache', () => {
  it('forgets entries at their expiry and the oldest when full', () => {
    const clock = new FakeClock();
    const c = new ExpiringCache<number>(clock, 2);
    c.set('a', 1, clock.now() + 10);
    c.set('b', 2, clock.now() + 100);
    c.set('c', 3, clock.now() + 100);
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('b'), 2);
    clock.advance(100);
    assert.equal(c.get('c'), undefined);
    c.set('d', 4, clock.now());
    assert.equal(c.get('d'), undefined, 'already expired entries are not stored');
  });
});

describe('refusal statuses', () => {
  it('maps access denied to 401, cross-site to 403, rate limits to 429 and big headers to 431', () => {
    assert.deepEqual(httpFailure(new KmsError('UNAUTHORIZED', 'Object with uid `k` is not owned by owner `bob`')), { status: 401, body: 'Access denied: Object with uid `k` is not owned by owner `bob`' });
    assert.equal(httpFailure(new KmsError('FORBIDDEN_ORIGIN', 'x')).status, 403);
    assert.equal(httpFailure(new KmsError('RATE_LIMITED', 'x')).status, 429);
    assert.equal(httpFailure(new KmsError('HEADERS_TOO_LARGE', 'x')).status, 431);
  });
});
