import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SecretMemo } from '../../../src/gateway/auth/secret-memo.js';
import { formatDatabaseSecret } from '../../../src/gateway/auth/database-secret.js';
import { SecretVerifier } from '../../../src/crypto/secret-verifier.js';
import { KmsError } from '../../../src/protocol/wire-error.js';

const verifier = new SecretVerifier();
const key = (b: number): Uint8Array => new Uint8Array(32).fill(b);

describe('remembered database secrets', () => {
  it('decodes a secret once, then answers with the same verifier and no key, decoding again only to unlock', () => {
    let hashed = 0;
    const memo = new SecretMemo((id, k) => { hashed++; return verifier.verifierFor(id, k); });
    const header = formatDatabaseSecret(77n, key(1));
    const first = memo.target(header);
    assert.deepEqual(first.key, key(1));
    const again = memo.target(header);
    assert.equal(hashed, 1);
    assert.equal(again.key, null);
    assert.equal(again.actorId, '77');
    assert.deepEqual(again.database, { kind: 'encrypted', groupId: '77' });
    assert.ok(first.verifier !== undefined && again.verifier !== undefined && SecretVerifier.matches(first.verifier, again.verifier));
    assert.deepEqual(again.unlock?.(), key(1));
  });

  it('gives a wrong key of the same database a verifier that does not match', () => {
    const memo = new SecretMemo((id, k) => verifier.verifierFor(id, k));
    const right = memo.target(formatDatabaseSecret(5n, key(1)));
    memo.target(formatDatabaseSecret(5n, key(2)));
    const wrong = memo.target(formatDatabaseSecret(5n, key(2)));
    assert.equal(wrong.actorId, right.actorId);
    assert.ok(right.verifier !== undefined && wrong.verifier !== undefined);
    assert.equal(SecretVerifier.matches(right.verifier, wrong.verifier), false);
  });

  it('refuses malformed secrets as before and remembers at most its bound', () => {
    const memo = new SecretMemo((id, k) => verifier.verifierFor(id, k), 2);
    assert.throws(() => memo.target(''), (e: unknown) => e instanceof KmsError && e.code === 'SECRET_MISSING');
    assert.throws(() => memo.target('!!!'), (e: unknown) => e instanceof KmsError && e.code === 'SECRET_MALFORMED');
    for (let i = 1; i <= 5; i++) memo.target(formatDatabaseSecret(BigInt(i), key(i)));
    assert.equal(memo.size, 2);
  });
});
