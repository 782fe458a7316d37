/**
 * No password of a socket message's header reaches the supervisor, in either database mode:
 * every credential's (two Username and Password ones and a Device one), with the supervisor
 * stubbed to capture what it receives.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMessageHandler } from '../../src/gateway/socket/message-handler.js';
import { formatDatabaseSecret } from '../../src/lib/database-secret.js';
import { silentLogger } from '../../src/lib/logger.js';
import { BINARY_KMIP } from '../../src/binary-kmip.js';
import { decodeBinaryRequest } from '../../src/kmip/binary/request-message.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { holds, multiCredentialMessage } from './password-messages.js';
import type { DatabaseType } from '../../src/config/schema.js';
import type { KmsBackend } from '../../src/gateway/routes.js';
import type { ActorTarget } from '../../src/supervisor/supervisor.js';

const ANSWER = Uint8Array.of(0x42, 0x00, 0x7b, 0x01, 0, 0, 0, 0);
const ALICE = { user: 'alice', client: '10.0.0.7' };

/** A supervisor that keeps a copy of each body (and target) it is handed. */
function capturing(): { backend: KmsBackend; bodies: Uint8Array[]; targets: ActorTarget[] } {
  const bodies: Uint8Array[] = [];
  const targets: ActorTarget[] = [];
  return {
    bodies,
    targets,
    backend: {
      dispatch: (target, _kind, _user, body) => {
        bodies.push(Uint8Array.from(body));
        targets.push(target);
        return Promise.resolve(ANSWER);
      },
      createDatabase: () => Promise.reject(new Error('not used')),
      attachSession: () => Promise.resolve(),
      detachSession: () => undefined,
    },
  };
}

function send(databaseType: DatabaseType, backend: KmsBackend, message: Uint8Array): Promise<Uint8Array> {
  const h = createMessageHandler({ backend, databaseType, kmip: BINARY_KMIP, clock: new FakeClock(), logger: silentLogger });
  return h(ALICE, message, performance.now());
}

describe('socket password wipe', () => {
  it('in sqlite mode, zeroes the password of every credential before the supervisor, leaving a decodable message', async () => {
    const b = capturing();
    const { message, passwords } = multiCredentialMessage('first-user-password-marker');
    const original = Uint8Array.from(message);
    assert.ok(passwords.every((p) => holds(original, p)));
    assert.deepEqual(await send('sqlite', b.backend, message), ANSWER);
    const body = b.bodies[0] ?? new Uint8Array(0);
    assert.equal(b.bodies.length, 1);
    for (const p of passwords) assert.ok(!holds(body, p), `${p} reached the supervisor`);
    assert.equal(body.length, original.length);
    const changed = body.reduce((n, x, i) => n + (x === original[i] ? 0 : 1), 0);
    assert.equal(changed, passwords.reduce((n, p) => n + p.length, 0), 'only password bytes changed');
    assert.deepEqual(decodeBinaryRequest(body).protocolVersion, { major: 1, minor: 4 });
  });

  it('in sqlite-enc mode, routes by the first credential and zeroes every password before the supervisor', async () => {
    const b = capturing();
    const key = Uint8Array.from({ length: 32 }, (_, i) => 32 - i);
    const secret = formatDatabaseSecret(7n, key);
    const { message, passwords } = multiCredentialMessage(secret);
    assert.deepEqual(await send('sqlite-enc', b.backend, message), ANSWER);
    assert.equal(b.targets[0]?.actorId, '7');
    const body = b.bodies[0] ?? new Uint8Array(0);
    for (const p of passwords) assert.ok(!holds(body, p), 'a password reached the supervisor');
    assert.ok(!passwords.some((p) => holds(message, p)), 'nor stays in the message');
  });

  it('in sqlite mode, still dispatches a message whose header cannot be read, for the actor to answer', async () => {
    const b = capturing();
    const garbage = Uint8Array.from(Buffer.from('420078010000001042007702000000040000000700000000', 'hex'));
    assert.deepEqual(await send('sqlite', b.backend, garbage), ANSWER);
    assert.deepEqual(b.bodies[0], garbage);
  });
});
