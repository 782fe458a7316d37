import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { httpFailure } from '../../../src/gateway/errors.js';
import { KmsError } from '../../../src/protocol/wire-error.js';

describe('error to HTTP mapping', () => {
  it('answers KMIP failures with 422 and a Reason: message body', () => {
    assert.deepEqual(httpFailure(new KmsError('KMIP_ERROR', 'no such key', 'Item_Not_Found')), { status: 422, body: 'Item_Not_Found: no such key' });
  });
  it('answers secret problems with 401', () => {
    for (const c of ['SECRET_MISSING', 'SECRET_MALFORMED', 'SECRET_MISMATCH', 'DATABASE_NOT_FOUND'] as const) {
      assert.equal(httpFailure(new KmsError(c, 'x')).status, 401);
      assert.match(httpFailure(new KmsError(c, 'x')).body, /^Access denied: /);
    }
  });
  it('answers internal failures with 500 and a fixed message, whatever was thrown', () => {
    assert.deepEqual(httpFailure(new Error('secret detail')), { status: 500, body: 'Unexpected server error: internal error' });
    assert.equal(httpFailure(new KmsError('KMIP_ERROR', 'x', 'General_Failure')).status, 500);
    assert.equal(httpFailure(new KmsError('ACTOR_CRASHED', 'x')).status, 500);
  });
  it('maps unknown operations to 404, oversized bodies to 413 and unavailability to 503', () => {
    assert.equal(httpFailure(new KmsError('UNKNOWN_OPERATION', 'Operation: Foo')).status, 404);
    assert.equal(httpFailure(new KmsError('BODY_TOO_LARGE', 'x')).status, 413);
    assert.equal(httpFailure(new KmsError('SHUTTING_DOWN', 'x')).status, 503);
  });
});
