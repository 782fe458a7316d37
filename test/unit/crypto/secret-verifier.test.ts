import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SecretVerifier } from '../../../src/crypto/secret-verifier.js';

describe('SecretVerifier', () => {
  it('matches the same database and key, and nothing else', () => {
    const v = new SecretVerifier();
    const k = new Uint8Array(32).fill(1);
    const a = v.verifierFor('1', k);
    assert.ok(SecretVerifier.matches(a, v.verifierFor('1', Uint8Array.from(k))));
    assert.ok(!SecretVerifier.matches(a, v.verifierFor('1', new Uint8Array(32).fill(2))));
    assert.ok(!SecretVerifier.matches(a, v.verifierFor('2', k)));
  });

  it('does not contain the key', () => {
    const k = new Uint8Array(32).fill(0x5a);
    assert.ok(!Buffer.from(new SecretVerifier().verifierFor('1', k)).includes(Buffer.from(k)));
  });
});
