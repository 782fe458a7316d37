/**
 * One socket message to the supervisor and back, with the supervisor stubbed: the database a
 * message names, faults turned into KMIP failures at the request's version, and the rate limit.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMessageHandler, type MessageHandlerOptions } from '../../src/gateway/socket/message-handler.js';
import { RateLimiter } from '../../src/gateway/http/rate-limiter.js';
import { formatDatabaseSecret } from '../../src/lib/database-secret.js';
import { silentLogger } from '../../src/lib/logger.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { BINARY_KMIP } from '../../src/binary-kmip.js';
import { peekBinaryCredential } from '../../src/kmip/binary/credential.js';
import { decodeBinaryRequest } from '../../src/kmip/binary/request-message.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { decodeResponse, DISCOVER_VERSIONS, itemResult, requestMessage, responseVersion } from './kmip-messages.js';
import type { AuditEntry } from '../../src/lib/audit-log.js';
import type { KmsBackend } from '../../src/gateway/routes.js';
import type { RequestKind } from '../../src/protocol/messages.js';
import type { ActorTarget } from '../../src/supervisor/supervisor.js';

interface Dispatched {
  readonly target: ActorTarget;
  readonly kind: RequestKind;
  readonly user: string;
  readonly body: Uint8Array;
  /** The body and key as they were when dispatched (the caller's copies get wiped later). */
  readonly key: Uint8Array | null;
}

/** A supervisor that records each dispatch and answers with `reply` (or throws what it returns). */
function backend(reply: (d: Dispatched) => Uint8Array | Error): { backend: KmsBackend; calls: Dispatched[] } {
  const calls: Dispatched[] = [];
  return {
    calls,
    backend: {
      dispatch: (target, kind, user, body) => {
        const d = { target, kind, user, body: Uint8Array.from(body), key: target.key === null ? null : Uint8Array.from(target.key) };
        calls.push(d);
        const r = reply(d);
        return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
      },
      createDatabase: () => Promise.reject(new Error('not used')),
      attachSession: () => Promise.resolve(),
      detachSession: () => undefined,
    },
  };
}

function handler(b: KmsBackend, o: Partial<MessageHandlerOptions> = {}): ReturnType<typeof createMessageHandler> {
  return createMessageHandler({ backend: b, databaseType: 'sqlite', kmip: BINARY_KMIP, clock: new FakeClock(), logger: silentLogger, ...o });
}

const ALICE = { user: 'alice', client: '10.0.0.7' };
const ANSWER = Uint8Array.of(0x42, 0x00, 0x7b, 0x01, 0, 0, 0, 0);

