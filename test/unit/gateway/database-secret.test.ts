import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDatabaseSecret, parseDatabaseSecret } from '../../../src/gateway/auth/database-secret.js';
import { KmsError } from '../../../src/protocol/wire-error.js';

const KEY_HEX = 'ab'.repeat(32);
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KmsError);
    return err.code;
  }
  return 'no error';
}

describe('KmsDatabaseSecret parsing', () => {
  it('reads the object form with a group id above 2^53 exactly', () => {
    const big = 340282366920938463463374607431768211455n;
    const s = parseDatabaseSecret(b64(`{"group_id":${big.toString()},"key":"${KEY_HEX}"}`));
    assert.equal(s.groupId, big);
    assert.equal(Buffer.from(s.key).toString('hex'), KEY_HEX);
  });

  it('reads Cosmian 4.19\'s 48-byte array form, ignoring extra bytes', () => {
    const bytes = [...Array.from({ length: 15 }, () => 0), 1, ...Array.from({ length: 32 }, () => 0xab), 7, 7];
    const s = parseDatabaseSecret(b64(JSON.stringify(bytes)));
    assert.equal(s.groupId, 1n);
    assert.equal(Buffer.from(s.key).toString('hex'), KEY_HEX);
  });

  it('round-trips what /new_database returns', () => {
    const key = Buffer.from(KEY_HEX, 'hex');
    const s = parseDatabaseSecret(formatDatabaseSecret(2n ** 100n + 5n, key));
    assert.equal(s.groupId, 2n ** 100n + 5n);
    assert.deepEqual(Buffer.from(s.key), key);
  });

  it('tells a missing header from a malformed one', () => {
    assert.equal(code(() => parseDatabaseSecret('')), 'SECRET_MISSING');
    assert.equal(code(() => parseDatabaseSecret('not base64!')), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64('garbage'))), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64('"a string"'))), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64(`{"group_id":1,"key":"abc"}`))), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64(`{"group_id":-1,"key":"${KEY_HEX}"}`))), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64(`{"group_id":1.5,"key":"${KEY_HEX}"}`))), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64(`{"group_id":${(2n ** 128n).toString()},"key":"${KEY_HEX}"}`))), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64(`{"group_id":1,"group_id":2,"key":"${KEY_HEX}"}`))), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64(JSON.stringify(Array.from({ length: 47 }, () => 1))))), 'SECRET_MALFORMED');
    assert.equal(code(() => parseDatabaseSecret(b64(JSON.stringify([...Array.from({ length: 47 }, () => 1), 256])))), 'SECRET_MALFORMED');
  });

  it('never repeats any part of the secret in its errors', () => {
    const secret = b64(`{"group_id":77,"key":"${KEY_HEX.slice(0, 62)}zz"}`);
    try {
      parseDatabaseSecret(secret);
      assert.fail('should have thrown');
    } catch (err) {
      assert.ok(err instanceof KmsError);
      assert.ok(!err.message.includes(secret) && !err.message.includes(KEY_HEX.slice(0, 16)) && !err.message.includes('77'));
    }
  });
});
