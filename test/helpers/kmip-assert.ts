/**
 * Assertions about KMIP failures, shared by the unit tests.
 * @module
 */
import assert from 'node:assert/strict';
import { KmipError, type ResultReason } from '../../src/kmip/kmip-error.js';

/** Runs fn, asserts it threw a KmipError with the given reason, and returns it for further checks. */
export function kmipFailure(fn: () => unknown, reason: ResultReason): KmipError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof KmipError, `expected a KmipError, got ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    return error;
  }
  assert.fail('expected a KmipError');
}