describe('socket message handler', () => {
  it('sends a message unchanged to the plain database as kmip-binary for the caller, and returns the actor bytes as they are', async () => {
    const b = backend(() => ANSWER);
    const msg = requestMessage([1, 2], [DISCOVER_VERSIONS]);
    assert.deepEqual(await handler(b.backend)(ALICE, msg, performance.now()), ANSWER);
    assert.equal(b.calls.length, 1);
    assert.equal(b.calls[0]?.kind, 'kmip-binary');
    assert.equal(b.calls[0]?.user, 'alice');
    assert.equal(b.calls[0]?.target.actorId, 'kms');
    assert.deepEqual(b.calls[0]?.body, msg);
  });

  const faults: readonly { readonly err: Error; readonly reason: string; readonly v1Reason?: string }[] = [
    { err: new KmsError('SECRET_MISMATCH', 'Database secret is wrong'), reason: 'Authentication_Not_Successful' },
    { err: new KmsError('DATABASE_NOT_FOUND', 'no such database'), reason: 'Authentication_Not_Successful' },
    { err: new KmsError('ACTOR_CRASHED', 'the database actor crashed'), reason: 'General_Failure' },
    { err: new KmsError('SHUTTING_DOWN', 'the server is shutting down'), reason: 'General_Failure' },
    { err: new KmsError('OVERLOADED', 'too many requests'), reason: 'Server_Limit_Exceeded', v1Reason: 'General_Failure' },
    { err: new KmsError('KMIP_ERROR', 'no such object', 'Item_Not_Found'), reason: 'Item_Not_Found' },
    { err: new Error('a raw internal error with details'), reason: 'General_Failure' },
  ];
  for (const f of faults) {
    it(`answers a ${f.err instanceof KmsError ? f.err.code : 'plain Error'} fault with ${f.reason}, at the request's version`, async () => {
      const b = backend(() => f.err);
      for (const version of [[2, 0], [1, 4]] as const) {
        const res = decodeResponse(await handler(b.backend)(ALICE, requestMessage(version, [DISCOVER_VERSIONS]), performance.now()));
        assert.deepEqual(responseVersion(res), version);
        const r = itemResult(res);
        assert.equal(r.status, 'OperationFailed');
        assert.equal(r.reason, version[0] === 1 ? f.v1Reason ?? f.reason : f.reason);
        assert.equal(r.message, f.err instanceof KmsError ? f.err.message : 'internal error');
      }
    });
  }

  describe('in sqlite-enc mode', () => {
    const groupId = 123456789012345678901234567890n;
    const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const secret = formatDatabaseSecret(groupId, key);

    it('opens the database whose secret is the credential password', async () => {
      const b = backend(() => ANSWER);
      const msg = requestMessage([1, 4], [DISCOVER_VERSIONS], { username: 'anyone', password: secret });
      assert.deepEqual(await handler(b.backend, { databaseType: 'sqlite-enc' })(ALICE, msg, performance.now()), ANSWER);
      assert.equal(b.calls[0]?.target.actorId, groupId.toString());
      assert.deepEqual(b.calls[0]?.target.database, { kind: 'encrypted', groupId: groupId.toString() });
      assert.deepEqual(b.calls[0]?.key, key);
      assert.equal(b.calls[0]?.user, 'alice', 'the certificate names the user, not the credential');
    });

    it('wipes the password from the message before the supervisor sees it, leaving a message the actor still decodes', async () => {
      const b = backend(() => ANSWER);
      const msg = requestMessage([1, 2], [DISCOVER_VERSIONS], { username: 'anyone', password: secret });
      const original = Uint8Array.from(msg);
      await handler(b.backend, { databaseType: 'sqlite-enc' })(ALICE, msg, performance.now());
      const body = b.calls[0]?.body ?? new Uint8Array(0);
      assert.ok(!Buffer.from(body).includes(secret), 'the secret is not in the dispatched body');
      const at = Buffer.from(original).indexOf(secret);
      assert.ok(at > 0);
      assert.ok(body.subarray(at, at + secret.length).every((x) => x === 0));
      assert.deepEqual(body.subarray(0, at), original.subarray(0, at), 'only the password changed');
      assert.deepEqual(body.subarray(at + secret.length), original.subarray(at + secret.length), 'only the password changed');
      assert.deepEqual(peekBinaryCredential(body), { username: 'anyone', password: '\0'.repeat(secret.length) });
      assert.deepEqual(decodeBinaryRequest(body).protocolVersion, { major: 1, minor: 2 });
    });

    it('wipes a password that is not a secret too, before refusing it', async () => {
      const b = backend(() => ANSWER);
      const msg = requestMessage([2, 0], [DISCOVER_VERSIONS], { username: 'a', password: 'hunter2' });
      await handler(b.backend, { databaseType: 'sqlite-enc' })(ALICE, msg, performance.now());
      assert.ok(!Buffer.from(msg).includes('hunter2'));
      assert.equal(b.calls.length, 0);
    });

    for (const [what, credential] of [['no credential', undefined], ['a password that is not a secret', { username: 'a', password: 'hunter2' }]] as const) {
      it(`refuses ${what} with Authentication Not Successful without reaching the supervisor`, async () => {
        const b = backend(() => ANSWER);
        const audit: AuditEntry[] = [];
        const h = handler(b.backend, { databaseType: 'sqlite-enc', audit: { record: (e) => { audit.push(e); }, close: () => Promise.resolve() } });
        const r = itemResult(decodeResponse(await h(ALICE, requestMessage([2, 0], [DISCOVER_VERSIONS], credential), performance.now())));
        assert.equal(r.reason, 'Authentication_Not_Successful');
        assert.ok(!r.message.includes('hunter2'));
        assert.equal(b.calls.length, 0);
        assert.deepEqual(audit.map((e) => [e.user, e.result, e.client]), [['alice', 'Unauthorized', '10.0.0.7']]);
      });
    }

    it('answers a message whose header cannot be read with Invalid Message', async () => {
      const b = backend(() => ANSWER);
      const garbage = Uint8Array.from(Buffer.from('420078010000001042007702000000040000000700000000', 'hex'));
      const r = itemResult(decodeResponse(await handler(b.backend, { databaseType: 'sqlite-enc' })(ALICE, garbage, performance.now())));
      assert.equal(r.reason, 'Invalid_Message');
      assert.equal(b.calls.length, 0);
    });
  });

  it('refuses messages over the client rate with Server Limit Exceeded until its bucket refills', async () => {
    const clock = new FakeClock();
    const b = backend(() => ANSWER);
    const h = handler(b.backend, { clock, rateLimiter: new RateLimiter({ perSecond: 1, burst: 1 }, clock) });
    const msg = requestMessage([2, 1], [DISCOVER_VERSIONS]);
    assert.deepEqual(await h(ALICE, msg, performance.now()), ANSWER);
    const refused = itemResult(decodeResponse(await h(ALICE, msg, performance.now())));
    assert.equal(refused.reason, 'Server_Limit_Exceeded');
    assert.deepEqual(await h({ user: 'bob', client: '10.0.0.8' }, msg, performance.now()), ANSWER, 'another address has its own bucket');
    clock.advance(1000);
    assert.deepEqual(await h(ALICE, msg, performance.now()), ANSWER);
    assert.equal(b.calls.length, 3);
  });
});
